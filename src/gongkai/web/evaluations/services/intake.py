"""Starting an evaluation: checking what it is given (the scheme, the sites list or the
units' columns, the uploaded reports), recording it with its job; running it again."""

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
from gongkai.core.report.archive import archive_members
from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.audit.services import audit_record
from gongkai.web.evaluations.models import Evaluation, ReportColumn, Source
from gongkai.web.evaluations.services.base import JOB_KIND, EvaluationError
from gongkai.web.jobs.models import Job
from gongkai.web.jobs.runner import job_dispatch
from gongkai.web.units.models import Unit

E_SCHEME = "评分方案不能使用：{error}"
E_SITES = "站点清单不能使用：{error}"
E_SITES_ENCODING = "站点清单不是 UTF-8 或 GB18030 编码的 CSV 文件。"
E_NO_COLUMN = "以下单位没有设置年报栏目网址，无法采集：{units}。请上传站点清单（unit,url 两列），或先设置栏目网址。"
E_NO_REPORTS = "请上传报告文件（多个文件，或一个ZIP压缩包）。"
E_NOT_FAILED = "只有未能完成的评估，或通报尚未印发的采集评估，才能重新运行。"


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
