"""Celery tasks: thin wrappers that run a recorded job (:mod:`gongkai.web.jobs.runner`).

Reminder digests and the documents of large roll-ups will be queued the same way: a
``Job`` kind whose body calls the service the command calls, started by
:func:`~gongkai.web.jobs.runner.job_dispatch` (docs/jobs.md).
"""

from __future__ import annotations

from typing import Any

from gongkai.web.jobs.celery import app

#: A job that cannot reach the database is tried again this often, this many times.
RETRY_SECONDS, RETRIES = 30, 20


@app.task(name="gongkai.jobs.run", bind=True, max_retries=None)  # type: ignore[untyped-decorator]
def job_run(self: Any, job_id: int) -> None:
    """Run job ``job_id``; if a live worker still holds it (its message was handed out
    again while it ran), look again once that worker could have been taken for dead."""
    from django.db import InterfaceError, OperationalError

    from gongkai.web.jobs.runner import Claim, job_execute, stale_after

    try:
        claim = job_execute(job_id)
    except (OperationalError, InterfaceError) as err:  # the database is away: later
        raise self.retry(exc=err, countdown=RETRY_SECONDS, max_retries=RETRIES) from None
    if claim is Claim.BUSY:
        raise self.retry(countdown=stale_after().total_seconds())
