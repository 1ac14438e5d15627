"""The evaluation workspace: create an evaluation from uploaded reports, run it as a
background job in process, browse and filter the results, override a finding (recorded,
recomputed), issue the bulletin; the scope, the scheme, the demo. Collection from a
website: test_evaluations_collect.py; on a Celery worker: test_jobs_evaluations_celery.py."""

from __future__ import annotations

import io
import subprocess
import time
import zipfile
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from gongkai.core.report.render import render_html
from gongkai.web.audit.models import AuditLog
from gongkai.web.evaluations.bulletin import E_ISSUED
from gongkai.web.evaluations.models import (
    Evaluation,
    ResultStatus,
    UnitResult,
)
from gongkai.web.jobs.models import Job, JobStatus
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from support import CONSISTENT, JOBS_ON_CELERY, model

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _jobs(settings, tmp_path):
    if not JOBS_ON_CELERY:  # else on the session's Celery worker (make test-services)
        settings.CELERY_BROKER_URL = ""
    settings.VAR = tmp_path / "var"
    settings.GONGKAI_COLLECT_DELAY = 0.0
    settings.GONGKAI_COLLECT_TIMEOUT = 10.0


def wait_job(pk: int, seconds: float = 90) -> Job:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        job = Job.objects.get(pk=pk)
        if not job.running:
            assert job.status == JobStatus.DONE, job.errors
            return job
        time.sleep(0.1)
    raise AssertionError("the job did not end")


def wait(evaluation: Evaluation, seconds: float = 90) -> Evaluation:
    wait_job(evaluation.job_id, seconds)
    return Evaluation.objects.get(pk=evaluation.pk)


def report_file(body: str, *, wrong: int = 0, year: int = 2024) -> SimpleUploadedFile:
    """A report in HTML; ``wrong`` breaks Table 3's total (R1, R3 errors)."""
    cells = {"apply.new.total": CONSISTENT["apply.new.total"] + wrong} if wrong else {}
    html = render_html(model(cells, body=body, year=year))
    return SimpleUploadedFile(f"{body}{year}.html", html.encode("utf-8"), "text/html")


def create(client, county, **extra):
    data = {
        "name": "2024年度年报检查",
        "units": [county.edu.pk, county.env.pk, county.town.pk],
        "years": "2024",
        "source": "upload",
        "reports": [report_file("测试县教育局", wrong=7), report_file("测试县生态环境局")],
        **extra,
    }
    return client.post("/evaluations/new/", data)


def ranking_of(page: str) -> str:
    """The ranking's table of a results page."""
    return page.split('<table class="ranking">')[1].split("</table>")[0]


@pytest.fixture
def evaluated(client, county):
    client.force_login(county.office)
    response = create(client, county)
    assert response.status_code == 302
    return wait(Evaluation.objects.get())


def test_uploaded_reports_are_scored_ranked_and_the_missing_unit_listed(client, county, evaluated):
    results = {r.unit_name: r for r in UnitResult.objects.filter(evaluation=evaluated)}
    env, edu, town = results["测试县生态环境局"], results["测试县教育局"], results["测试县城关镇"]
    assert (env.rank, env.score, env.status) == (1, Decimal(100), ResultStatus.RANKED)
    assert edu.rank == 2 and edu.score < 100
    # Every point lost is a deduction with the finding behind it.
    assert sum(d.points for d in edu.deductions.all()) == 100 - edu.score
    assert {d.rule for d in edu.deductions.all()} >= {"R1", "R3"}
    assert town.status == ResultStatus.MISSING and "未找到" in town.reason
    page = client.get(f"/evaluations/{evaluated.pk}/").content.decode()
    assert "测试县城关镇" in page and "未找到该单位2024年度" in page
    assert "T3.E001" in page
    # Filters: by grade, by unit, by rule.
    only_r1 = client.get(f"/evaluations/{evaluated.pk}/?rule=R1").content.decode()
    ranking = ranking_of(only_r1)
    assert "测试县教育局" in ranking and "测试县生态环境局" not in ranking
    assert "测试县城关镇" in only_r1  # still listed as without a report
    # The rule filter names each family for a Chinese reader, its code only as the value.
    assert 'value="R1" selected>R1 表三各列收支平衡' in only_r1
    assert ">STRUCT" not in page and ">COPY" not in page
    by_grade = client.get(f"/evaluations/{evaluated.pk}/?grade={env.grade}").content.decode()
    assert "测试县生态环境局" in ranking_of(by_grade)
    by_unit = client.get(f"/evaluations/{evaluated.pk}/?unit=测试县教育局").content.decode()
    assert "测试县生态环境局" not in ranking_of(by_unit)
    workbook = client.get(f"/evaluations/{evaluated.pk}/results.xlsx")
    assert unquote(workbook["Content-Disposition"]).endswith(f"{evaluated.name}-评估结果.xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    charts = client.get(f"/evaluations/{evaluated.pk}/results.html").content.decode()
    assert "测试县教育局" in charts and "测试县生态环境局" in charts


def test_an_override_is_recorded_and_the_score_recomputed_without_it(client, county, evaluated):
    edu = UnitResult.objects.get(evaluation=evaluated, unit_name="测试县教育局")
    costly = max(edu.deductions.all(), key=lambda d: d.points)
    before = edu.score
    url = f"/evaluations/{evaluated.pk}/reports/{edu.report_id}/findings/{costly.finding_index}/override/"
    assert client.post(url, {"reason": ""}).status_code == 302  # refused: no reason
    assert not evaluated.overrides.exists()
    client.post(url, {"reason": "表内数据经核实无误，系排版所致"})
    after = UnitResult.objects.get(evaluation=evaluated, unit_name="测试县教育局")
    assert after.score == before + costly.points
    kept = after.deductions.get(finding_index=costly.finding_index)
    assert kept.override is not None and kept.points == 0
    row = AuditLog.objects.get(action="evaluation.override")
    assert row.actor == county.office and row.unit == county.edu
    assert row.data["reason"] == "表内数据经核实无误，系排版所致"
    assert row.data["changes"]["score"] == [str(before), str(after.score)]
    page = client.get(f"/evaluations/{evaluated.pk}/").content.decode()
    assert "表内数据经核实无误，系排版所致" in page
    # The same finding cannot be set aside twice.
    client.post(url, {"reason": "again"})
    assert evaluated.overrides.count() == 1


def test_the_bulletin_names_every_unit_and_is_frozen_once_issued(
    client, county, evaluated, tmp_path
):
    url = f"/evaluations/{evaluated.pk}/bulletin/"
    page = client.get(url).content.decode()
    for unit in ("测试县教育局", "测试县生态环境局", "测试县城关镇"):
        assert unit in page
    client.post(
        url,
        {
            "title": "关于2024年度政府信息公开工作年度报告检查情况的通报",
            "number": "测政公办〔2025〕3号",
            "date": "2025年4月20日",
            "issuer": "测试县人民政府办公室",
            "overall": "本次共检查3个单位。\n总体情况良好。",
        },
    )
    draft = client.get(url).content.decode()
    assert "测政公办〔2025〕3号" in draft and "总体情况良好。" in draft
    assert client.post(url + "issue/").status_code == 302
    job = Evaluation.objects.get(pk=evaluated.pk).issue_job
    wait_job(job.pk)
    evaluation = Evaluation.objects.get(pk=evaluated.pk)
    assert evaluation.issued_at is not None and evaluation.issued_by == county.office
    docx = b"".join(client.get(f"/evaluations/{evaluated.pk}/bulletin.docx").streaming_content)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    tables = "\n".join(
        c.text for t in Document(io.BytesIO(docx)).tables for r in t.rows for c in r.cells
    )
    for unit in ("测试县教育局", "测试县生态环境局", "测试县城关镇"):
        assert unit in text + tables
    assert "测政公办〔2025〕3号" in text and "总体情况良好。" in text
    pdf = b"".join(client.get(f"/evaluations/{evaluated.pk}/bulletin.pdf").streaming_content)
    (tmp_path / "bulletin.pdf").write_bytes(pdf)
    pdf_text = (
        subprocess.run(
            ["pdftotext", str(tmp_path / "bulletin.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.replace(" ", "")
        .replace("\n", "")
    )
    for unit in ("测试县教育局", "测试县生态环境局", "测试县城关镇", "测政公办〔2025〕3号"):
        assert unit in pdf_text
    # Frozen: no more edits; a later override changes the results, not the bulletin.
    response = client.post(url, {"title": "x", "date": "y", "issuer": "z", "overall": "w"})
    assert E_ISSUED in client.get(response["Location"]).content.decode()
    edu = UnitResult.objects.get(evaluation=evaluated, unit_name="测试县教育局")
    d = edu.deductions.first()
    client.post(
        f"/evaluations/{evaluated.pk}/reports/{edu.report_id}/findings/{d.finding_index}/override/",
        {"reason": "复核后撤销"},
    )
    again = b"".join(client.get(f"/evaluations/{evaluated.pk}/bulletin.docx").streaming_content)
    assert again == docx
    assert AuditLog.objects.filter(action="evaluation.bulletin_issue").count() == 1


def test_outside_the_scope_the_evaluation_is_not_there(client, county, evaluated):
    other = unit_create(name="邻县人民政府", code="N", kind=UnitKind.GOVERNMENT)
    neighbour = get_user_model().objects.create_user(username="neighbour", password="x")
    membership_grant(user=neighbour, unit=other, role=Role.OFFICE)
    urls = [
        f"/evaluations/{evaluated.pk}/",
        f"/evaluations/{evaluated.pk}/bulletin/",
        f"/evaluations/{evaluated.pk}/bulletin.docx",
        f"/evaluations/{evaluated.pk}/results.xlsx",
    ]
    for who in (neighbour, county.clerk_edu, county.reviewer_env):
        client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
        report = evaluated.reports.first()
        url = f"/evaluations/{evaluated.pk}/reports/{report.pk}/findings/0/override/"
        assert client.post(url, {"reason": "x"}).status_code == 404
        assert client.post(f"/evaluations/{evaluated.pk}/bulletin/issue/").status_code == 404
    client.force_login(neighbour)
    assert "2024年度年报检查" not in client.get("/evaluations/").content.decode()
    # The neighbour cannot pick units outside their scope either.
    response = create(client, county)
    assert response.status_code == 200 and Evaluation.objects.count() == 1
    client.force_login(county.supervisor)
    assert client.get(f"/evaluations/{evaluated.pk}/").status_code == 200
    assert not evaluated.overrides.exists()


def test_a_scheme_that_cannot_be_used_is_refused_in_chinese(client, county):
    client.force_login(county.office)
    bad = SimpleUploadedFile(
        "scheme.yaml",
        "name: 测试\ntotal: 100\ngrades: {合格: 60, 不合格: 0}\nindicators:\n"
        "  on_time: {label: 按时, weight: 90, match: [ART49], deduct: {warning: 10}}\n".encode(),
    )
    body = create(client, county, scheme=bad).content.decode()
    assert "评分方案不能使用" in body and "各指标分值之和为90，应等于满分100" in body
    assert Evaluation.objects.count() == 0 and Job.objects.count() == 0
    body = create(client, county, reports=[]).content.decode()
    assert "请上传报告文件" in body and Evaluation.objects.count() == 0


def test_a_bad_zip_member_is_named_and_nothing_recorded(client, county):
    client.force_login(county.office)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("../escape.html", "<p>x</p>")
    body = create(
        client, county, reports=[SimpleUploadedFile("reports.zip", buffer.getvalue())]
    ).content.decode()
    assert "../escape.html" in body and Evaluation.objects.count() == 0


def test_the_workspace_with_its_results_is_all_chinese(client, county, evaluated):
    from test_i18n_pages import english_words

    edu = UnitResult.objects.get(evaluation=evaluated, unit_name="测试县教育局")
    d = edu.deductions.first()
    client.post(
        f"/evaluations/{evaluated.pk}/reports/{edu.report_id}/findings/{d.finding_index}/override/",
        {"reason": "复核后撤销"},
    )
    # The reports' own file names are the test's data, not UI text.
    data = [r.source for r in evaluated.reports.all()] + [county.office.username]
    for url in (
        "/evaluations/",
        f"/evaluations/{evaluated.pk}/",
        f"/evaluations/{evaluated.pk}/?rule=R1",
        f"/evaluations/{evaluated.pk}/bulletin/",
        "/evaluations/columns/",
    ):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert english_words(html, data) == set(), url


def test_the_demo_county_has_an_evaluation_to_show(client):
    from datetime import date

    from gongkai.web.demo import load_demo

    load_demo(as_of=date(2026, 12, 5), per_unit_year=2)
    evaluation = Evaluation.objects.get()
    assert evaluation.years == [2025] and evaluation.results_at is not None
    results = evaluation.results.all()
    ranked = [r for r in results if r.status == ResultStatus.RANKED]
    assert len(ranked) == 13 and ranked[0].rank == 1
    assert len({r.score for r in ranked}) >= 3  # a ranking, not a tie of everyone
    assert all(r.previous_score is not None for r in ranked)  # last year compared
    missing = [r for r in results if r.status == ResultStatus.MISSING]
    assert [r.unit_name for r in missing] == ["示例县青石镇"]
    rules = {d.finding_id for r in ranked for d in r.deductions.all()}
    assert {"PUB.W001", "T3.E001", "YR.W003"} <= rules
    client.force_login(get_user_model().objects.get(username="office"))
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert "未找到" in page and "按时公开" in page


def test_an_override_is_taken_back_and_the_score_restored(client, county, evaluated):
    edu = UnitResult.objects.get(evaluation=evaluated, unit_name="测试县教育局")
    d = max(edu.deductions.all(), key=lambda d: d.points)
    client.post(
        f"/evaluations/{evaluated.pk}/reports/{edu.report_id}/findings/{d.finding_index}/override/",
        {"reason": "误判"},
    )
    override = evaluated.overrides.get()
    client.post(f"/evaluations/{evaluated.pk}/overrides/{override.pk}/withdraw/")
    again = UnitResult.objects.get(evaluation=evaluated, unit_name="测试县教育局")
    assert again.score == edu.score and not evaluated.overrides.exists()
    assert again.deductions.get(finding_index=d.finding_index).override is None
    row = AuditLog.objects.get(action="evaluation.override_withdraw")
    assert row.data["reason"] == "误判"
    assert row.data["changes"]["score"] == [str(edu.score + d.points), str(edu.score)]


def test_the_ranking_comes_a_page_at_a_time(client, county, evaluated, monkeypatch):
    from gongkai.web.evaluations import views

    monkeypatch.setattr(views, "RANKED_PER_PAGE", 1)
    first = client.get(f"/evaluations/{evaluated.pk}/").content.decode()
    second = client.get(f"/evaluations/{evaluated.pk}/?page=2").content.decode()
    ranking = [ranking_of(page) for page in (first, second)]
    assert "测试县生态环境局" in ranking[0] and "测试县教育局" not in ranking[0]
    assert "测试县教育局" in ranking[1] and "1 / 2" in first
    # The units without a report are listed on every page.
    assert "测试县城关镇" in first and "测试县城关镇" in second


def test_an_uploaded_scheme_scores_and_grades(client, county):
    client.force_login(county.office)
    from gongkai.core.evaluate.scheme import default_scheme

    text = (
        "name: 本市年报检查评分细则\ntotal: 100\ngrades: {达标: 95, 不达标: 0}\n"
        "indicators:\n"
        "  statistics: {label: 统计数据, weight: 60, match: [R1, R2, R3, R4], deduct: {error: 20}}\n"
        "  others: {label: 其他, weight: 40, match: [R8], deduct: {warning: 5}}\n"
    )
    scheme = SimpleUploadedFile("scheme.yaml", text.encode("utf-8"))
    assert create(client, county, scheme=scheme).status_code == 302
    evaluation = wait(Evaluation.objects.get())
    assert evaluation.scheme_name == "本市年报检查评分细则"
    edu = evaluation.results.get(unit_name="测试县教育局")
    assert edu.grade == "不达标" and {d.indicator for d in edu.deductions.all()} <= {
        "统计数据",
        "其他",
    }
    assert edu.score == 100 - sum(d.points for d in edu.deductions.all())
    assert (
        default_scheme().name not in client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    )


def test_an_uploaded_report_is_its_units_by_file_name_or_by_the_name_it_prints(client, county):
    """The units are the evaluation's: a report whose text names its body otherwise
    (「测试县城关镇人民政府」, or a name the reader cannot find) is the unit its file is
    named after, or the one whose name its body contains."""
    client.force_login(county.office)
    by_name = report_file("某某单位")
    by_name.name = "测试县生态环境局2024年度报告.html"
    by_body = report_file("测试县城关镇人民政府")
    by_body.name = "b.html"
    response = create(client, county, reports=[by_name, by_body, report_file("测试县教育局")])
    assert response.status_code == 302
    evaluation = wait(Evaluation.objects.get())
    results = {r.unit_name: r.status for r in evaluation.results.all()}
    assert results == {
        "测试县教育局": ResultStatus.RANKED,
        "测试县生态环境局": ResultStatus.RANKED,
        "测试县城关镇": ResultStatus.RANKED,
    }
