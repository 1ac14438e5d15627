"""An evaluation's running jobs are followed by whoever may see the evaluation — a second
office user of the county, a supervisor — not only by whoever submitted them: the pages
poll the evaluation's own status URL, checked as the evaluation is. The jobs pages still
show a job to its submitter alone, and a job that is not the evaluation's is not there.
In the browser: tests/browser/test_evaluation_progress_flow.py."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from test_evaluations import _jobs, create, wait  # noqa: F401  (an autouse fixture)

from gongkai.web.evaluations.models import Evaluation, Source
from gongkai.web.jobs.models import Job, JobKind, JobStatus
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def evaluated(client, county):
    client.force_login(county.office)
    assert create(client, county).status_code == 302
    return wait(Evaluation.objects.get())


def hold_running(job_id: int, *, processed: int = 1, total: int = 2) -> None:
    """The job as a live worker leaves it mid-way (its heartbeat fresh)."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING,
        processed=processed,
        total=total,
        heartbeat_at=timezone.now(),
        finished_at=None,
    )


@pytest.fixture
def colleague(county):
    """A second office user of the same county: not the evaluation's submitter."""
    user = get_user_model().objects.create_user(username="office2", password="x")
    membership_grant(user=user, unit=county.gov, role=Role.OFFICE)
    return user


@pytest.fixture
def neighbour():
    other = unit_create(name="邻县人民政府", code="N", kind=UnitKind.GOVERNMENT)
    user = get_user_model().objects.create_user(username="neighbour", password="x")
    membership_grant(user=user, unit=other, role=Role.OFFICE)
    return user, other


def test_a_colleague_follows_the_running_evaluation_and_an_outsider_does_not(
    client, county, evaluated, colleague, neighbour
):
    job_id = evaluated.job_id
    hold_running(job_id)
    status_url = f"/evaluations/{evaluated.pk}/jobs/{job_id}/status.json"
    for who in (colleague, county.supervisor, county.office):
        client.force_login(who)
        page = client.get(f"/evaluations/{evaluated.pk}/").content.decode()
        assert f'data-job-status="{status_url}"' in page, who
        assert '<progress max="100" value="50"' in page
        response = client.get(status_url)
        assert response.status_code == 200, who
        assert response.json() == {
            "status": "running",
            "running": True,
            "processed": 1,
            "total": 2,
            "percent": 50,
            "attempts": evaluated.job.attempts,
        }
    # The jobs pages stay the submitter's: the colleague follows the job on the evaluation.
    client.force_login(colleague)
    assert client.get(f"/jobs/{job_id}/status.json").status_code == 404
    assert client.get(f"/jobs/{job_id}/").status_code == 404
    client.force_login(county.office)
    assert client.get(f"/jobs/{job_id}/status.json").status_code == 200

    # Whoever may not see the evaluation does not see its job's progress either.
    for who in (neighbour[0], county.clerk_edu, county.reviewer_env, county.outsider):
        client.force_login(who)
        assert client.get(status_url).status_code == 404, who
    client.logout()
    assert client.get(status_url).status_code == 302  # to the login page

    # Once the job ends, the colleague's poll says so (the page then reloads to the results).
    Job.objects.filter(pk=job_id).update(status=JobStatus.DONE, processed=2)
    client.force_login(colleague)
    ended = client.get(status_url).json()
    assert (ended["status"], ended["running"], ended["percent"]) == ("done", False, 100)
    assert '<table class="ranking">' in client.get(f"/evaluations/{evaluated.pk}/").content.decode()


def test_a_job_that_is_not_the_evaluations_stays_private(
    client, county, evaluated, colleague, neighbour
):
    # The office's bulk audit: its own, whoever else sees the office's evaluations.
    audit = Job.objects.create(
        kind=JobKind.BULK_AUDIT,
        title="reports.zip",
        status=JobStatus.RUNNING,
        created_by=county.office,
        heartbeat_at=timezone.now(),
    )
    # The neighbouring county's evaluation, and its running job.
    user, unit = neighbour
    theirs = Evaluation.objects.create(
        name="邻县检查", years=[2024], source=Source.UPLOAD, created_by=user
    )
    theirs.units.set([unit])
    their_job = Job.objects.create(
        kind=JobKind.EVALUATION,
        title="邻县检查",
        params={"evaluation": theirs.pk},
        status=JobStatus.RUNNING,
        created_by=user,
        heartbeat_at=timezone.now(),
    )
    client.force_login(colleague)
    for url in (
        f"/jobs/{audit.pk}/status.json",
        f"/jobs/{audit.pk}/",
        # Asked for through an evaluation the colleague sees: not that evaluation's job.
        f"/evaluations/{evaluated.pk}/jobs/{audit.pk}/status.json",
        f"/evaluations/{evaluated.pk}/jobs/{their_job.pk}/status.json",
        f"/evaluations/{theirs.pk}/jobs/{their_job.pk}/status.json",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(county.office)  # the submitter, through an evaluation: not there
    assert client.get(f"/evaluations/{evaluated.pk}/jobs/{audit.pk}/status.json").status_code == 404
    assert client.get(f"/jobs/{audit.pk}/status.json").status_code == 200
    client.force_login(user)
    assert client.get(f"/evaluations/{theirs.pk}/jobs/{their_job.pk}/status.json").json()["running"]


def test_a_colleague_follows_the_bulletins_draft_and_issue(client, county, evaluated, colleague):
    today = timezone.localdate().isoformat()
    draft, issue = (
        Job.objects.create(
            kind=JobKind.EVALUATION,
            title=evaluated.name,
            params={"evaluation": evaluated.pk, what: today},
            status=JobStatus.RUNNING,
            total=3,
            processed=done,
            created_by=county.office,
            heartbeat_at=timezone.now(),
        )
        for what, done in (("draft", 1), ("bulletin", 2))
    )
    bulletin = f"/evaluations/{evaluated.pk}/bulletin/"
    client.force_login(colleague)
    for job, field, percent in ((draft, "draft_job", 33), (issue, "issue_job", 66)):
        Evaluation.objects.filter(pk=evaluated.pk).update(**{field: job})
        status_url = f"/evaluations/{evaluated.pk}/jobs/{job.pk}/status.json"
        page = client.get(bulletin).content.decode()
        assert f'data-job-status="{status_url}"' in page
        assert client.get(status_url).json()["percent"] == percent
        assert client.get(f"/jobs/{job.pk}/status.json").status_code == 404
    client.force_login(county.clerk_edu)
    assert client.get(f"/evaluations/{evaluated.pk}/jobs/{issue.pk}/status.json").status_code == 404
