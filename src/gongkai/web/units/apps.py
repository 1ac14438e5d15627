from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "gongkai.web.units"
    label = "units"
