"""The login page with a limit on failed attempts (the admin's: see ``sites``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from gongkai.web.throttle.forms import ThrottledAuthenticationForm


def refused_status(response: HttpResponse, form: Any) -> HttpResponse:
    """429 Too Many Requests for a login refused by the limit."""
    if getattr(form, "throttled", False):
        response.status_code = 429
    return response


class ThrottledLoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """On a demo installation, the login page names every demo account."""
        from gongkai.web.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_loaded

        context = super().get_context_data(**kwargs)
        if demo_loaded():
            context.update(demo_accounts=DEMO_ACCOUNTS, demo_password=DEMO_PASSWORD)
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        return refused_status(super().form_invalid(form), form)
