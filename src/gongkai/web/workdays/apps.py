from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.web.workdays"
    label = "workdays"
