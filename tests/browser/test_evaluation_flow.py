"""The county office evaluates its units' annual reports in the browser: it creates an
evaluation from uploaded reports, watches it run, filters the results, sets a finding
aside with a reason, edits the bulletin, renders and downloads its draft, and issues it. Screenshots in test-artifacts/:
evaluation-results-filtered.png, evaluation-override.png, evaluation-bulletin.png."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from docx import Document

from gongkai.core.report.render import render_html
from gongkai.web.evaluations.models import Evaluation, UnitResult
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from support import CONSISTENT, JOBS_ON_CELERY, model

pytestmark = pytest.mark.django_db(transaction=True)

#: The units, and how much each report's Table 3 total is off (0: a clean report).
REPORTS = {"浏览器县人民政府": 0, "浏览器县教育局": 7, "浏览器县生态环境局": 2, "浏览器县城关镇": 0}
MISSING = "浏览器县卫生健康局"


@pytest.fixture
def office(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not JOBS_ON_CELERY:  # in process, as `make run` has it; else the session's worker
        settings.CELERY_BROKER_URL = ""
    settings.VAR = tmp_path / "var"
    gov = unit_create(name="浏览器县人民政府", code="BR", kind=UnitKind.GOVERNMENT)
    for i, name in enumerate([*list(REPORTS)[1:], MISSING]):
        kind = UnitKind.TOWNSHIP if name.endswith("镇") else UnitKind.DEPARTMENT
        unit_create(name=name, code=f"BR-{i}", kind=kind, parent=gov)
    user = get_user_model().objects.create_user(
        "office", password="pw-office-123", first_name="县政务公开办"
    )
    membership_grant(user=user, unit=gov, role=Role.OFFICE)
    return user


def _reports(folder) -> list[str]:
    paths = []
    for body, wrong in REPORTS.items():
        cells = {"apply.new.total": CONSISTENT["apply.new.total"] + wrong} if wrong else {}
        path = folder / f"{body}2024年度报告.html"
        path.write_text(render_html(model(cells, body=body, year=2024)), encoding="utf-8")
        paths.append(str(path))
    return paths


def _latin(text: str, *allowed: str) -> list[str]:
    for a in allowed:
        text = text.replace(a, "")
    return [
        w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ("XLSX", "PDF", "Word", "HTML")
    ]


def test_the_office_evaluates_filters_overrides_and_issues(
    page, live_server, office, shot, tmp_path
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw-office-123")
    page.click("main button[type=submit]")
    page.click("header.top >> text=年报评估")
    page.click("main >> text=新建评估")
    page.fill("#id_name", "浏览器县2024年度政府信息公开工作年度报告检查")
    for unit in [*REPORTS, MISSING]:
        page.check(f"main label:has-text('{unit}') input")
    page.fill("#id_years", "2024")
    page.check("input[name=source][value=upload]")
    page.set_input_files("input[name=reports]", _reports(tmp_path))
    page.click("main form button[type=submit]")

    # The job runs in the background; the page follows it and shows the results.
    page.wait_for_selector("table.ranking", timeout=90_000)
    evaluation = Evaluation.objects.get()
    assert evaluation.job.status == "done"
    ranking = page.locator("table.ranking tbody tr")
    assert ranking.count() == 4
    assert ranking.nth(0).inner_text().startswith("1")
    main = page.locator("main").inner_text()
    assert MISSING in main and "未找到该单位2024年度" in main
    # Filtered by rule: the units with a Table 3 arithmetic finding alone.
    page.select_option("#f-rule", "R1")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"rule=R1"))
    assert page.locator("table.ranking tbody tr").count() == 2
    filtered = page.locator("table.ranking").inner_text()
    assert "浏览器县教育局" in filtered and "浏览器县城关镇" not in filtered
    assert not _latin(
        page.locator("main").inner_text(),
        ".html",
        "R1",
        "R3",
        "R8",
        "T3",
        "NAR",
        "E001",
        "E003",
        "W001",
    )
    shot(page, "evaluation-results-filtered")

    # Set aside the education bureau's costliest finding: its score goes up by its points.
    edu = UnitResult.objects.get(evaluation=evaluation, unit_name="浏览器县教育局")
    costly = max(edu.deductions.all(), key=lambda d: d.points)
    row = page.locator(f"#report-{edu.report_id} tr", has_text=costly.message[:20]).first
    row.locator("input[name=reason]").fill("经核实，原表数据无误，系网页转换造成")
    row.locator("button").click()
    page.wait_for_selector("ul.messages")
    after = UnitResult.objects.get(evaluation=evaluation, unit_name="浏览器县教育局")
    assert after.score == edu.score + costly.points
    section = page.locator(f"#report-{edu.report_id}")
    assert "经核实，原表数据无误，系网页转换造成" in section.inner_text()
    assert "县政务公开办" in section.inner_text()
    section.scroll_into_view_if_needed()
    shot(page, "evaluation-override")

    # The bulletin: edited, then issued; the frozen files name every unit.
    page.click("main >> text=通报")
    page.fill("#id_number", "浏政公办〔2025〕5号")
    page.fill("#id_issuer", "浏览器县人民政府办公室")
    page.click("main form button:has-text('保存')")
    page.wait_for_selector("ul.messages")
    article = page.locator("article.bulletin").inner_text()
    for unit in [*REPORTS, MISSING]:
        assert unit in article
    assert "浏政公办〔2025〕5号" in article and "浏览器县人民政府办公室" in article
    assert not _latin(page.locator("main").inner_text())
    shot(page, "evaluation-bulletin")
    # The draft's files are rendered in the background; the page follows, then offers them.
    page.click("main button:has-text('生成草稿文件')")
    page.wait_for_selector("main >> text=下载草稿（Word）", timeout=90_000)
    with page.expect_download() as download:
        page.click("main >> text=下载草稿（Word）")
    draft = Document(io.BytesIO(download.value.path().read_bytes()))
    assert "浏政公办〔2025〕5号" in "\n".join(p.text for p in draft.paragraphs)
    page.click("main button:has-text('印发通报')")
    page.wait_for_selector("text=以下文件不再改变")
    with page.expect_download() as download:
        page.click("main >> text=下载（Word）")
    data = download.value.path().read_bytes()
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    for unit in [*REPORTS, MISSING]:
        assert unit in text
    with Evaluation.objects.get().bulletin_docx.open("rb") as frozen:
        assert frozen.read() == data
    assert page.console_errors == []


def test_the_demo_countys_evaluation(page, live_server, settings, shot, tmp_path):
    from datetime import date

    from gongkai.web.demo import DEMO_PASSWORD, load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR = tmp_path / "var"
    load_demo(as_of=date(2026, 12, 5), per_unit_year=2)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.click("header.top >> text=年报评估")
    page.click("main >> text=示例县2025年度政府信息公开工作年度报告检查")
    assert page.locator("table.ranking tbody tr").count() == 13
    assert "示例县青石镇" in page.locator("main").inner_text()
    shot(page, "evaluation-demo")
    assert page.console_errors == []
