from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProactiveConfig(AppConfig):
    name = "gongkai.web.proactive"
    label = "proactive"
    verbose_name = _("Proactive disclosure")
