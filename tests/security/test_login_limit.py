"""Issue 13, items 1 and 2: the limit on failed logins (5 in 15 minutes per address and
account) is keyed on the account the name reaches after the normalisation Django's login
applies — stripped, NFKC, looked up as the user model looks it up — and every login form
has it, the admin's included."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from gongkai.web.throttle.forms import E_TOO_MANY_LOGINS, ThrottledLoginMixin
from gongkai.web.throttle.models import Hit
from gongkai.web.throttle.sites import ThrottledAdminSite

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"

#: Spellings of "office" that Django's login turns into "office" (and so log into it).
VARIANTS = [
    "office",
    " office",
    "office ",
    "  office  ",
    " " * 20 + "office",
    "\u3000office",  # ideographic space
    "\u00a0office\t",
    "ｏｆｆｉｃｅ",  # full-width letters: NFKC makes them ASCII
    " ｏｆｆｉｃｅ ",
    "oﬃce",  # the ffi ligature: NFKC makes it "ffi"
]
#: Names that are not "office" once normalised: none may log into it.
OTHERS = ["Office", "OFFICE", "off ice", "office\u200b", "office.", "0ffice"]


def _post(client, username: str, password: str, url: str = LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("variant", VARIANTS[1:])
def test_a_locked_name_stays_locked_in_every_spelling(client, county, variant):
    # each spelling is the account "office" to Django's login ...
    assert _post(client, variant, "pw-office").status_code == 302
    assert client.session["_auth_user_id"] == str(county.office.pk)
    client.logout()
    # ... so five wrong passwords for "office" lock every spelling of it
    for _ in range(5):
        assert _post(client, "office", "wrong").status_code == 200
    refused = _post(client, variant, "pw-office")  # even with the right password
    assert refused.status_code == 429 and not _logged_in(client)
    assert str(E_TOO_MANY_LOGINS) in refused.content.decode()


@pytest.mark.parametrize("other", OTHERS)
def test_a_name_not_equal_once_normalised_logs_into_nothing(client, county, other):
    """It reaches no account, on either database, and is counted under its own normalised
    form, apart from the account it resembles."""
    response = _post(client, other, "pw-office")
    assert response.status_code == 200 and not _logged_in(client)
    for _ in range(4):
        assert _post(client, f" {other} ", "wrong").status_code == 200
    assert _post(client, other, "pw-office").status_code == 429
    assert _post(client, "office", "pw-office").status_code == 302


def test_spellings_share_one_count(client, county):
    """Thirty spellings give five wrong guesses in all, not five each."""
    spellings = [
        " " * n + name + " " * m
        for n in range(3)
        for m in range(5)
        for name in ("office", "ｏｆｆｉｃｅ")
    ]
    answers = [_post(client, s, "wrong").status_code for s in spellings]
    assert len(spellings) == 30 and answers == [200] * 5 + [429] * 25
    assert Hit.objects.count() == 5
    assert _post(client, "office", "pw-office").status_code == 429 and not _logged_in(client)


def test_admin_login_is_limited(client, county):
    for _ in range(4):
        assert _post(client, "admin", "wrong", ADMIN_LOGIN).status_code == 200
    assert _post(client, "admin", "pw-admin", ADMIN_LOGIN).status_code == 302  # clears the count
    client.logout()
    for _ in range(5):
        assert _post(client, "admin", "wrong", ADMIN_LOGIN).status_code == 200
    refused = _post(client, "admin", "pw-admin", ADMIN_LOGIN)
    assert refused.status_code == 429 and not _logged_in(client)
    assert str(E_TOO_MANY_LOGINS) in refused.content.decode()
    # the same limit as the staff site's: one count per address and account
    assert _post(client, " admin ", "pw-admin").status_code == 429
    # from another address the admin still logs in, and the admin works
    response = _post(client, "admin", "pw-admin", ADMIN_LOGIN, REMOTE_ADDR="10.3.3.3")
    assert response.status_code == 302 and _logged_in(client)
    assert client.get("/admin/").status_code == 200


def test_failures_on_one_login_form_count_on_the_other(client, county):
    for url in (LOGIN, ADMIN_LOGIN, LOGIN, ADMIN_LOGIN, LOGIN):
        assert _post(client, "admin", "wrong", url).status_code == 200
    assert _post(client, "ａｄｍｉｎ", "pw-admin", ADMIN_LOGIN).status_code == 429


def _login_paths(resolver, prefix: str = "/") -> list[str]:
    """Every URL routed to a login view (a view with an ``authentication_form``)."""
    found = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            found += _login_paths(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and hasattr(
            getattr(p.callback, "view_class", None), "authentication_form"
        ):
            found.append(prefix + str(p.pattern))
    return found


def test_every_login_form_has_the_limit():
    """A login page added later without the limit fails here."""
    paths = _login_paths(get_resolver())
    assert "/accounts/login/" in paths
    for path in paths:
        view = resolve(path).func  # the view the URL reaches (an earlier route shadows later ones)
        form = view.view_initkwargs.get("authentication_form") or (
            view.view_class.authentication_form
        )
        assert issubclass(form, ThrottledLoginMixin), path
    assert isinstance(admin.site, ThrottledAdminSite)
    assert issubclass(admin.site.login_form, ThrottledLoginMixin)
