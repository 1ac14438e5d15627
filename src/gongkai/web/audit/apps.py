from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.web.audit"
    label = "audit"
