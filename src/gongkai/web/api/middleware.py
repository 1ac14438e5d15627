"""Every call of the API leaves a row in the call log (gongkai.web.api.models.ApiCall)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PREFIX = "/api/v1/"


class ApiCallLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(PREFIX):
            from gongkai.web.api.services import api_call_log

            match = request.resolver_match
            route = "/" + match.route if match is not None else "(none)"
            api_call_log(
                client=getattr(request, "api_client", None),
                method=request.method or "",
                route=route,
                status=response.status_code,
            )
        return response
