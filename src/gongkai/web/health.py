"""``/healthz``: the process answers (for a load balancer's liveness check). It touches no
database and no session, so it is also the floor of the load benchmark (bench/load.py):
what a request costs in gunicorn and Django before any of gongkai's work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
