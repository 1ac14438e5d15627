from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gongkai.web.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from gongkai.web.field_names import install

        install()  # the audit log shows the fields' names, as do the forms and the admin
