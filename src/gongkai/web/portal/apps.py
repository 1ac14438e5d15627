from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gongkai.web.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gongkai.web.portal.cache import watched_change

        # A change to what the portal shows makes its cached pages stale (portal/cache.py).
        post_save.connect(watched_change, dispatch_uid="portal_cache_save")
        post_delete.connect(watched_change, dispatch_uid="portal_cache_delete")
