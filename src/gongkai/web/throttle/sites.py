"""The admin site, with the same limit on failed logins as the staff site's login page.

Installed as the default ``admin.site`` by :class:`gongkai.web.throttle.apps.AdminConfig`
(in INSTALLED_APPS in place of ``django.contrib.admin``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

from gongkai.web.throttle.forms import ThrottledAdminAuthenticationForm
from gongkai.web.throttle.views import refused_status


class ThrottledAdminSite(admin.AdminSite):
    login_form = ThrottledAdminAuthenticationForm
    site_header = gettext_lazy("Disclosure office administration")
    site_title = gettext_lazy("Disclosure office administration")
    index_title = gettext_lazy("Site administration")

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().login(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        return refused_status(response, context.get("form"))
