"""Response headers Django does not set itself; requests no view should see."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict


class ContentSecurityPolicyMiddleware:
    """Sets settings.CONTENT_SECURITY_POLICY on every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def _has_nul(values: QueryDict) -> bool:
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in values.lists())


class RefuseNulMiddleware:
    """A NUL character has no place in a path, a query or a form value; PostgreSQL can
    neither store nor compare one, so a lookup with it ends in a database error (500).
    Such a request is refused here (400) before any view or form sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)
