from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.web.workdays"
    label = "workdays"

    def ready(self) -> None:
        from gongkai.web.workdays import checks  # noqa: F401  (registers the system check)
