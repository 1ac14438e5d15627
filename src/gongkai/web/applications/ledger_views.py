"""The ledger's pages: the filtered table (50 to a page), its XLSX export and print view,
and the print view of one application. Over the units the user may see (none: 404); the
applicant is named, and may be searched for, only in the units whose personal data the
user may see — a supervisor's ledger has no names.

A search by applicant is written to the audit log once, not once a page: the session
keeps the key of the last search recorded (:meth:`LedgerFilter.search_key`), and a page
whose filter has that key — the next page, the same search reloaded — adds no row. Another
filter is another search; coming back to an earlier one after it is a search again."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from gongkai.web.applications.ledger import (
    COLUMNS,
    LedgerFilter,
    applicant_others,
    applicant_units,
    ledger_list,
    ledger_rows,
    ledger_units,
)
from gongkai.web.applications.ledger_export import (
    ledger_caption,
    ledger_export,
    ledger_print_record,
    ledger_search_record,
    ledger_title,
)
from gongkai.web.applications.ledger_forms import LedgerForm
from gongkai.web.applications.selectors import application_get_visible
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_can_view_personal_data

PAGE_ROWS = 50
#: The session's key of the last search by applicant written to the audit log.
SEARCH_SESSION_KEY = "ledger_search"
#: The print view prints at most this many rows; a larger ledger is exported to XLSX.
PRINT_ROWS = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest) -> tuple[LedgerForm, QuerySet[Unit], LedgerFilter | None]:
    """The form over the units the user may see and its filter (None when the input is
    wrong). No units, or a unit the user may not see: 404."""
    units = ledger_units(user=request.user)
    if not units.exists():
        raise Http404
    search = applicant_units(user=request.user).exists()
    form = LedgerForm(request.GET or None, units=units, search=search)
    if not form.is_bound:
        return form, units, LedgerFilter()
    if not form.is_valid():
        if "unit" in form.errors:
            raise Http404
        return form, units, None
    return form, units, form.ledger_filter()


def _query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_safe
def ledger(request: HttpRequest) -> HttpResponse:
    form, units, flt = _filtered(request)
    page, rows = None, []
    if flt is not None:
        applicants = applicant_units(user=request.user)
        qs = ledger_list(units=units, flt=flt, applicants=applicants)
        page = Paginator(qs, PAGE_ROWS).get_page(request.GET.get("page"))
        if page.paginator.count:
            shown = qs[page.start_index() - 1 : page.end_index()]
            named = set(applicants.values_list("pk", flat=True))
            rows = list(ledger_rows(shown, start=page.start_index(), named=named))
        if flt.applicant:
            _record_search(request, flt, found=page.paginator.count)
    return render(
        request,
        "applications/ledger.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "columns": COLUMNS,
            "query": _query(request),
            "caption": ledger_caption(flt) if flt else "",
        },
    )


def _record_search(request: HttpRequest, flt: LedgerFilter, *, found: int) -> None:
    """One audit row a search, not one a page of it (see the module)."""
    key = flt.search_key()
    if request.session.get(SEARCH_SESSION_KEY) == key:
        return
    ledger_search_record(actor=request.user, flt=flt, found=found)
    request.session[SEARCH_SESSION_KEY] = key


@login_required
@require_safe
def ledger_xlsx(request: HttpRequest) -> HttpResponse:
    form, units, flt = _filtered(request)
    if flt is None:
        return render(
            request,
            "applications/ledger.html",
            {"form": form, "page": None, "rows": [], "columns": COLUMNS, "query": ""},
            status=400,
        )
    buffer = io.BytesIO()
    applicants = applicant_units(user=request.user)
    ledger_export(actor=request.user, units=units, flt=flt, out=buffer, applicants=applicants)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"政府信息公开申请台账（{f'{flt.year}年' if flt.year else '全部年度'}）.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_safe
def ledger_print(request: HttpRequest) -> HttpResponse:
    _form, units, flt = _filtered(request)
    if flt is None:
        raise Http404
    applicants = applicant_units(user=request.user)
    qs = ledger_list(units=units, flt=flt, applicants=applicants)
    total = qs.count()
    named = set(applicants.values_list("pk", flat=True))
    rows = list(ledger_rows(qs[:PRINT_ROWS], named=named))
    ledger_print_record(actor=request.user, flt=flt, rows=len(rows))
    return render(
        request,
        "applications/ledger_print.html",
        {
            "rows": rows,
            "columns": COLUMNS,
            "total": total,
            "cut": total > len(rows),
            "title": ledger_title(flt),
            "caption": ledger_caption(flt),
            "printed_on": timezone.localdate(),
            "query": _query(request),
        },
    )


@login_required
@require_safe
def application_print(request: HttpRequest, pk: int) -> HttpResponse:
    app = application_get_visible(user=request.user, pk=pk)
    if app is None:
        raise Http404
    context: dict[str, Any] = {
        "app": app,
        "personal": unit_can_view_personal_data(user=request.user, unit=app.unit),
        "events": app.events.select_related("created_by", "approved_by"),
        "appeals": app.appeals.all(),
        "letters": app.letters.all(),
        "printed_on": timezone.localdate(),
    }
    return render(request, "applications/application_print.html", context)


def others_context(*, user: Any, application: Any) -> dict[str, Any]:
    """For the application's page: the same applicant's other applications (at most 50)."""
    others = applicant_others(user=user, application=application)
    if others is None:
        return {"others": None}
    return {"others": list(others[:50]), "others_total": others.count()}
