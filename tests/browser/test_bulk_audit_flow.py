"""The county office audits 500 reports at once in the browser: it uploads them as one
ZIP, watches the job's progress bar move (the page polls the job's status), and reads
the results page; the job's outputs are those of ``gongkai audit`` on the same files."""

from __future__ import annotations

import json
import re
import time
import zipfile

import pytest
from django.contrib.auth import get_user_model

from gongkai.web.jobs.models import Job, JobStatus
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from jobs_support import bulk_folder, bulk_zip, xlsx_rows
from support import JOBS_ON_CELERY, run_gongkai

pytestmark = pytest.mark.django_db(transaction=True)

N = 500


@pytest.fixture
def office(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not JOBS_ON_CELERY:  # in process, as `make run` has it; else the session's worker
        settings.CELERY_BROKER_URL = ""
    settings.VAR = tmp_path / "var"
    # every report's progress recorded: a fast worker (the session's Celery worker of make
    # test-services runs the 500 in about 1–2 s) would otherwise record little but the end
    settings.GONGKAI_JOBS_PROGRESS_SECONDS = 0
    gov = unit_create(name="浏览器县人民政府", code="BR", kind=UnitKind.GOVERNMENT)
    user = get_user_model().objects.create_user(
        "office", password="pw-office-123", first_name="县政务公开办"
    )
    membership_grant(user=user, unit=gov, role=Role.OFFICE)
    return user


def test_the_office_audits_500_reports_in_the_background(page, live_server, office, shot, tmp_path):
    archive = tmp_path / "乡镇年度报告.zip"
    archive.write_bytes(bulk_zip(N))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw-office-123")
    page.click("main button[type=submit]")
    page.click("header.top >> text=年度报告")
    page.click("main >> text=年度报告批量核查")
    assert page.locator("h1").inner_text() == "年度报告批量核查"
    # A ZIP with bad members is refused, each named with its reason; nothing is started.
    bad = tmp_path / "有问题的压缩包.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../etc/报告.txt", "x")
        zf.writestr("说明.exe", "x")
        zf.writestr("好的报告.txt", "x")
    page.set_input_files("input[name=reports]", str(bad))
    page.click("main button[type=submit]")
    refused = page.locator("[role=alert]").inner_text()
    assert "未提交：以下文件无法核查" in refused
    assert (
        "../../etc/报告.txt：路径不安全" in refused and "说明.exe：不是可核查的报告文件" in refused
    )
    shot(page, "bulk-audit-refused")
    assert Job.objects.count() == 0

    page.set_input_files("input[name=reports]", str(archive))
    started = time.monotonic()
    page.click("main button[type=submit]")

    # The progress bar moves while the reports are audited.
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-job-bar]');"
        " return b && b.value > 0 && b.value < 100; }",
        timeout=60_000,
    )
    running = page.locator("main").inner_text()
    assert not re.findall(r"[A-Za-z]{2,}", running.replace("乡镇年度报告.zip", "")), running
    assert "已核查" in running and f"共{N}份" in running
    shot(page, "bulk-audit-progress")
    processed = int(page.locator("[data-job-processed]").inner_text())
    assert 0 < processed < N

    # The page reloads itself into the results once the job is done.
    page.wait_for_selector("text=各份报告", timeout=120_000)
    elapsed = time.monotonic() - started
    main = page.locator("main").inner_text()
    assert f"共{N}份报告" in main and "下载汇总表（XLSX）" in main
    assert page.locator("main table").nth(1).locator("tbody tr").count() == N
    assert page.console_errors == []  # type: ignore[attr-defined]
    shot(page, "bulk-audit-results")
    chrome = " ".join(page.locator("main h1, main h2, main th, main p").all_inner_texts())
    for allowed in ("XLSX", "HTML", "JSONL", "乡镇年度报告.zip"):
        chrome = chrome.replace(allowed, "")
    assert not re.findall(r"[A-Za-z]{2,}", chrome), chrome  # every word of the page in Chinese

    job = Job.objects.get()
    assert job.status == JobStatus.DONE and job.attempts == 1 and job.processed == N
    # The outputs, downloaded as the office would, are gongkai audit's for the same files.
    folder = tmp_path / "files"
    names = bulk_folder(N, folder)
    out = run_gongkai(
        "audit", "--format", "json", "--out", "cli.xlsx", "--html", "cli.html", *names, home=folder
    )
    with page.expect_download() as xlsx:
        page.click("text=下载汇总表（XLSX）")
    assert xlsx_rows(xlsx.value.path().read_bytes()) == xlsx_rows(folder / "cli.xlsx")
    with page.expect_download() as html:
        page.click("text=下载带图表的汇总（HTML）")
    assert html.value.path().read_bytes() == (folder / "cli.html").read_bytes()
    with page.expect_download() as jsonl:
        page.click("text=下载全部核查结果（JSONL）")
    web_records = [json.loads(line) for line in jsonl.value.path().read_text().splitlines()]
    assert web_records == [json.loads(line) for line in out.stdout.splitlines()]
    assert elapsed < 90
