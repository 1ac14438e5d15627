"""The login page with a limit on failed attempts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext as _

from gongkai.web.throttle.services import (
    client_address,
    throttle_clear,
    throttle_exceeded,
    throttle_hit,
)


class ThrottledLoginView(auth_views.LoginView):
    def _key(self) -> str:
        return f"{client_address(self.request)}:{self.request.POST.get('username', '')[:100]}"

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttle_exceeded(kind="login", key=self._key()):
            form = self.get_form()
            form.add_error(None, _("Too many failed attempts. Try again in 15 minutes."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form came back: the login failed
            throttle_hit(kind="login", key=self._key())
        else:
            throttle_clear(kind="login", key=self._key())
        return response
