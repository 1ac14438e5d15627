"""The evaluation workspace's writes: each in one transaction with its audit-log row."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.collect import CollectError
from gongkai.core.collect.sites import sites_from_text
from gongkai.core.evaluate.scheme import SchemeError, parse_scheme
from gongkai.core.evaluate.workbook import SOURCE_NAMES
from gongkai.core.report.archive import archive_members
from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.audit.services import audit_record
from gongkai.web.evaluations.compute import evaluation_compute
from gongkai.web.evaluations.models import (
    Deduction,
    EvaluatedReport,
    Evaluation,
    Override,
    ReportColumn,
    ResultStatus,
    Source,
    UnitResult,
)
from gongkai.web.jobs.models import Job, JobKind
from gongkai.web.jobs.runner import job_dispatch
from gongkai.web.units.models import Unit

#: The kind of background job that runs an evaluation (gongkai.web.jobs.runner).
JOB_KIND = JobKind.EVALUATION

E_SCHEME = "评分方案不能使用：{error}"
E_SITES = "站点清单不能使用：{error}"
E_SITES_ENCODING = "站点清单不是 UTF-8 或 GB18030 编码的 CSV 文件。"
E_NO_COLUMN = "以下单位没有设置年报栏目网址，无法采集：{units}。请上传站点清单（unit,url 两列），或先设置栏目网址。"
E_NO_REPORTS = "请上传报告文件（多个文件，或一个ZIP压缩包）。"
E_ALREADY_OVERRIDDEN = "这一发现项已经撤销过了。"
E_NO_FINDING = "没有这一发现项。"
E_NOT_FAILED = "只有未能完成的评估，或通报尚未印发的采集评估，才能重新运行。"


class EvaluationError(Exception):
    """A request the workspace refuses: ``messages`` say why, in Chinese."""

    def __init__(self, *messages: str) -> None:
        self.messages = list(messages)
        super().__init__("；".join(messages))


def _bundle(files: Sequence[UploadedFile], into: IO[bytes]) -> None:
    """The uploaded reports as one ZIP (each under its base name)."""
    with zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as zf:
        for upload in files:
            name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1] or "report"
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.flag_bits |= 0x800  # the name is UTF-8
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as dst:
                for chunk in upload.chunks():
                    dst.write(chunk)


def _check_scheme(text: str) -> str:
    """The scheme's name; raises :class:`EvaluationError` naming the key at fault."""
    try:
        return parse_scheme(text, source="评分方案").name if text.strip() else ""
    except SchemeError as err:
        raise EvaluationError(E_SCHEME.format(error=err)) from None


def _sites_text(upload: UploadedFile | None, units: Sequence[Unit]) -> str:
    """The sites list the collector is to read: the uploaded one, else one made from the
    units' annual-report columns (each unit must have one)."""
    if upload is not None:
        data = b"".join(upload.chunks())
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise EvaluationError(E_SITES_ENCODING) from None
    else:
        columns = {c.unit_id: c.url for c in ReportColumn.objects.filter(unit__in=units)}
        lacking = [u.name for u in units if u.pk not in columns]
        if lacking:
            raise EvaluationError(E_NO_COLUMN.format(units="、".join(lacking)))
        lines = ["unit,url"] + [f'"{u.name}",{columns[u.pk]}' for u in units]
        text = "\n".join(lines) + "\n"
    try:
        sites_from_text(text, source="站点清单")
    except CollectError as err:
        raise EvaluationError(E_SITES.format(error=err)) from None
    return text


def evaluation_create(
    *,
    name: str,
    units: Sequence[Unit],
    years: Sequence[int],
    scheme_text: str,
    source: str,
    sites: UploadedFile | None = None,
    reports: Sequence[UploadedFile] = (),
    user: Any,
) -> Evaluation:
    """Record an evaluation and start its background job once recorded. Everything is
    checked first — the scheme (core's loader), the sites list or the units' columns, the
    uploaded reports (every member of the ZIP, with core's limits) — and nothing is
    recorded if anything is refused (:class:`EvaluationError`, or core's
    :class:`~gongkai.core.report.archive.ArchiveRefused` naming each member)."""
    scheme_name = _check_scheme(scheme_text)
    with tempfile.TemporaryFile() as bundled:
        if source == Source.COLLECT:
            content: IO[bytes] = ContentFile(_sites_text(sites, units).encode("utf-8"))
            filename, total = "sites.csv", len(units)
        else:
            if not reports:
                raise EvaluationError(E_NO_REPORTS)
            if len(reports) == 1 and (reports[0].name or "").lower().endswith(".zip"):
                content = reports[0]
            else:
                _bundle(reports, bundled)
                content = bundled
            filename, total = "reports.zip", len(archive_members(content))
            content.seek(0)
        with removed_on_rollback() as written:
            evaluation = Evaluation(
                name=name,
                years=sorted(set(years)),
                scheme_text=scheme_text if scheme_text.strip() else "",
                scheme_name=scheme_name,
                source=source,
                created_by=user,
            )
            evaluation.input.save(filename, File(content, name=filename), save=False)
            written.append(str(evaluation.input.name))
            evaluation.save()
            evaluation.units.set(units)
            job = Job.objects.create(
                kind=JOB_KIND,
                title=name[-200:],
                params={"evaluation": evaluation.pk},
                total=total,
                created_by=user,
                heartbeat_at=timezone.now(),
            )
            evaluation.job = job
            evaluation.save(update_fields=["job"])
            audit_record(
                actor=user,
                action="evaluation.create",
                obj=evaluation,
                units=[u.name for u in units],
                year=evaluation.years,
                source=source,
            )
            job_dispatch(job)
    return evaluation


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


def evaluation_can_rerun(evaluation: Evaluation) -> bool:
    """Whether the evaluation may be run again: its job failed; or, collected from the
    units' websites and its bulletin not issued, to fetch what its store still lacks (a
    report published late, a site back up)."""
    if evaluation.job is not None and evaluation.job.running:
        return False
    if evaluation.results_at is None:
        return True
    return evaluation.source == Source.COLLECT and evaluation.issued_at is None


def evaluation_rerun(*, evaluation: Evaluation, user: Any) -> Job:
    """Run again an evaluation (:func:`evaluation_can_rerun`) from its input kept, as a
    new job; a collected one fetches only what its store lacks."""
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("job")
            .get(pk=evaluation.pk)
        )
        if not evaluation_can_rerun(locked):
            raise EvaluationError(E_NOT_FAILED)
        previous = locked.job
        job = Job.objects.create(
            kind=JOB_KIND,
            title=locked.name[-200:],
            params={"evaluation": locked.pk},
            total=previous.total if previous is not None else 0,
            created_by=user,
            heartbeat_at=timezone.now(),
        )
        locked.job = job
        locked.save(update_fields=["job"])
        audit_record(actor=user, action="evaluation.rerun", obj=locked)
        job_dispatch(job)
    return job
