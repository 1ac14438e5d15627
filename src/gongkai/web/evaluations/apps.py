from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "gongkai.web.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from gongkai.web.applications.private_files import TREES
        from gongkai.web.evaluations.models import Evaluation
        from gongkai.web.evaluations.store import STORES

        # An evaluation's collected store is swept once the evaluation is gone.
        TREES[STORES] = lambda: {str(pk) for pk in Evaluation.objects.values_list("pk", flat=True)}
