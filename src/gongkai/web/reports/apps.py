from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.web.reports"
    label = "reports"
