from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "gongkai.web.throttle"
    label = "throttle"
