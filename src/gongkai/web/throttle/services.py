"""Counting attempts per key (an address, an address and a user) in a time window.

An attempt is counted *before* it is made (:func:`throttle_take`), under a lock on its key,
so that simultaneous attempts cannot all pass a check that each makes before any of them
is counted: of any number of simultaneous attempts, exactly as many as the limit allows go
ahead.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from gongkai.web.throttle.models import Hit

#: (limit, window) per kind of attempt.
LIMITS = {
    "login": (5, timedelta(minutes=15)),  # failed logins per address and user
    "apply": (5, timedelta(hours=1)),  # online applications per address
    "status": (
        20,
        timedelta(minutes=10),
    ),  # status lookups per address (the phone digits are guessable)
}


def client_address(request: HttpRequest) -> str:
    """The client's address (REMOTE_ADDR; a TLS proxy in front sets it through gunicorn)."""
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def login_identity(username: str) -> str:
    """The account a login with this user name would reach, for counting failed logins.

    ``username`` must be the name exactly as the login form hands it to ``authenticate``
    (the form's field strips it and applies NFKC, ``AbstractBaseUser.normalize_username``).
    It is then looked up as Django's ``ModelBackend`` looks it up (``get_by_natural_key``,
    with the user model's and the database's own case rules), so every name that can log
    into an account counts against that account (``user:<pk>``); a name that reaches no
    account is counted under its digest (``name:<sha256>``)."""
    user_model = get_user_model()
    try:
        user = user_model._default_manager.get_by_natural_key(username)
    except user_model.DoesNotExist:
        return "name:" + hashlib.sha256(username.encode()).hexdigest()[:40]
    return f"user:{user.pk}"


def _lock(key: str) -> None:
    """Serialise the attempts on one key until the end of the current transaction.

    PostgreSQL: a transaction-scoped advisory lock on the key's hash (a key that has no
    rows yet cannot be locked by ``SELECT … FOR UPDATE``). SQLite: the transaction began
    ``IMMEDIATE`` (see settings), so it already holds the database's write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
    elif connection.vendor != "sqlite":  # pragma: no cover - gongkai runs on these two
        raise NotImplementedError(f"no throttle lock for {connection.vendor}")


def throttle_take(*, kind: str, key: str) -> bool:
    """Count one attempt, unless the limit is reached: True when it was counted (the
    attempt may go ahead), False when it is refused (and then it is not counted)."""
    limit, window = LIMITS[kind]
    full_key = f"{kind}:{key}"
    with transaction.atomic():
        _lock(full_key)
        now = timezone.now()
        if Hit.objects.filter(key=full_key, at__gte=now - window).count() >= limit:
            return False
        Hit.objects.create(key=full_key, at=now)
        # Old hits are of no use: drop those of this key past the longest window.
        Hit.objects.filter(key=full_key, at__lt=now - max(w for _, w in LIMITS.values())).delete()
    return True


def throttle_clear(*, kind: str, key: str) -> None:
    Hit.objects.filter(key=f"{kind}:{key}").delete()
