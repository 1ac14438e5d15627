"""Counting attempts per key (an address, an address and a user) in a time window.

The address is the client's (:func:`client_address`): the connection's peer, or, when the
peer is one of the proxies named in ``settings.TRUSTED_PROXIES``, the address those proxies
recorded in ``X-Forwarded-For``.

An attempt is counted *before* it is made (:func:`throttle_take`), under a lock on its key,
so that simultaneous attempts cannot all pass a check that each makes before any of them
is counted: of any number of simultaneous attempts, exactly as many as the limit allows go
ahead.
"""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
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


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(e) for e in entries)


def _address(value: str) -> IPAddress | None:
    """An address as a proxy writes it (``a.b.c.d``, ``a.b.c.d:port``, ``[v6]:port``, ``v6``),
    or None when it is not one. An IPv4 address mapped into IPv6 is the IPv4 address, so
    that one client has one spelling (and one count)."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_address(request: HttpRequest) -> str:
    """The address the limits count a request under.

    The connection's peer (``REMOTE_ADDR``), unless the peer is a trusted proxy
    (``settings.TRUSTED_PROXIES``, from ``GONGKAI_TRUSTED_PROXIES``): then ``X-Forwarded-For``
    is read from the right — each trusted proxy appends the address it was connected from —
    and the first address that is not itself a trusted proxy is the client's. What lies to
    the left of it was written by the client and is never believed. From a peer that is not
    a trusted proxy, ``X-Forwarded-For`` is ignored: anyone can send one. An entry that is
    not an address stops the walk at the proxy that passed it on, so garbage never becomes a
    bucket of its own."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    peer = _address(remote)
    if peer is None:
        return remote or "unknown"
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    if not any(peer in network for network in trusted):
        return str(peer)
    client = peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _address(hop)
        if address is None:
            break
        client = address
        if not any(address in network for network in trusted):
            break
    return str(client)


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


def throttle_take(*, kind: str, key: str, limits: tuple[int, timedelta] | None = None) -> bool:
    """Count one attempt, unless the limit is reached: True when it was counted (the
    attempt may go ahead), False when it is refused (and then it is not counted).
    ``limits`` (limit, window) for a kind whose limit is not in :data:`LIMITS` (an API
    client's own rate)."""
    limit, window = limits or LIMITS[kind]
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
