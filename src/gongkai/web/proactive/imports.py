"""Importing Table 2 counts from XLSX: all rows or none, without keeping anyone waiting.

Two phases, so that a large file never holds the database's write lock while it is read
(on SQLite one writer at a time: a 100,000-row import that held it throughout made every
login, status lookup and online application wait, then fail):

1. :func:`~gongkai.web.proactive.import_check.active_counts_check` reads and checks every
   row with read-only queries, naming each bad cell with its column and row (what it
   refuses is listed in :mod:`gongkai.web.proactive.import_check`).
2. :func:`active_counts_write` writes the rows that change in one short transaction (one
   statement executed for all rows, an upsert by (unit, year)), with one audit-log row
   for the import and the job marked done in the same transaction.

An :class:`~gongkai.web.proactive.models.ImportJob` records each import: the staff page
runs it in a background thread of the web process (:func:`import_job_start`) and shows its
progress; ``gongkai import counts`` runs it in the foreground. A job whose thread died (the
server restarted) stops showing signs of life and is shown as failed: nothing of it was
written, since the write is one transaction that also marks it done.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import IO, Any

from django.core.files import File
from django.db import connection, connections, models, transaction
from django.utils import timezone

from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.audit.services import audit_record
from gongkai.web.proactive.import_check import (
    FEES_FIELD,
    FIELDS,
    CheckedImport,
    CheckedRow,
    ImportRejected,
    Progress,
    active_counts_check,
)
from gongkai.web.proactive.models import IMPORT_RUNNING, ActiveCounts, ImportJob, ImportStatus

log = logging.getLogger(__name__)

ERRORS_KEPT = 1000
#: A running job touches its heartbeat at least this often …
HEARTBEAT = timedelta(seconds=2)
#: … and one whose heartbeat is older than this was interrupted (the server restarted).
STALE_AFTER = timedelta(minutes=2)


E_INTERRUPTED = "导入被中断（服务器重新启动或进程退出），没有导入任何数据；请重新上传。"


class ImportInterrupted(Exception):
    """The job was marked interrupted (no sign of life for too long) before its write."""


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    #: How long the write transaction took (the write lock's hold, on SQLite).
    write_seconds: float


# --- Writing, in one short transaction


def _column(name: str) -> str:
    f = ActiveCounts._meta.get_field(name)
    assert isinstance(f, models.Field) and f.column is not None
    return f.column


#: Rows sent in one statement (SQLite allows 999 parameters where it is built so).
BATCH = 1000


def _batch_size() -> int:
    limit = connection.features.max_query_params
    return min(BATCH, limit // (2 + len(FIELDS))) if limit else BATCH


def _upsert_sql(rows: int) -> str:
    """An upsert of ``rows`` rows by (unit, year), in one statement."""
    meta = ActiveCounts._meta
    qn = connection.ops.quote_name
    columns = [_column(f) for f in ("unit", "year", *FIELDS)]
    updates = ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in columns[2:])
    row = f"({', '.join(['%s'] * len(columns))})"
    return (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(map(qn, columns))}) "
        f"VALUES {', '.join([row] * rows)} "
        f"ON CONFLICT ({qn(columns[0])}, {qn(columns[1])}) DO UPDATE SET {updates}"
    )


def _params(rows: list[CheckedRow]) -> list[tuple[Any, ...]]:
    fees = FEES_FIELD
    return [
        (
            r.unit_id,
            r.year,
            r.licensing,
            r.penalty,
            r.coercion,
            fees.get_db_prep_save(r.fees_wan, connection),
        )
        for r in rows
    ]


def active_counts_write(*, checked: CheckedImport, actor: Any, job: ImportJob) -> ImportResult:
    """Save the checked rows that add or change a record: an upsert for each thousand of
    them, in one transaction with the import's audit-log row (and the job marked done). Its
    parameters are made before the transaction begins, so that it holds the write lock
    for the database's own work only."""
    changed = checked.create + checked.update
    size = _batch_size()
    statements = [
        (_upsert_sql(len(chunk)), [value for row in _params(chunk) for value in row])
        for chunk in (changed[i : i + size] for i in range(0, len(changed), size))
    ]
    started = time.perf_counter()
    with transaction.atomic():
        # Still ours? A job found interrupted meanwhile stays failed, and writes nothing.
        if not (
            ImportJob.objects.select_for_update()
            .filter(pk=job.pk, status__in=IMPORT_RUNNING)
            .exists()
        ):
            raise ImportInterrupted(job.pk)
        with connection.cursor() as cursor:
            for sql, values in statements:
                cursor.execute(sql, values)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            processed=checked.rows,
            total=checked.rows,
            created=len(checked.create),
            updated=len(checked.update),
            unchanged=checked.unchanged,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="active_counts.import",
            obj=job,
            file=checked.filename,
            sha256=job.sha256,
            rows=checked.rows,
            created=len(checked.create),
            updated=len(checked.update),
            unchanged=checked.unchanged,
        )
    return ImportResult(
        rows=checked.rows,
        created=len(checked.create),
        updated=len(checked.update),
        unchanged=checked.unchanged,
        write_seconds=time.perf_counter() - started,
    )


# --- Jobs


def _digest(file: IO[bytes]) -> str:
    h = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        h.update(chunk)
    file.seek(0)
    return h.hexdigest()


def import_job_create(*, file: IO[bytes], filename: str, user: Any) -> ImportJob:
    """Record an import about to run, keeping its file (private storage)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][-100:] or "counts.xlsx"
    with removed_on_rollback() as written:
        job = ImportJob(
            filename=name,
            sha256=_digest(file),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        job.file.save(name, File(file, name=name), save=False)
        written.append(str(job.file.name))
        job.save()
    return job


def _touch(job: ImportJob, **fields: Any) -> None:
    """Show a sign of life (and the fields given), unless the job was found interrupted."""
    ImportJob.objects.filter(pk=job.pk, status__in=IMPORT_RUNNING).update(
        heartbeat_at=timezone.now(), **fields
    )


def _finish(job: ImportJob, status: str, errors: list[str], count: int) -> None:
    ImportJob.objects.filter(pk=job.pk, status__in=IMPORT_RUNNING).update(
        status=status,
        errors=errors[:ERRORS_KEPT],
        error_count=count,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


@dataclass
class _Progress:
    """Records the progress on the job (a sign of life) at most every second, and passes
    it on."""

    job: ImportJob
    then: Progress | None = None
    last: float = field(default=0.0)

    def __call__(self, checked: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= 1 or checked == total:
            self.last = now
            _touch(self.job, status=ImportStatus.CHECKING, processed=checked, total=total)
        if self.then is not None:
            self.then(checked, total)


def import_job_run(
    job: ImportJob, *, allowed_units: Any, progress: Progress | None = None
) -> ImportResult:
    """Run an import job here and now: check every row (read-only), then write them all in
    one short transaction. The job records its progress and its end: done, refused with
    the bad cells (:class:`ImportRejected` is raised), or failed."""
    _touch(job, status=ImportStatus.CHECKING)
    try:
        with job.file.open("rb") as fh:
            checked = active_counts_check(
                file=fh,
                filename=job.filename,
                allowed_units=allowed_units,
                progress=_Progress(job, progress),
            )
        _touch(job, status=ImportStatus.WRITING)
        return active_counts_write(checked=checked, actor=job.created_by, job=job)
    except ImportRejected as err:
        _finish(job, ImportStatus.REFUSED, [str(e) for e in err.errors], len(err.errors))
        raise
    except ImportInterrupted:
        raise
    except BaseException as err:
        _finish(job, ImportStatus.FAILED, [f"导入失败（{type(err).__name__}）"], 1)
        raise


def active_counts_import(
    *,
    file: IO[bytes],
    filename: str,
    allowed_units: Any,
    actor: Any,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a file here and now (``gongkai import counts``): recorded as a job, checked,
    then written in one short transaction — all rows saved or none, every bad row and
    cell named (:class:`ImportRejected`)."""
    job = import_job_create(file=file, filename=filename, user=actor)
    job.created_by = actor if getattr(actor, "is_authenticated", False) else None
    return import_job_run(job, allowed_units=allowed_units, progress=progress)


#: One import runs at a time in a process (the others wait, queued).
_ONE_AT_A_TIME = threading.Lock()


def _run_in_background(job_id: int) -> None:
    """The body of a job's thread: wait for the turn (alive, so not taken for dead), run,
    and leave nothing behind (the thread's database connection is closed)."""
    from gongkai.web.units.selectors import unit_list_writable

    try:
        job = ImportJob.objects.select_related("created_by").get(pk=job_id)
        while not _ONE_AT_A_TIME.acquire(timeout=HEARTBEAT.total_seconds()):
            _touch(job)
        try:
            import_job_run(job, allowed_units=unit_list_writable(user=job.created_by))
        finally:
            _ONE_AT_A_TIME.release()
    except (ImportRejected, ImportInterrupted):
        pass  # recorded on the job
    except Exception:
        log.exception("import job %s failed", job_id)
    finally:
        connections.close_all()


def import_job_start(*, file: IO[bytes], filename: str, user: Any) -> ImportJob:
    """Record the job and start it in a background thread of this process once the record
    is committed; returns at once."""
    job = import_job_create(file=file, filename=filename, user=user)
    transaction.on_commit(
        lambda: threading.Thread(
            target=_run_in_background, args=(job.pk,), name=f"import-{job.pk}", daemon=True
        ).start()
    )
    return job


def _expire_stale(jobs: Any) -> None:
    """Mark failed the running jobs among ``jobs`` that stopped showing signs of life
    (their thread died with its process): nothing of them was written."""
    jobs.filter(status__in=IMPORT_RUNNING, heartbeat_at__lt=timezone.now() - STALE_AFTER).update(
        status=ImportStatus.FAILED,
        errors=[E_INTERRUPTED],
        error_count=1,
        finished_at=timezone.now(),
    )


def import_job_get(*, pk: int, user: Any) -> ImportJob | None:
    """The user's job, an interrupted one (no sign of life for :data:`STALE_AFTER`)
    marked failed first."""
    jobs = ImportJob.objects.filter(pk=pk, created_by=user)
    _expire_stale(jobs)
    return jobs.first()


def import_jobs_recent(*, user: Any, limit: int = 10) -> list[ImportJob]:
    """The user's latest jobs, the interrupted ones marked failed first."""
    jobs = ImportJob.objects.filter(created_by=user)
    _expire_stale(jobs)
    return list(jobs[:limit])
