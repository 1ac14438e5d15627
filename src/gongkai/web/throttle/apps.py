from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ThrottleConfig(AppConfig):
    default = True
    name = "gongkai.web.throttle"
    label = "throttle"


class AdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with :class:`~gongkai.web.throttle.sites.ThrottledAdminSite`
    as ``admin.site``, so that the admin's login is limited like every other."""

    default = False
    default_site = "gongkai.web.throttle.sites.ThrottledAdminSite"
