"""Every call of the API leaves a row in the call log (gongkai.web.api.models.ApiCall); a
NUL character anywhere in a call (path, query, JSON strings) is refused with a JSON 400
before any view sees it (PostgreSQL can neither store nor compare one)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

PREFIX = "/api/v1/"


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _refused(request: HttpRequest) -> bool:
    if "\x00" in request.path or any(
        "\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists()
    ):
        return True
    if request.content_type == "application/json" and request.body:
        try:
            return _has_nul(json.loads(request.body))
        except ValueError:
            return False  # the API answers 422 to what is not JSON
    return b"\x00" in request.body


class ApiCallLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        from gongkai.web.api.errors import E_NUL
        from gongkai.web.api.services import api_call_log

        if _refused(request):
            response: HttpResponse = JsonResponse(
                {"code": "bad_request", "message": str(E_NUL)}, status=400
            )
        else:
            response = self.get_response(request)
        match = request.resolver_match
        api_call_log(
            client=getattr(request, "api_client", None),
            method=request.method or "",
            route="/" + match.route if match is not None else request.path[:40],
            status=response.status_code,
        )
        return response
