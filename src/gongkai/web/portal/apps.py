from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.web.portal"
    label = "portal"
