"""The public portal's pages, cached whole for anonymous visitors.

What the portal shows changes only when a public row changes: a report is published,
replaced or taken back, a catalogue item published, edited while published or withdrawn,
a unit's public details or a reading room changed. Only such a save or delete — not a
draft's, nor any other model's (:mod:`gongkai.web.portal.cache_watch` says which) —
bumps one *generation* (at once and once more when the transaction commits); a cached
page is kept under a key made of the generation, the visitor's language, the day and the page's address, so a bump
makes every older entry unreachable at once — the next visitor gets the page as it is
now. The report pages and their documents (HTML, DOCX, PDF …) are kept this way too; the
documents' bytes are also kept on disk by the published version's content
(``selectors.published_document``).

Where the generation lives: with Redis (``GONGKAI_REDIS_URL``) in Redis, shared by every
app server; with the local-memory cache (each process its own) in a file under
``var/cache``, shared by the processes of one machine — so that a publication made
through one gunicorn worker is seen at once through the others.

The middleware answers a cached page before the session, authentication, CSRF or any
database access: a hit costs a read of the generation and one cache get. Only anonymous
GET/HEAD requests (no session cookie) for the pages in :data:`CACHED_PAGES` are served
or stored, and only answers 200 that set no cookie and used no CSRF token. They carry
``Cache-Control: public, max-age=60`` and an ``ETag`` (304 to ``If-None-Match``); an
answer to a request with a session cookie gets ``Cache-Control: private``.

Writes that bypass the signals (``QuerySet.update``, ``bulk_create``, a restore, raw
SQL) are caught by the entries' lifetime (``GONGKAI_PAGE_CACHE_SECONDS``, 600 by
default) or by :func:`portal_cache_bump`.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language_from_request

from gongkai.web.db_router import replica_configured, replica_reads

#: The portal's pages that show only published content, the same to every anonymous
#: visitor (URL names of gongkai.web.portal.urls). Not the forms (apply, status).
CACHED_PAGES = frozenset(
    {
        "portal",
        "portal_unit",
        "portal_catalogue",
        "portal_document",
        "portal_report",
        "portal_report_download",
    }
)
GENERATION_KEY = "portal:generation"
#: How long a browser or a shared cache may keep a page without asking again.
MAX_AGE = 60
#: With a read replica, a page rendered this soon after a bump may have been read from a
#: replica that has not yet replayed the change: kept only this long.
REPLICA_GRACE_SECONDS = 5
_HEADERS_NOT_KEPT = frozenset({"set-cookie", "date"})


def _shared() -> bool:
    """True when the cache is shared by every process (Redis), not one process's memory."""
    return not isinstance(caches["default"], LocMemCache)


def _generation_file() -> str:
    return os.path.join(settings.VAR, "cache", "portal-generation")


def _new_generation() -> str:
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


def portal_cache_bump() -> str:
    """Make every cached public page stale; returns the new generation."""
    generation = _new_generation()
    if _shared():
        cache.set(GENERATION_KEY, generation, timeout=None)
        return generation
    path = _generation_file()
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".generation")
    with os.fdopen(fd, "w") as fh:
        fh.write(generation)
    os.replace(tmp, path)  # a reader sees the old or the new token, never half of one
    return generation


def portal_cache_generation() -> str:
    if _shared():
        generation = cache.get(GENERATION_KEY)
        return generation if isinstance(generation, str) else portal_cache_bump()
    try:
        with open(_generation_file()) as fh:
            generation = fh.read()
    except FileNotFoundError:
        return portal_cache_bump()
    return generation or portal_cache_bump()


def portal_cache_bump_now_and_on_commit() -> None:
    """Bump for a change being made (``cache_watch``'s receivers)."""
    # At once, so that this process's next read (a test, a redirect after a POST) sees it;
    # and after the commit, so that a page rendered meanwhile from the rows before the
    # change, and stored under the new generation, is dropped too.
    portal_cache_bump()
    transaction.on_commit(portal_cache_bump)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not request.path_info.startswith("/open/"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    try:
        return resolve(request.path_info).url_name in CACHED_PAGES
    except Resolver404:
        return False


def _key(request: HttpRequest, generation: str) -> str:
    language = get_language_from_request(request)
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"portal:page:{generation}:{language}:{timezone.localdate().isoformat()}:{address}"


def _generation_age(generation: str) -> float:
    try:
        return time.time() - int(generation.split("-", 1)[0]) / 1e9
    except ValueError:
        return 0.0


class PublicPageCacheMiddleware:
    """Serves and stores the public pages for anonymous visitors (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
            return response
        generation = portal_cache_generation()
        key = _key(request, generation)
        stored = cache.get(key)
        if stored is not None:
            return self._answer(request, stored)
        if replica_configured():
            with replica_reads():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if (
            request.method != "GET"
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or response.has_header("Cache-Control")
        ):
            return response
        body = response.content
        entry = {
            "body": body,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in _HEADERS_NOT_KEPT],
            "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
            "modified": int(time.time()),
        }
        timeout = settings.PORTAL_CACHE_SECONDS
        if replica_configured() and _generation_age(generation) < REPLICA_GRACE_SECONDS:
            timeout = REPLICA_GRACE_SECONDS
        cache.set(key, entry, timeout=timeout)
        return self._answer(request, entry)

    @staticmethod
    def _answer(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
        # HEAD: the headers a GET would have, without the body.
        response = HttpResponse(b"" if request.method == "HEAD" else entry["body"])
        for name, value in entry["headers"]:
            response[name] = value
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        conditional = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["modified"], response=response
        )
        return conditional if conditional is not None else response
