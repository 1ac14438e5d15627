"""The results and the findings set aside: the audited reports kept and scored (the
units' lines and deductions rewritten from core's computation), a finding set aside or
counted again, each with the ranking recomputed and the standing before and after in the
audit log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.evaluate.workbook import SOURCE_NAMES
from gongkai.web.audit.services import audit_record
from gongkai.web.evaluations.compute import evaluation_compute
from gongkai.web.evaluations.models import (
    Deduction,
    EvaluatedReport,
    Evaluation,
    Override,
    ResultStatus,
    UnitResult,
)
from gongkai.web.evaluations.services.base import EvaluationError
from gongkai.web.units.models import Unit

E_ALREADY_OVERRIDDEN = "这一发现项已经撤销过了。"
E_NO_FINDING = "没有这一发现项。"


def _write_results(evaluation: Evaluation) -> None:
    """(Re)write the units' results from core's computation (inside a transaction)."""
    computed = evaluation_compute(evaluation=evaluation)
    UnitResult.objects.filter(evaluation=evaluation).delete()
    deductions: list[Deduction] = []

    def result(score: Any, status: str, **kw: Any) -> UnitResult:
        return UnitResult(
            evaluation=evaluation,
            report=computed.reports[score.source],
            unit_name=score.unit,
            status=status,
            year=score.year,
            score=score.score,
            grade=score.grade or "",
            published_on=score.published_on or "",
            published_on_source=SOURCE_NAMES.get(
                score.published_on_source or "", score.published_on_source or ""
            ),
            **kw,
        )

    rows = []
    for r in computed.core.ranked:
        row = result(
            r.report,
            ResultStatus.RANKED,
            rank=r.rank,
            previous_score=r.previous.score if r.previous else None,
        )
        rows.append(row)
        for f in computed.findings(r.report):
            deductions.append(
                Deduction(
                    result=row,
                    finding_index=f.index,
                    finding_id=f.id,
                    rule=f.rule,
                    severity=f.severity,
                    indicator=f.indicator,
                    points=f.points,
                    message=f.message,
                    place=f.place[:200],
                    override=f.override,
                )
            )
    for u in computed.core.unranked:
        rows.append(result(u.report, ResultStatus.UNRANKED, reason=u.reason))
    for unit, reason in computed.missing:
        rows.append(
            UnitResult(
                evaluation=evaluation,
                unit_name=unit,
                status=ResultStatus.MISSING,
                year=evaluation.year,
                reason=reason,
            )
        )
    UnitResult.objects.bulk_create(rows)
    Deduction.objects.bulk_create(deductions)
    evaluation.results_at = timezone.now()
    evaluation.save(update_fields=["results_at"])


def evaluation_results_save(
    *,
    evaluation: Evaluation,
    reports: Sequence[tuple[str, str, dict[str, Any]]],
    failures: Sequence[dict[str, Any]],
) -> None:
    """Keep the audited reports — (source, unit collected for, audit record) — and the
    collector's failures, and compute the results: all in one transaction, replacing
    what an earlier run (or attempt) kept. An override of the earlier run is kept where
    the same report (its file in the store) has the same finding at the same place;
    any other is dropped, and the audit log says so (``evaluation.override_dropped``)."""
    with transaction.atomic():
        earlier = list(
            Override.objects.filter(evaluation=evaluation).select_related("report", "created_by")
        )
        evaluation.reports.all().delete()
        kept = EvaluatedReport.objects.bulk_create(
            EvaluatedReport(evaluation=evaluation, source=s[:500], given_unit=u, record=r)
            for s, u, r in reports
        )
        by_source = {report.source: report for report in kept}
        for override in earlier:
            report = by_source.get(override.report.source)
            findings = report.record.get("findings", []) if report is not None else []
            index = override.finding_index
            same = (
                report is not None
                and index < len(findings)
                and str(findings[index].get("id", "")) == override.finding_id
                and str(findings[index].get("message", "")) == override.message
            )
            if report is not None and same:
                again = Override.objects.create(
                    evaluation=evaluation,
                    report=report,
                    finding_index=index,
                    finding_id=override.finding_id,
                    message=override.message,
                    reason=override.reason,
                    created_by=override.created_by,
                )
                # When it was set aside, not when it was carried over.
                Override.objects.filter(pk=again.pk).update(created_at=override.created_at)
            else:
                audit_record(
                    actor=None,
                    action="evaluation.override_dropped",
                    obj=evaluation,
                    finding=f"{override.finding_id} {override.message}",
                    source=override.report.source,
                    reason=override.reason,
                )
        evaluation.failures = list(failures)
        evaluation.save(update_fields=["failures"])
        _write_results(evaluation)


def _standing(evaluation: Evaluation, report: EvaluatedReport) -> dict[str, Any]:
    row = UnitResult.objects.filter(evaluation=evaluation, report=report).first()
    if row is None:
        return {"score": None, "grade": "", "rank": None}
    return {"score": row.score, "grade": row.grade, "rank": row.rank}


def _unit_of(evaluation: Evaluation, report: EvaluatedReport) -> Unit | None:
    """The evaluation's unit the report is of, if it names one of them."""
    name = report.given_unit or report.record.get("body") or ""
    return evaluation.units.filter(name=name).first()


def finding_override(
    *, evaluation: Evaluation, report: EvaluatedReport, index: int, reason: str, user: Any
) -> Override:
    """Set a finding aside with the reason: the report is scored again without it and
    the ranking recomputed; the audit log keeps the score, grade and rank before and
    after."""
    findings = report.record.get("findings", [])
    if not 0 <= index < len(findings):
        raise EvaluationError(E_NO_FINDING)
    with transaction.atomic():
        Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
        if Override.objects.filter(report=report, finding_index=index).exists():
            raise EvaluationError(E_ALREADY_OVERRIDDEN)
        before = _standing(evaluation, report)
        override = Override.objects.create(
            evaluation=evaluation,
            report=report,
            finding_index=index,
            finding_id=str(findings[index].get("id", "")),
            message=str(findings[index].get("message", "")),
            reason=reason,
            created_by=user,
        )
        _write_results(evaluation)
        after = _standing(evaluation, report)
        audit_record(
            actor=user,
            action="evaluation.override",
            obj=evaluation,
            unit=_unit_of(evaluation, report),
            finding=f"{override.finding_id} {override.message}",
            source=report.source,
            reason=reason,
            changes={k: [str(before[k] or ""), str(after[k] or "")] for k in before},
        )
    return override


def override_withdraw(*, override: Override, user: Any) -> None:
    """Take an override back: the finding counts again, the ranking is recomputed, and the
    audit log keeps the score, grade and rank before and after."""
    evaluation, report = override.evaluation, override.report
    with transaction.atomic():
        Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
        before = _standing(evaluation, report)
        finding = f"{override.finding_id} {override.message}"
        reason = override.reason
        override.delete()
        _write_results(evaluation)
        after = _standing(evaluation, report)
        audit_record(
            actor=user,
            action="evaluation.override_withdraw",
            obj=evaluation,
            unit=_unit_of(evaluation, report),
            finding=finding,
            source=report.source,
            reason=reason,
            changes={k: [str(before[k] or ""), str(after[k] or "")] for k in before},
        )
