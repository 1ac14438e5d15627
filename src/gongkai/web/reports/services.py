"""Compiling the annual report into the core model, and its workflow:
draft → submitted → returned (with a reason) or approved → published (frozen). Submitting,
approving and publishing each refuse a report whose section 一, 五 or 六 is blank."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core import AnnualReport, Finding, Section, Value, Version, audit_record, check
from gongkai.core.report.formats import APPLICANT_COLUMNS, FORMATS, SECTIONS, TABLE4_COLUMNS
from gongkai.core.report.model import RowShape
from gongkai.web.audit.services import audit_diff, audit_values
from gongkai.web.audit.services import audit_record as log
from gongkai.web.reports.models import ReportStatus, ReportVersion, Scope, SelfApproval
from gongkai.web.reports.received import received_cells
from gongkai.web.reports.selectors import (
    table2_counts,
    table3_counts,
    table4_counts,
    units_with_data,
)
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_subtree

E_YEAR = _("Reports are compiled in the 2021 format, for 2021 and later.")
E_FROZEN = _("A published report is frozen; start a new version with a reason to change it.")
E_STATE = _("This report is {status}; that step is not possible now.")
E_REASON = _("Give a reason.")
E_NOT_LATEST = _("A newer version of this report exists; change that one.")
E_SELF_APPROVAL = _(
    "You submitted this report: another reviewer must approve and publish it. "
    "(The disclosure office can allow a unit with one person to do both.)"
)
E_EMPTY_SECTIONS = _(
    "These sections are empty: {sections}. Write each of them before submitting; "
    "where there is nothing else to report, section six may say 无."
)
E_EMPTY_SECTIONS_REVIEW = _(
    "These sections are empty: {sections}. The report cannot be approved or published; "
    "return it to be completed."
)

#: The narrative sections a report must not leave blank (section 六 may say 无).
NARRATIVE = ("sec1", "sec5", "sec6")
_TITLES = {s.id: s.title for s in SECTIONS}


class ReportError(Exception):
    def __init__(self, message: Any, **params: Any) -> None:
        self.message = str(message).format(**params) if params else str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class Compiled:
    report: AnnualReport
    findings: list[Finding]
    units: list[Unit]
    units_without_data: list[Unit]


_ROWS = [r for t in FORMATS[Version.V2021].tables for r in t.rows]
_T3_ROWS = [r for r in _ROWS if r.table == "apply"]


def report_cells(
    *, unit: Unit, year: int, subtree: bool
) -> tuple[dict[str, Value], list[Unit], list[Unit]]:
    units = unit_subtree(unit=unit) if subtree else Unit.objects.filter(pk=unit.pk)
    counts: dict[str, int | Decimal] = {}
    counts.update(table2_counts(units=units, year=year))
    counts.update(table3_counts(units=units, year=year))
    counts.update(table4_counts(units=units, year=year))
    # Units with their own gongkai send their reports (gongkai.web.api): counted alike.
    received, senders = received_cells(units=units, year=year) if subtree else ({}, set())
    for cell, number in received.items():
        counts[cell] = counts.get(cell, 0) + number
    cells: dict[str, Value] = {}
    # Every cell of the format, 0 where nothing was counted; totals are the sums.
    for cell in FORMATS[Version.V2021].cells:
        cells[cell] = Value.of(counts.get(cell, 0))
    result_rows = [
        r.id for r in _T3_ROWS if r.id.startswith("apply.result.") and r.id != "apply.result.total"
    ]
    for col in APPLICANT_COLUMNS:
        cells[f"apply.result.total.{col}"] = Value.of(
            sum(int(counts.get(f"{r}.{col}", 0)) for r in result_rows)
        )
    for row in _T3_ROWS:
        cells[f"{row.id}.total"] = Value.of(
            sum(cells[f"{row.id}.{c}"].number or 0 for c in APPLICANT_COLUMNS)
        )
    for group in ("review", "lit_direct", "lit_after_review"):
        parts = [c.id for c in TABLE4_COLUMNS if c.id != "total"]
        cells[f"{group}.total"] = Value.of(sum(int(counts.get(f"{group}.{p}", 0)) for p in parts))
    members = list(units.order_by("path"))
    with_data = units_with_data(units=units, year=year) | senders
    return cells, members, [u for u in members if u.pk not in with_data]


def report_compile(
    *, unit: Unit, year: int, subtree: bool = False, version: ReportVersion | None = None
) -> Compiled:
    if year < 2021:
        raise ReportError(E_YEAR)
    cells, members, without = report_cells(unit=unit, year=year, subtree=subtree)
    narrative = {}
    if version is not None:
        narrative = {"sec1": version.sec1, "sec5": version.sec5, "sec6": version.sec6}
    # Narrative sections left empty are not in the report: the structure rule names them.
    sections = {
        s.id: Section(s.id, s.title, narrative.get(s.id, ""), 0)
        for s in SECTIONS
        if s.table is not None or narrative.get(s.id, "").strip()
    }
    scope = "（含下属单位）" if subtree else ""
    report = AnnualReport(
        source=f"gongkai:{unit.code}/{year}{'/subtree' if subtree else ''}",
        format=Version.V2021,
        body=f"{unit.name}{scope}",
        year=year,
        sections=sections,
        cells=cells,
        tables={"active": 0, "apply": 0, "review": 0},
        rows={r.id: RowShape(r.id, r.label, 0, len(r.columns), len(r.columns)) for r in _ROWS},
    )
    return Compiled(report, check(report), members, without)


def report_json(*, unit: Unit, year: int, subtree: bool = False) -> dict[str, Any]:
    version = report_version_current(
        unit=unit, year=year, scope=Scope.SUBTREE if subtree else Scope.UNIT
    )
    compiled = report_compile(unit=unit, year=year, subtree=subtree, version=version)
    return audit_record(compiled.report, compiled.findings)


# --- Workflow -------------------------------------------------------------------------


def report_version_current(*, unit: Unit, year: int, scope: str) -> ReportVersion | None:
    return (
        ReportVersion.objects.filter(unit=unit, year=year, scope=scope).order_by("-number").first()
    )


@transaction.atomic
def report_version_open(*, unit: Unit, year: int, scope: str, actor: Any) -> ReportVersion:
    """The current version, or a first draft (its narrative started from last year's)."""
    current = report_version_current(unit=unit, year=year, scope=scope)
    if current is not None:
        return current
    last_year = report_version_current(unit=unit, year=year - 1, scope=scope)
    version = ReportVersion.objects.create(
        unit=unit,
        year=year,
        scope=scope,
        sec5=last_year.sec5 if last_year else "",
        sec6=last_year.sec6 if last_year else "",
        updated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log(actor=actor, action="report.create", obj=version, unit=unit, year=year)
    return version


def _locked(version: ReportVersion) -> ReportVersion:
    return ReportVersion.objects.select_for_update().get(pk=version.pk)


@transaction.atomic
def report_save_narrative(
    *, version: ReportVersion, sec1: str, sec5: str, sec6: str, actor: Any
) -> ReportVersion:
    v = _locked(version)
    if v.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ReportError(
            E_FROZEN if v.status == ReportStatus.PUBLISHED else E_STATE,
            status=v.get_status_display(),
        )
    before = audit_values(v, ("sec1", "sec5", "sec6"))
    v.sec1, v.sec5, v.sec6 = sec1, sec5, sec6
    v.updated_by = actor
    v.save()
    changes = audit_diff(before, audit_values(v, ("sec1", "sec5", "sec6")))
    log(actor=actor, action="report.edit", obj=v, unit=v.unit, changes=changes)
    return v


def report_sections_empty(*, version: ReportVersion) -> list[str]:
    """The titles of the narrative sections that are blank (empty or only spaces)."""
    return [_TITLES[k] for k in NARRATIVE if not (getattr(version, k) or "").strip()]


def _require_narrative(version: ReportVersion, error: Any) -> None:
    empty = report_sections_empty(version=version)
    if empty:
        raise ReportError(error, sections="、".join(f"“{t}”" for t in empty))


def _move(
    version: ReportVersion,
    *,
    frm: tuple[str, ...],
    to: str,
    actor: Any,
    empty_error: Any = None,
    **fields: Any,
) -> ReportVersion:
    """Move the (locked, freshly read) version from one of ``frm`` to ``to``; with
    ``empty_error``, only if no narrative section is blank."""
    v = _locked(version)
    status_before = v.status
    if v.status not in frm:
        raise ReportError(E_STATE, status=v.get_status_display())
    if empty_error is not None:
        _require_narrative(v, empty_error)
    v.status = to
    for k, val in fields.items():
        setattr(v, k, val)
    v.updated_by = actor
    v.save()
    log(
        actor=actor,
        action=f"report.{to}",
        obj=v,
        unit=v.unit,
        changes={"status": [status_before, v.status]},
        **{k: str(val) for k, val in fields.items() if k != "snapshot"},
    )
    return v


@transaction.atomic
def report_submit(*, version: ReportVersion, actor: Any) -> ReportVersion:
    return _move(
        version,
        frm=(ReportStatus.DRAFT, ReportStatus.RETURNED),
        to=ReportStatus.SUBMITTED,
        actor=actor,
        empty_error=E_EMPTY_SECTIONS,
        return_reason="",
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _not_submitter(version: ReportVersion, actor: Any) -> None:
    """Four eyes: the user who submitted a report neither approves nor publishes it,
    unless the office allowed it for the unit (``self_approval``)."""
    actor_pk = actor.pk if getattr(actor, "is_authenticated", False) else None
    submitter = (
        ReportVersion.objects.filter(pk=version.pk).values_list("submitted_by", flat=True).first()
    )
    if actor_pk is None or submitter != actor_pk:
        return
    if not SelfApproval.objects.filter(unit_id=version.unit_id).exists():
        raise ReportError(E_SELF_APPROVAL)


@transaction.atomic
def report_return(*, version: ReportVersion, reason: str, actor: Any) -> ReportVersion:
    """Send a submitted report back to its writers; an approved one too (approval is
    withdrawn), so that a report found incomplete before publishing is not stuck."""
    if not reason.strip():
        raise ReportError(E_REASON)
    return _move(
        version,
        frm=(ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        to=ReportStatus.RETURNED,
        actor=actor,
        return_reason=reason,
    )


@transaction.atomic
def report_approve(*, version: ReportVersion, actor: Any) -> ReportVersion:
    _not_submitter(version, actor)
    return _move(
        version,
        frm=(ReportStatus.SUBMITTED,),
        to=ReportStatus.APPROVED,
        actor=actor,
        empty_error=E_EMPTY_SECTIONS_REVIEW,
    )


@transaction.atomic
def report_publish(*, version: ReportVersion, actor: Any) -> ReportVersion:
    """Freeze the report: its cells and findings as compiled now, and its narrative as
    stored now (not as the caller last read it), are kept with it."""
    _not_submitter(version, actor)
    v = _locked(version)  # held to the commit: the narrative checked is the one frozen
    if v.status == ReportStatus.APPROVED:
        _require_narrative(v, E_EMPTY_SECTIONS_REVIEW)  # before compiling for nothing
    compiled = report_compile(
        unit=v.unit,
        year=v.year,
        subtree=v.scope == Scope.SUBTREE,
        version=v,
    )
    snapshot = audit_record(compiled.report, compiled.findings)
    snapshot["narrative"] = {k: getattr(v, k) for k in NARRATIVE}
    return _move(
        v,
        frm=(ReportStatus.APPROVED,),
        to=ReportStatus.PUBLISHED,
        actor=actor,
        snapshot=snapshot,
        published_at=timezone.now(),
    )


@transaction.atomic
def report_new_version(*, version: ReportVersion, reason: str, actor: Any) -> ReportVersion:
    """A change to a published report: a new draft version carrying the reason."""
    if not reason.strip():
        raise ReportError(E_REASON)
    v = _locked(version)
    if v.status != ReportStatus.PUBLISHED:
        raise ReportError(E_STATE, status=v.get_status_display())
    if ReportVersion.objects.filter(
        unit=v.unit, year=v.year, scope=v.scope, number__gt=v.number
    ).exists():
        raise ReportError(E_NOT_LATEST)
    new = ReportVersion.objects.create(
        unit=v.unit,
        year=v.year,
        scope=v.scope,
        number=v.number + 1,
        sec1=v.sec1,
        sec5=v.sec5,
        sec6=v.sec6,
        change_reason=reason,
        updated_by=actor,
    )
    log(actor=actor, action="report.new_version", obj=new, unit=v.unit, reason=reason)
    return new
