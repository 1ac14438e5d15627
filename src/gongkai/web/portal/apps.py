from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gongkai.web.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from gongkai.web.portal import cache_watch

        # A change to what the portal shows makes its cached pages stale (portal/cache.py).
        cache_watch.connect()
