"""Bulk audits through the web, run in process (no broker configured: ``make run``):
the upload is checked member by member, the job runs in a thread, and its outputs are
``gongkai audit``'s for the same files."""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core.report import archive
from gongkai.core.report.parse.limits import MAX_FILE_BYTES
from gongkai.web.audit.models import AuditLog
from gongkai.web.jobs import runner
from gongkai.web.jobs.models import Job, JobStatus
from jobs_support import bulk_folder, bulk_zip, xlsx_rows
from support import JOBS_ON_CELERY, SEED, run_gongkai

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _jobs(settings, tmp_path):
    if not JOBS_ON_CELERY:  # else on the session's Celery worker (make test-services)
        settings.CELERY_BROKER_URL = ""
    settings.VAR = tmp_path / "var"


def _wait(pk: int, seconds: float = 60) -> Job:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        job = Job.objects.get(pk=pk)
        if not job.running:
            return job
        time.sleep(0.1)
    raise AssertionError("the job did not end")


def _download(client, job: Job, name: str) -> bytes:
    response = client.get(f"/jobs/{job.pk}/{name}")
    assert response.status_code == 200
    ext = name.rsplit(".", 1)[-1]
    assert unquote(response["Content-Disposition"]).endswith(f"年度报告批量核查结果-{job.pk}.{ext}")
    data = b"".join(response.streaming_content)
    response.close()
    return data


def _submit(client, *files):
    return client.post("/jobs/bulk-audit/", {"reports": list(files)})


def test_outputs_equal_those_of_gongkai_audit(client, county, tmp_path):
    n = 60
    client.force_login(county.office)
    response = _submit(client, SimpleUploadedFile("乡镇报告.zip", bulk_zip(n)))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job = _wait(job.pk)
    assert job.status == JobStatus.DONE, job.errors
    assert (job.total, job.processed, job.attempts) == (n, n, 1)

    folder = tmp_path / "files"
    names = bulk_folder(n, folder)
    out = run_gongkai(
        "audit", "--format", "json", "--out", "cli.xlsx", "--html", "cli.html", *names, home=folder
    )
    assert out.returncode == 2, out.stderr  # one file is no report: unreadable
    cli_records = [json.loads(line) for line in out.stdout.splitlines()]
    web_records = [json.loads(line) for line in _download(client, job, "audit.jsonl").splitlines()]
    assert web_records == cli_records
    assert len(web_records) == n and any(r.get("error") for r in web_records)
    assert any(f["rule"] in ("R5", "R9") for r in web_records for f in r["findings"])  # paired
    web_xlsx = _download(client, job, "audit.xlsx")
    assert xlsx_rows(web_xlsx) == xlsx_rows(folder / "cli.xlsx")
    web_html = _download(client, job, "audit.html")
    assert web_html == (folder / "cli.html").read_bytes()

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "乡镇/002-第0镇-2022.txt" in page and "无法读取" in page
    assert "<td>R1 表三各列收支平衡</td>" in page and "<td>R1</td>" not in page
    assert job.summary["total"] == n
    done = AuditLog.objects.filter(action="bulk_audit.done", object_id=str(job.pk))
    assert done.count() == 1


def test_many_files_at_once_are_one_job(client, county):
    client.force_login(county.office)
    files = [
        SimpleUploadedFile(f"{i}-{SEED.name}", SEED.read_bytes(), "text/plain") for i in range(3)
    ]
    _submit(client, *files)
    job = _wait(Job.objects.get().pk)
    assert job.status == JobStatus.DONE and job.summary["total"] == 3
    status = client.get(f"/jobs/{job.pk}/status.json").json()
    assert status == {
        "status": "done",
        "running": False,
        "processed": 3,
        "total": 3,
        "percent": 100,
        "attempts": 1,
    }


def test_more_files_than_one_hundred_at_once(client, county, settings):
    from gongkai.core.report.archive import MAX_FILES

    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == MAX_FILES
    client.force_login(county.office)
    files = [SimpleUploadedFile(f"{i:03d}.txt", b"not a report") for i in range(150)]
    _submit(client, *files)
    job = _wait(Job.objects.get().pk)
    assert job.status == JobStatus.DONE and job.summary["unreadable"] == 150


def _zip(*members: tuple[str | zipfile.ZipInfo, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_zip_with_bad_members_names_each_and_records_nothing(client, county):
    link = zipfile.ZipInfo("链接.txt")
    link.external_attr = 0o120777 << 16
    data = _zip(
        ("好的报告.txt", SEED.read_bytes()),
        ("../../etc/cron.d/evil.txt", b"x"),
        ("/abs/path.txt", b"x"),
        ("程序.exe", b"MZ"),
        ("大文件.txt", b"0" * (MAX_FILE_BYTES + 1)),
        (link, b"/etc/passwd"),
        ("__MACOSX/._好的报告.txt", b"litter"),
    )
    client.force_login(county.office)
    body = _submit(client, SimpleUploadedFile("reports.zip", data)).content.decode()
    assert "../../etc/cron.d/evil.txt：" + archive.E_UNSAFE_PATH in body
    assert "/abs/path.txt：" + archive.E_UNSAFE_PATH in body
    assert "程序.exe：不是可核查的报告文件" in body
    assert "大文件.txt：解压后为33,554,433字节，超过单个文件的上限32 MB" in body
    assert "链接.txt：" + archive.E_LINK in body
    assert "好的报告.txt：" not in body and "__MACOSX" not in body
    assert "Traceback" not in body
    assert Job.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("reports.zip", b"PK\x03\x04 not really"), "不是可读取的ZIP压缩文件"),
        (("empty.zip", _zip(("说明.exe", b"x"))), "说明.exe：不是可核查的报告文件"),
        (("a.docx", b"not a docx, but a report file is audited, not unpacked"), None),
    ],
)
def test_unusable_uploads_are_refused_clearly(client, county, upload, message):
    client.force_login(county.office)
    response = _submit(client, SimpleUploadedFile(*upload))
    if message is None:  # a single report is a job of one (it is found unreadable)
        job = _wait(Job.objects.get().pk)
        assert job.status == JobStatus.DONE and job.summary["unreadable"] == 1
        return
    assert message in response.content.decode()
    assert Job.objects.count() == 0


def test_only_the_office_supervisors_and_admins_and_each_their_own(client, county):
    client.force_login(county.clerk_edu)
    assert client.get("/jobs/bulk-audit/").status_code == 404
    assert "/jobs/bulk-audit/" not in client.get("/reports/").content.decode()
    client.force_login(county.supervisor)
    assert "/jobs/bulk-audit/" in client.get("/reports/").content.decode()
    _submit(client, SimpleUploadedFile("r.txt", SEED.read_bytes()))
    job = _wait(Job.objects.get().pk)
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status.json", f"/jobs/{job.pk}/audit.xlsx"):
        response = client.get(url)
        assert response.status_code == 200
        response.close()
        client.force_login(county.office)  # someone else's job: not found
        assert client.get(url).status_code == 404
        client.force_login(county.supervisor)
    assert client.get(f"/jobs/{job.pk}/secrets.txt").status_code == 404


def test_a_job_whose_process_died_is_shown_failed(client, county, settings):
    # The in-process runner's guarantee (on Celery the broker hands the job out again:
    # test_jobs_celery.py), shown in process in every run.
    settings.CELERY_BROKER_URL = ""
    client.force_login(county.office)
    job = Job.objects.create(
        kind="bulk_audit",
        title="x.zip",
        status=JobStatus.RUNNING,
        attempts=1,
        created_by=county.office,
        heartbeat_at=timezone.now() - runner.stale_after() - timedelta(seconds=1),
    )
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert runner.E_INTERRUPTED in body
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
