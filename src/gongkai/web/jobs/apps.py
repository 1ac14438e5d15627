from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gongkai.web.jobs"
    label = "jobs"
