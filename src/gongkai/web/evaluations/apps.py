from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "gongkai.web.evaluations"
    label = "evaluations"
