"""The annual report pages: the list, and a report with its tables, findings, narrative
(beside last year's) and workflow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.core import AnnualReport, Value, Version
from gongkai.core.report.formats import FORMATS, TABLE3_COLUMNS, TABLE4_COLUMNS
from gongkai.web.proactive.report_checks import report_proactive, sec1_with_paragraph
from gongkai.web.reports import services as s
from gongkai.web.reports.forms import NarrativeForm, ReasonForm
from gongkai.web.reports.models import ReportStatus, ReportVersion, Scope, report_file_name
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import (
    unit_can_approve,
    unit_can_write,
    unit_list_office,
    unit_list_visible,
)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    units = unit_list_visible(user=request.user)
    this_year = timezone.localdate().year
    years = list(range(this_year - 1, max(2021, this_year - 4) - 1, -1))
    versions = {
        (v.unit_id, v.year, v.scope): v
        for v in ReportVersion.objects.filter(unit__in=units).order_by("number")
    }
    rows = [
        {
            "unit": u,
            "cells": [
                (y, versions.get((u.pk, y, Scope.UNIT)), versions.get((u.pk, y, Scope.SUBTREE)))
                for y in years
            ],
        }
        for u in units
    ]
    return render(
        request,
        "reports/list.html",
        {
            "rows": rows,
            "years": years,
            "office": unit_list_office(user=request.user).exists(),
        },
    )


def _unit(request: HttpRequest, code: str) -> Unit:
    unit = unit_list_visible(user=request.user).filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def _tables(report: AnnualReport) -> dict[str, Any]:
    spec = FORMATS[Version.V2021]
    cell = report.cells

    def v(cid: str) -> Any:
        x = cell.get(cid)
        return x.json_number() if x is not None else ""

    active = spec.table("active").blocks
    # Every block's rows filled to the widest block's columns, as the format prints them.
    width = max(len(b.columns) for b in active)
    blocks = [
        {
            "label": b.label,
            "columns": [c.label for c in b.columns],
            "pad": range(width - len(b.columns)),
            "rows": [
                {"label": r.label, "values": [v(r.cell_id(c)) for c in r.columns]} for r in b.rows
            ],
        }
        for b in active
    ]
    t3 = spec.table("apply")
    heads = {g.rows[0]: g for g in t3.groups}
    sizes = {g.id: len(g.rows) for g in t3.groups}
    apply_rows = []
    for r in t3.rows:
        group = heads.get(r.id)
        apply_rows.append(
            {
                "label": r.label,
                "group": group.label if group else None,
                "group_span": sizes[group.id] if group else 0,
                "in_group": r.group is not None,
                "values": [v(r.cell_id(c)) for c in TABLE3_COLUMNS],
                "id": r.id,
            }
        )
    review = [v(r.cell_id(c)) for r in spec.table("review").rows for c in r.columns]
    return {
        "blocks": blocks,
        "apply_rows": apply_rows,
        "legal_columns": [c.label for c in TABLE3_COLUMNS[1:6]],
        "review": review,
        "t4_columns": [c.label for c in TABLE4_COLUMNS],
    }


@login_required
def report_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _unit(request, code)
    scope = Scope.SUBTREE if request.GET.get("scope") == Scope.SUBTREE else Scope.UNIT
    version = s.report_version_current(unit=unit, year=year, scope=scope)
    try:
        compiled = s.report_compile(
            unit=unit, year=year, subtree=scope == Scope.SUBTREE, version=version
        )
    except s.ReportError as err:
        messages.error(request, err.message)
        return redirect("reports")
    tables, findings = _tables(compiled.report), list(compiled.findings)
    if version is not None and version.status == ReportStatus.PUBLISHED and version.snapshot:
        # A published version shows what was published, not today's records.
        frozen = {k: Value.of(v) for k, v in version.snapshot["cells"].items() if v is not None}
        tables = _tables(
            AnnualReport(
                source="snapshot", format=Version.V2021, body=None, year=year, cells=frozen
            )
        )
        findings = version.snapshot["findings"]
    last_year = s.report_version_current(unit=unit, year=year - 1, scope=scope)
    can_write = unit_can_write(user=request.user, unit=unit)
    editable = version is None or version.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    form = NarrativeForm(instance=version) if can_write and editable else None
    # Before the writer presses submit: which sections submit would refuse as empty.
    empty_sections = (
        s.report_sections_empty(version=version)
        if version is not None and can_write and editable
        else []
    )
    proactive = report_proactive(unit=unit, year=year, subtree=scope == Scope.SUBTREE)
    if form is not None and request.GET.get("suggest") == "1":  # the office takes it, then edits
        form.initial["sec1"] = sec1_with_paragraph(
            form.initial.get("sec1") or "", proactive["paragraph"]
        )
    return render(
        request,
        "reports/report.html",
        {
            "unit": unit,
            "year": year,
            "scope": scope,
            "version": version,
            "compiled": compiled,
            "tables": tables,
            "findings": findings,
            "form": form,
            "empty_sections": empty_sections,
            "last_year": last_year,
            "can_write": can_write,
            "can_approve": unit_can_approve(user=request.user, unit=unit),
            "deadline": unit.report_deadline(year),
            "reason_form": ReasonForm(),
            "history": ReportVersion.objects.filter(unit=unit, year=year, scope=scope).order_by(
                "-number"
            ),
            "downloads": DOWNLOADS,
            "proactive": proactive,
        },
    )


#: What each step says once done: the step by name, not a bare "saved".
DONE = {
    "save": gettext_lazy("The narrative is saved."),
    "submit": gettext_lazy("Submitted for approval."),
    "return": gettext_lazy("Returned to the writers with your reason."),
    "approve": gettext_lazy("Approved; it can now be published."),
    "publish": gettext_lazy("Published: this version is frozen and on the portal."),
    "new_version": gettext_lazy("A new version is started, as a draft."),
}


@login_required
@require_POST
def report_action(request: HttpRequest, code: str, year: int, action: str) -> HttpResponse:
    unit = _unit(request, code)
    scope = Scope.SUBTREE if request.POST.get("scope") == Scope.SUBTREE else Scope.UNIT
    writer, approver = (
        unit_can_write(user=request.user, unit=unit),
        unit_can_approve(user=request.user, unit=unit),
    )
    needs = {
        "save": writer,
        "submit": writer,
        "return": approver,
        "approve": approver,
        "publish": approver,
        "new_version": writer,
    }
    if not needs.get(action):
        raise Http404
    try:
        if action == "save":
            version = s.report_version_open(unit=unit, year=year, scope=scope, actor=request.user)
            form = NarrativeForm(request.POST, instance=version)
            if not form.is_valid():
                raise s.ReportError(_("Check the narrative sections."))
            s.report_save_narrative(
                version=version,
                actor=request.user,
                **{k: form.cleaned_data[k] for k in ("sec1", "sec5", "sec6")},
            )
        else:
            current = s.report_version_current(unit=unit, year=year, scope=scope)
            if current is None:
                raise s.ReportError(_("Save the narrative first."))
            version = current
            reason = request.POST.get("reason", "")
            if action == "submit":
                s.report_submit(version=version, actor=request.user)
            elif action == "return":
                s.report_return(version=version, reason=reason, actor=request.user)
            elif action == "approve":
                s.report_approve(version=version, actor=request.user)
            elif action == "publish":
                s.report_publish(version=version, actor=request.user)
            elif action == "new_version":
                s.report_new_version(version=version, reason=reason, actor=request.user)
    except s.ReportError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, str(DONE[action]))
    suffix = "?scope=subtree" if scope == Scope.SUBTREE else ""
    return redirect(f"/reports/{unit.code}/{year}/{suffix}")


DOWNLOADS = ("html", "docx", "pdf", "md", "xlsx", "json")


@login_required
def report_download(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """The report as it stands (the published snapshot once published), as a document."""
    import json

    from gongkai.core import audit_record
    from gongkai.core.report.render import (
        render_docx,
        render_html,
        render_markdown,
        render_pdf,
        render_xlsx,
    )
    from gongkai.core.report.serialize import report_from_record

    if kind not in DOWNLOADS:
        raise Http404
    unit = _unit(request, code)
    scope = Scope.SUBTREE if request.GET.get("scope") == Scope.SUBTREE else Scope.UNIT
    version = s.report_version_current(unit=unit, year=year, scope=scope)
    # The closing is dated only on a published version's documents (see
    # ReportVersion.issued_on): a draft's ends with the unit's name alone.
    issued_on = version.issued_on if version is not None else None
    if version is not None and version.status == ReportStatus.PUBLISHED and version.snapshot:
        report = report_from_record(version.snapshot)
        record = version.snapshot
    else:
        try:
            compiled = s.report_compile(
                unit=unit, year=year, subtree=scope == Scope.SUBTREE, version=version
            )
        except s.ReportError as err:
            raise Http404(err.message) from None
        report = compiled.report
        record = audit_record(report, compiled.findings)
        if version is not None:
            record["narrative"] = {"sec1": version.sec1, "sec5": version.sec5, "sec6": version.sec6}
    renderers: dict[str, tuple[str, Callable[[], bytes]]] = {
        "html": (
            "text/html; charset=utf-8",
            lambda: render_html(report, issued_on=issued_on).encode("utf-8"),
        ),
        "docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            lambda: render_docx(report, issued_on=issued_on),
        ),
        "pdf": ("application/pdf", lambda: render_pdf(report, issued_on=issued_on)),
        "md": (
            "text/markdown; charset=utf-8",
            lambda: render_markdown(report, issued_on=issued_on).encode("utf-8"),
        ),
        "xlsx": (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda: render_xlsx(report),
        ),
        "json": (
            "application/json",
            lambda: json.dumps(record, ensure_ascii=False).encode("utf-8"),
        ),
    }
    content_type, render_fn = renderers[kind]
    response = HttpResponse(render_fn(), content_type=content_type)
    name = report_file_name(unit_name=unit.name, year=year, scope=scope, kind=kind)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
