"""Login forms that count failed logins per address and account (every login form: the
staff site's and the admin's)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from gongkai.web.throttle.services import (
    client_address,
    login_identity,
    throttle_clear,
    throttle_take,
)

E_TOO_MANY_LOGINS = _("Too many failed attempts. Try again in 15 minutes.")


class ThrottledLoginMixin:
    """Counts each login attempt before ``authenticate`` runs, keyed on the client's address
    and the account the *cleaned* user name reaches (:func:`login_identity`): the name as
    ``authenticate`` receives it, so that no spelling of a name (spaces, full-width letters)
    gets tries of its own. A successful login clears the count; a refused one sets
    ``throttled`` (the view answers 429)."""

    throttled = False
    cleaned_data: dict[str, Any]
    request: Any

    @sensitive_variables()
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):  # nothing is tried
            return super().clean()  # type: ignore[misc, no-any-return]
        key = f"{client_address(self.request)}:{login_identity(username)}"
        if not throttle_take(kind="login", key=key):
            self.throttled = True
            raise forms.ValidationError(E_TOO_MANY_LOGINS, code="throttled")
        data = super().clean()  # type: ignore[misc]
        throttle_clear(kind="login", key=key)  # reached only when the login succeeded
        return data  # type: ignore[no-any-return]


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
