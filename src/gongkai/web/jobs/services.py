"""Submitting jobs (writes)."""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections.abc import Sequence
from typing import IO, Any

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.core.report.archive import archive_members
from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.audit.services import audit_record
from gongkai.web.jobs.models import Job, JobKind
from gongkai.web.jobs.rollup import DOCUMENTS
from gongkai.web.jobs.runner import job_dispatch
from gongkai.web.units.models import Unit


def _bundle(files: Sequence[UploadedFile], into: IO[bytes]) -> None:
    """The uploaded files as one ZIP (each under its own base name), so that a job has
    one input whichever way its reports came."""
    with zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as zf:
        for upload in files:
            name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1] or "report"
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.flag_bits |= 0x800  # the name is UTF-8
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as dst:
                for chunk in upload.chunks():
                    dst.write(chunk)


def _sha256(fh: IO[bytes]) -> str:
    fh.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        digest.update(chunk)
    fh.seek(0)
    return digest.hexdigest()


def bulk_audit_submit(*, files: Sequence[UploadedFile], user: Any) -> Job:
    """Record a bulk audit of ``files`` (one ZIP, or the reports themselves) and start it
    once recorded. Every member is checked first: raises
    :class:`~gongkai.core.report.archive.ArchiveRefused` naming each that cannot be
    audited, and nothing is recorded."""
    with tempfile.TemporaryFile() as bundled:
        if len(files) == 1 and (files[0].name or "").lower().endswith(".zip"):
            source: IO[bytes] = files[0]
            title = (files[0].name or "reports.zip").replace("\\", "/").rsplit("/", 1)[-1]
        else:
            _bundle(files, bundled)
            source = bundled
            title = f"{len(files)}份报告.zip"
        members = archive_members(source)
        title = title[-200:]
        sha256 = _sha256(source)
        with removed_on_rollback() as written:
            job = Job(
                kind=JobKind.BULK_AUDIT,
                title=title,
                total=len(members),
                created_by=user,
                heartbeat_at=timezone.now(),
            )
            job.input.save(f"{job.kind}.zip", File(source, name=title), save=False)
            written.append(str(job.input.name))
            job.save()
            audit_record(
                actor=user,
                action="bulk_audit.submit",
                obj=job,
                file=title,
                sha256=sha256,
                reports=len(members),
            )
            job_dispatch(job)
    return job


def rollup_documents_submit(*, unit: Unit, year: int, user: Any) -> Job:
    """Record a job making the documents of ``unit``'s roll-up report of ``year`` (the
    unit and every unit under it), and start it once recorded."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=JobKind.ROLLUP_DOCUMENTS,
            title=f"{unit.name}{year}年度报告（汇总）"[-200:],
            params={"unit": unit.code, "year": year},
            total=1 + len(DOCUMENTS),
            created_by=user,
            heartbeat_at=timezone.now(),
        )
        audit_record(actor=user, action="rollup_documents.submit", obj=job, unit=unit, year=year)
        job_dispatch(job)
    return job
