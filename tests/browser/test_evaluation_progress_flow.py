"""A second office user of the county opens an evaluation another user started while its
job runs: the page follows the job (the bar moves) and turns into the results once the
job ends, with no reload by hand. Screenshot in test-artifacts/:
evaluation-progress-colleague.png."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core.report.render import render_html
from gongkai.web.evaluations.models import Evaluation, Source
from gongkai.web.evaluations.services import evaluation_create
from gongkai.web.jobs.models import Job, JobStatus
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from support import JOBS_ON_CELERY, model

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def started(settings, tmp_path):
    """An evaluation the county's first office user started, its job as a live worker
    leaves it half-way; and a second office user of the county."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not JOBS_ON_CELERY:
        settings.CELERY_BROKER_URL = ""
    settings.VAR = tmp_path / "var"
    gov = unit_create(name="进度县人民政府", code="PG", kind=UnitKind.GOVERNMENT)
    edu = unit_create(name="进度县教育局", code="PG-1", kind=UnitKind.DEPARTMENT, parent=gov)
    users = get_user_model().objects
    first = users.create_user("office1", password="pw-office-123")
    second = users.create_user("office2", password="pw-office-123", first_name="县政务公开办")
    for user in (first, second):
        membership_grant(user=user, unit=gov, role=Role.OFFICE)
    html = render_html(model({}, body="进度县教育局", year=2024)).encode("utf-8")
    evaluation = evaluation_create(
        name="进度县2024年度年报检查",
        units=[edu],
        years=[2024],
        scheme_text="",
        source=Source.UPLOAD,
        reports=[SimpleUploadedFile("进度县教育局2024.html", html, "text/html")],
        user=first,
    )
    end = time.monotonic() + 90
    while Job.objects.get(pk=evaluation.job_id).running and time.monotonic() < end:
        time.sleep(0.1)
    assert Job.objects.get(pk=evaluation.job_id).status == JobStatus.DONE
    Job.objects.filter(pk=evaluation.job_id).update(
        status=JobStatus.RUNNING, processed=1, total=4, heartbeat_at=timezone.now()
    )
    return Evaluation.objects.get(pk=evaluation.pk)


def test_a_colleagues_page_follows_the_job_to_its_results(page, live_server, started, shot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office2")
    page.fill("#id_password", "pw-office-123")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/evaluations/{started.pk}/")
    box = page.locator("[data-job-status]")
    assert box.get_attribute("data-job-status") == (
        f"/evaluations/{started.pk}/jobs/{started.job_id}/status.json"
    )
    # The page asks the job's progress and moves the bar as the job records it.
    page.wait_for_selector("[data-job-percent='25']", timeout=10_000)
    Job.objects.filter(pk=started.job_id).update(processed=3, heartbeat_at=timezone.now())
    page.wait_for_selector("[data-job-percent='75']", timeout=10_000)
    assert page.locator("[data-job-processed]").inner_text() == "3"
    assert page.locator("progress[data-job-bar]").evaluate("e => e.value") == 75
    shot(page, "evaluation-progress-colleague")
    # The job ends: the page turns into the results by itself.
    Job.objects.filter(pk=started.job_id).update(status=JobStatus.DONE, processed=4)
    page.wait_for_selector("table.ranking", timeout=10_000)
    assert "进度县教育局" in page.locator("table.ranking").inner_text()
    assert page.locator("[data-job-status]").count() == 0
    assert page.console_errors == []


def test_a_page_whose_session_ended_goes_to_the_login_page(page, live_server, started):
    """The session ends while the page follows the job (signed out elsewhere, expired):
    the status answers with the login page, and the page goes there instead of asking on
    in the background forever."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office2")
    page.fill("#id_password", "pw-office-123")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/evaluations/{started.pk}/")
    page.wait_for_selector("[data-job-percent='25']", timeout=10_000)
    Session.objects.all().delete()
    page.wait_for_url("**/accounts/login/**", timeout=10_000)
    assert page.locator("#id_username").count() == 1
