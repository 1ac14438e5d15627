"""Reading jobs: who may submit them, and each user's own."""

from __future__ import annotations

from typing import Any

from gongkai.web.jobs.models import Job
from gongkai.web.jobs.runner import jobs_expire_stale
from gongkai.web.units.models import SUBTREE_ROLES, Membership


def jobs_can_submit(*, user: Any) -> bool:
    """Bulk audits are the disclosure office's tool (and the supervisors' and admins'):
    whoever holds one of the roles over a unit and all beneath it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser or Membership.objects.filter(user=user, role__in=SUBTREE_ROLES).exists()
    )


def job_get(*, pk: int, user: Any) -> Job | None:
    """The user's own job (a job is shown to whoever submitted it alone), one whose
    process died marked failed first."""
    if not getattr(user, "is_authenticated", False):
        return None
    jobs = Job.objects.filter(pk=pk, created_by=user)
    jobs_expire_stale(jobs)
    return jobs.first()


def jobs_recent(*, user: Any, limit: int = 10) -> list[Job]:
    jobs = Job.objects.filter(created_by=user)
    jobs_expire_stale(jobs)
    return list(jobs.defer("summary")[:limit])
