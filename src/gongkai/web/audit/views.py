"""The audit log page for people: the office's, the supervisor's and the administrator's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from gongkai.web.audit.export import EXPORT_MAX, audit_export_csv, audit_export_xlsx
from gongkai.web.audit.forms import AuditFilterForm
from gongkai.web.audit.models import AuditLog
from gongkai.web.audit.selectors import (
    audit_actors,
    audit_can_read,
    audit_entry,
    audit_log_search,
    audit_readable_units,
)
from gongkai.web.audit.services import audit_record

PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditLog]]:
    if not audit_can_read(user=request.user):
        raise Http404
    form = AuditFilterForm(
        request.GET or None,
        units=audit_readable_units(user=request.user),
        actors=audit_actors(user=request.user),
    )
    if form.is_bound and not form.is_valid():
        return form, AuditLog.objects.none()
    data: dict[str, Any] = form.cleaned_data if form.is_bound else {}
    rows = audit_log_search(
        user=request.user,
        unit=data.get("unit"),
        actor=data.get("actor"),
        action=data.get("action") or "",
        since=data.get("since"),
        until=data.get("until"),
    )
    return form, rows


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "entries": [audit_entry(row) for row in page.object_list],
            "query": params.urlencode(),
        },
    )


@login_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    _form, rows = _filtered(request)
    rows = rows[:EXPORT_MAX]
    if fmt == "xlsx":
        content = audit_export_xlsx(rows.iterator(chunk_size=1000))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = audit_export_csv(rows.iterator(chunk_size=1000))
        content_type = "text/csv; charset=utf-8"
    audit_record(
        actor=request.user,
        action="audit.export",
        obj=request.user,  # type: ignore[arg-type]
        format=fmt,
        filters={k: v for k, v in request.GET.items() if v},
    )
    name = f"审计日志-{timezone.localdate().isoformat()}.{fmt}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
