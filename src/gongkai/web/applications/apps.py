from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.web.applications"
    label = "applications"
