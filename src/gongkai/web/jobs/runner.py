"""Running a job, wherever it runs: in a Celery worker (a broker is configured) or in a
thread of the web process that took it (none is: ``make run`` needs no Redis).

A worker may die in the middle of a job (killed, its machine lost). The broker then hands
the job's message out again, since the worker acknowledges it only at the end (late
acknowledgement, :mod:`gongkai.web.jobs.celery`), and the job must come out as if it had
run once. So:

- **An attempt holds the job.** :func:`job_claim` numbers each run (``attempts``); only
  the attempt holding the job records its progress, touches its heartbeat or ends it.
  A job already ended is not run again; one whose heartbeat is fresh belongs to a live
  attempt, and the message is put back for later (:data:`Claim.BUSY`); one whose
  heartbeat stopped is taken over.
- **Outputs are named by the attempt** (``jobs/out/<job>/<attempt>/…``) and written
  before the job's end is recorded; the record names them in the transaction that marks
  the job done, only if the attempt still holds it. A dead attempt's files are named by
  no record (``gongkai manage sweep_uploads`` removes them); a superseded attempt removes
  its own.
- **Done once**: the end is one conditional ``UPDATE`` with its audit-log row, in one
  transaction.
"""

from __future__ import annotations

import enum
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import connections, transaction
from django.utils import timezone

from gongkai.web.applications.models import private_storage
from gongkai.web.audit.services import audit_record
from gongkai.web.jobs.models import JOB_UNFINISHED, Job, JobKind, JobOutput, JobStatus

log = logging.getLogger(__name__)

#: A running attempt touches its job's heartbeat this often (seconds).
HEARTBEAT_SECONDS = 2.0
#: … and records its progress at most this often.
PROGRESS_SECONDS = 0.5

E_INTERRUPTED = "作业被中断（服务器重新启动或进程退出），没有产生任何结果；请重新提交。"
E_QUEUE_DOWN = "无法把作业交给后台任务队列（无法连接Redis），没有开始；请稍后重新提交或联系管理员。"
E_FAILED = "作业失败（{kind}），没有产生任何结果；请联系管理员。"


class Claim(enum.Enum):
    RUN = "run"
    #: A live attempt holds the job: try again once it could have gone stale.
    BUSY = "busy"
    #: The job has ended (or is gone): nothing to do.
    FINISHED = "finished"


class JobRefused(Exception):
    """The job's input cannot be used: each reason, shown to whoever submitted it."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("；".join(messages))


class Superseded(Exception):
    """Another attempt took the job over (this one was taken for dead): stop."""


@dataclass(frozen=True)
class Outcome:
    """What a job's body made: the summary its page shows, and its output files (the
    name each is downloaded as → the file in the work folder)."""

    summary: dict[str, Any]
    outputs: dict[str, Path]


Progress = Callable[[int, int], None]
Body = Callable[[Job, Progress, Path], Outcome]


def stale_after() -> timedelta:
    return timedelta(seconds=settings.GONGKAI_JOBS_STALE_SECONDS)


def jobs_on_celery() -> bool:
    """Whether jobs go to Celery workers (a broker is configured) or run in process."""
    return bool(settings.CELERY_BROKER_URL)


def _body(kind: str) -> Body:
    if kind == JobKind.BULK_AUDIT:
        from gongkai.web.jobs.bulk_audit import bulk_audit_body

        return bulk_audit_body
    if kind == JobKind.ROLLUP_DOCUMENTS:
        from gongkai.web.jobs.rollup import rollup_documents_body

        return rollup_documents_body
    if kind == JobKind.EVALUATION:
        from gongkai.web.evaluations.run import evaluation_body

        return evaluation_body
    raise ValueError(f"no such kind of job: {kind}")


# --- Handing a job over


def job_dispatch(job: Job) -> None:
    """Start the job once the transaction that recorded it commits: its message to the
    broker, or a thread of this process."""
    transaction.on_commit(lambda: _send(job.pk))


def _send(pk: int) -> None:
    if not jobs_on_celery():
        threading.Thread(target=_run_in_thread, args=(pk,), name=f"job-{pk}", daemon=True).start()
        return
    from gongkai.web.jobs.tasks import job_run

    try:
        job_run.apply_async(
            (pk,),
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        )
    except Exception:
        log.exception("job %s could not be handed to the broker", pk)
        Job.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED, errors=[E_QUEUE_DOWN], finished_at=timezone.now()
        )


#: In process, one job runs at a time (the others wait their turn, alive).
_ONE_AT_A_TIME = threading.Lock()


def _run_in_thread(pk: int) -> None:
    try:
        while not _ONE_AT_A_TIME.acquire(timeout=HEARTBEAT_SECONDS):
            Job.objects.filter(pk=pk, status=JobStatus.QUEUED).update(heartbeat_at=timezone.now())
        try:
            job_execute(pk)
        finally:
            _ONE_AT_A_TIME.release()
    except Exception:
        log.exception("job %s failed", pk)
    finally:
        connections.close_all()


# --- Running it


def job_claim(pk: int) -> tuple[Claim, Job | None]:
    """Take the job for a new attempt, unless it has ended or a live attempt holds it."""
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(of=("self",))
            .select_related("created_by")
            .filter(pk=pk)
            .first()
        )
        if job is None or job.status not in JOB_UNFINISHED:
            return Claim.FINISHED, job
        now = timezone.now()
        if (
            job.status == JobStatus.RUNNING
            and job.heartbeat_at is not None
            and now - job.heartbeat_at < stale_after()
        ):
            return Claim.BUSY, job
        job.attempts += 1
        job.status = JobStatus.RUNNING
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.processed = 0
        job.save(update_fields=["attempts", "status", "started_at", "heartbeat_at", "processed"])
    return Claim.RUN, job


def _holding(job: Job, attempt: int) -> Any:
    return Job.objects.filter(pk=job.pk, attempts=attempt, status=JobStatus.RUNNING)


@dataclass
class _Progress:
    """Records the attempt's progress (at most every :data:`PROGRESS_SECONDS`, and the
    last); raises :class:`Superseded` once the attempt no longer holds the job."""

    job: Job
    attempt: int
    last: float = field(default=0.0)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        every = getattr(settings, "GONGKAI_JOBS_PROGRESS_SECONDS", PROGRESS_SECONDS)
        if now - self.last < every and done != total:
            return
        self.last = now
        held = _holding(self.job, self.attempt).update(
            processed=done, total=total, heartbeat_at=timezone.now()
        )
        if not held:
            raise Superseded


class _Heartbeat(threading.Thread):
    """Touches the job's heartbeat while the attempt runs, whatever its body is doing
    (one long file)."""

    def __init__(self, job: Job, attempt: int) -> None:
        super().__init__(name=f"job-{job.pk}-heartbeat", daemon=True)
        self.job, self.attempt = job, attempt
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                _holding(self.job, self.attempt).update(heartbeat_at=timezone.now())
        except Exception:
            log.exception("job %s: heartbeat failed", self.job.pk)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def job_execute(pk: int) -> Claim:
    """Run job ``pk`` here and now, if it is to be run (:func:`job_claim`); its end —
    done with its outputs, or failed with the reasons — recorded once."""
    claim, job = job_claim(pk)
    if claim is not Claim.RUN:
        return claim
    assert job is not None
    attempt = job.attempts
    with tempfile.TemporaryDirectory(prefix=f"gongkai-job-{pk}-") as folder:
        beat = _Heartbeat(job, attempt)
        beat.start()
        try:
            outcome = _body(job.kind)(job, _Progress(job, attempt), Path(folder))
        except Superseded:
            return Claim.FINISHED
        except JobRefused as err:
            _fail(job, attempt, err.messages)
            return Claim.FINISHED
        except Exception as err:
            log.exception("job %s failed", pk)
            _fail(job, attempt, [E_FAILED.format(kind=type(err).__name__)])
            return Claim.FINISHED
        finally:
            beat.stop()
        _complete(job, attempt, outcome)
    return Claim.FINISHED


def _fail(job: Job, attempt: int, messages: list[str]) -> None:
    with transaction.atomic():
        if _holding(job, attempt).update(
            status=JobStatus.FAILED, errors=messages[:1000], finished_at=timezone.now()
        ):
            audit_record(
                actor=job.created_by, action=f"{job.kind}.failed", obj=job, attempt=attempt
            )


def _complete(job: Job, attempt: int, outcome: Outcome) -> None:
    """Save the outputs under the attempt's names, then record the end if the attempt
    still holds the job; else remove them."""
    storage = private_storage()
    written: list[str] = []
    held = 0
    try:
        names = {}
        for name, path in outcome.outputs.items():
            with path.open("rb") as fh:
                names[name] = storage.save(f"jobs/out/{job.pk}/{attempt}/{name}", File(fh))
            written.append(names[name])
        with transaction.atomic():
            held = _holding(job, attempt).update(
                status=JobStatus.DONE,
                summary=outcome.summary,
                processed=job.total,
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
            )
            if held:
                JobOutput.objects.bulk_create(
                    JobOutput(job=job, name=name, file=stored) for name, stored in names.items()
                )
                audit_record(
                    actor=job.created_by,
                    action=f"{job.kind}.done",
                    obj=job,
                    attempt=attempt,
                    outputs=sorted(names.values()),
                )
    finally:
        if not held:
            for name in written:
                storage.delete(name)


# --- Jobs whose process died (in process only: on Celery, the broker hands them out again)


def jobs_expire_stale(jobs: Any) -> None:
    """Mark failed the unfinished jobs among ``jobs`` whose thread died with its process
    (no sign of life for :func:`stale_after`). On Celery a worker takes them over."""
    if jobs_on_celery():
        return
    now = timezone.now()
    jobs.filter(status__in=JOB_UNFINISHED, heartbeat_at__lt=now - stale_after()).update(
        status=JobStatus.FAILED, errors=[E_INTERRUPTED], finished_at=now
    )
