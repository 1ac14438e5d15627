"""The documents of a roll-up report made as a background job: the same documents the
report page's downloads give, for whoever may approve the unit's report."""

from __future__ import annotations

import json
import time
from datetime import date
from urllib.parse import unquote

import pytest

from gongkai.web.audit.models import AuditLog
from gongkai.web.jobs.models import Job, JobKind, JobStatus
from gongkai.web.jobs.rollup import DOCUMENTS
from support import JOBS_ON_CELERY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _jobs(settings, tmp_path):
    if not JOBS_ON_CELERY:  # else on the session's Celery worker (make test-services)
        settings.CELERY_BROKER_URL = ""
    settings.VAR = tmp_path / "var"


def _wait(pk: int) -> Job:
    end = time.monotonic() + 120
    while time.monotonic() < end:
        job = Job.objects.get(pk=pk)
        if not job.running:
            return job
        time.sleep(0.1)
    raise AssertionError("the job did not end")


def _download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    data = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return data


def test_the_office_gets_every_document_of_the_county_roll_up(client, county, register):
    register(unit=county.edu)
    register(unit=county.env, submitted_on=date(2024, 10, 8))
    client.force_login(county.office)
    page = client.get("/reports/T/2024/?scope=subtree").content.decode()
    assert 'action="/jobs/rollup/T/2024/"' in page
    response = client.post("/jobs/rollup/T/2024/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    job = _wait(job.pk)
    assert (job.kind, job.status, job.processed, job.total) == (
        JobKind.ROLLUP_DOCUMENTS,
        JobStatus.DONE,
        1 + len(DOCUMENTS),
        1 + len(DOCUMENTS),
    )
    assert job.summary["units"] == 4 and job.summary["unit"] == "测试县人民政府"
    names = [o.name for o in job.outputs.all()]
    assert names == [f"T-2024-rollup.{k}" for k in DOCUMENTS]
    # What the job made is what the report page's downloads give.
    made = json.loads(_download(client, f"/jobs/{job.pk}/T-2024-rollup.json"))
    given = json.loads(_download(client, "/reports/T/2024/download.json?scope=subtree"))
    assert made == given and made["cells"]["apply.new.total"] == 2
    assert _download(client, f"/jobs/{job.pk}/T-2024-rollup.md") == _download(
        client, "/reports/T/2024/download.md?scope=subtree"
    )
    assert _download(client, f"/jobs/{job.pk}/T-2024-rollup.pdf").startswith(b"%PDF")
    assert _download(client, f"/jobs/{job.pk}/T-2024-rollup.docx").startswith(b"PK")
    named = client.get(f"/jobs/{job.pk}/T-2024-rollup.docx")
    assert unquote(named["Content-Disposition"]).endswith(
        "测试县人民政府2024年政府信息公开工作年度报告（汇总）.docx"
    )
    named.close()
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "汇总4个单位" in body and "/T-2024-rollup.docx" in body
    assert ">测试县人民政府2024年政府信息公开工作年度报告（汇总）.docx<" in body
    assert AuditLog.objects.filter(action="rollup_documents.done").count() == 1


def test_a_roll_up_of_a_year_before_the_format_is_refused_with_the_reason(client, county):
    client.force_login(county.office)
    client.post("/jobs/rollup/T/2020/")
    job = _wait(Job.objects.get().pk)
    assert job.status == JobStatus.FAILED and job.errors and job.outputs.count() == 0
    assert job.errors[0] in client.get(f"/jobs/{job.pk}/").content.decode()


@pytest.mark.parametrize("who", ["supervisor", "clerk_edu", "reviewer_env", "outsider"])
def test_only_who_may_approve_the_report(client, county, who):
    client.force_login(getattr(county, who))
    assert client.post("/jobs/rollup/T/2024/").status_code == 404
    assert Job.objects.count() == 0
    assert client.get("/jobs/rollup/T/2024/").status_code in (404, 405)
