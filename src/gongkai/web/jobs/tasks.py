"""Celery tasks: thin wrappers that run a recorded job (:mod:`gongkai.web.jobs.runner`),
and the day's reminder digests (``gongkai remind``) for a schedule (docs/jobs.md)."""

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


@app.task(name="gongkai.reminders.send", acks_late=False)  # type: ignore[untyped-decorator]
def reminders_send_today() -> int:
    """Send today's reminder digests (what ``gongkai remind`` sends); the number sent.
    People already sent today's digest (by ``gongkai remind`` or an earlier run) are
    skipped.

    Acknowledged when it starts, not when it ends (unlike the jobs): a digest is an
    e-mail, not to be sent twice by a run handed out again after its worker was lost. A
    run stopped part-way (the worker lost, the mail server away: logged with how many
    went out) is run again by hand, which sends only to the people not yet sent the
    day's digest, as docs/reminders.md says."""
    from django.utils import timezone

    from gongkai.web.reminders.services import reminders_send

    return sum(1 for r in reminders_send(as_of=timezone.localdate()) if r.sends)
