from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ThrottleConfig(AppConfig):
    default = True
    name = "gongkai.web.throttle"
    label = "throttle"
    verbose_name = _("Login limits")


class AdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with :class:`~gongkai.web.throttle.sites.ThrottledAdminSite`
    as ``admin.site``, so that the admin's login is limited like every other."""

    default = False
    default_site = "gongkai.web.throttle.sites.ThrottledAdminSite"
