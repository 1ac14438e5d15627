"""The office's dashboard: its figures are the database's, its scope the units the
user oversees, and only the office, supervisors and admins see it."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.db.models import Q

from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Application, Status
from gongkai.web.dashboard.selectors import dashboard_figures
from gongkai.web.units.models import Unit
from gongkai.web.workdays.services import work_calendar
from support import NARRATIVE

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

YEAR = 2024


@pytest.fixture
def records(county, register, as_of):
    """Applications in 2023 and 2024 at 教育局 and 生态环境局, some replied."""
    made = []
    for unit, received, outcome in [
        (county.edu, date(2023, 3, 6), "apply.result.grant"),
        (county.edu, date(2023, 3, 20), "apply.result.unable.not_held"),
        (county.env, date(2023, 11, 6), "apply.result.grant"),
        (county.edu, date(2024, 3, 4), "apply.result.grant"),
        (county.edu, date(2024, 5, 6), "apply.result.partial"),
        (county.env, date(2024, 5, 13), "apply.result.grant"),
        (county.edu, date(2024, 10, 8), None),  # overdue on 2024-11-20
        (county.env, date(2024, 10, 28), None),  # due within 5 working days
        (county.env, date(2024, 11, 18), None),  # due later
    ]:
        app = register(unit=unit, submitted_on=received, received_on=received)
        if outcome:
            app = apps.application_reply(
                application=app,
                on=work_calendar().add_working_days(received, 5),
                outcome=outcome,
                legal_basis="第三十六条",
                service_method="direct",
                actor=None,
                as_of=as_of,
            )
        made.append(app)
    return made


def test_the_figures_are_the_databases(county, records, as_of):
    units = Unit.objects.filter(path__startswith=county.gov.path)
    d = dashboard_figures(units=units, year=YEAR, as_of=as_of)
    for m in d.months:
        for key, year in (("this", YEAR), ("last", YEAR - 1)):
            assert (
                m[key]
                == Application.objects.filter(
                    received_on__year=year, received_on__month=m["month"]
                ).count()
            )
    assert d.received_this_total == 6 and d.received_last_total == 3
    assert [(o["row"], o["this"], o["last"]) for o in d.outcomes] == [
        ("apply.result.grant", 2, 2),
        ("apply.result.partial", 1, 0),
        ("apply.result.unable.not_held", 0, 1),
    ]
    assert d.outcomes[0]["label"] == "（一）予以公开"
    soon = work_calendar().add_working_days(as_of, 5)
    for row in d.units:
        unit = Unit.objects.get(code=row["code"])
        open_ = Application.objects.filter(unit=unit, status=Status.IN_PROGRESS)
        assert row["overdue"] == open_.filter(due_on__lt=as_of).count()
        assert row["due_soon"] == open_.filter(due_on__gte=as_of, due_on__lte=soon).count()
    assert {(r["code"], r["overdue"], r["due_soon"]) for r in d.units} == {
        ("T-EDU", 1, 0),
        ("T-ENV", 0, 1),
    }
    # One unit's scope counts its own applications only.
    edu = dashboard_figures(units=Unit.objects.filter(pk=county.edu.pk), year=YEAR, as_of=as_of)
    assert (
        edu.received_this_total
        == Application.objects.filter(Q(unit=county.edu), received_on__year=YEAR).count()
    )
    assert [r["code"] for r in edu.units] == ["T-EDU"]


def _cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.parametrize("who", ["office", "supervisor", "admin"])
def test_the_page_shows_the_figures_as_tables_and_chart_data(client, county, records, who):
    client.force_login(getattr(county, who))
    response = client.get(f"/dashboard/?year={YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    months = _cells(html, "table-months")
    assert months[1] == ["2024年", "0", "0", "1", "0", "2", "0", "0", "0", "0", "2", "1", "0", "6"]
    assert months[2][0] == "2023年" and months[2][-1] == "3"
    outcomes = _cells(html, "table-outcomes")
    assert outcomes[1:] == [
        ["（一）予以公开", "2", "2"],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1", "0"],
        ["（四）无法提供1.本机关不掌握相关政府信息", "0", "1"],
    ]
    # As of today (years on), every open application is overdue: the most overdue first.
    assert _cells(html, "table-units")[1:] == [
        ["测试县生态环境局", "2", "0"],
        ["测试县教育局", "1", "0"],
    ]
    data = json.loads(html.split('id="dashboard-data" type="application/json">')[1].split("<")[0])
    assert data["received_this"] == [0, 0, 1, 0, 2, 0, 0, 0, 0, 2, 1, 0]
    assert data["outcome_this"] == [2, 1, 0] and data["overdue"] == [2, 1]
    assert "vendor/echarts.min.js" in html
    # Every personal datum stays out; the nav offers the page.
    assert "130101199001011234" not in html and "张三" not in html
    assert 'href="/dashboard/"' in html


@pytest.mark.parametrize("who", ["clerk_edu", "reviewer_edu", "outsider"])
def test_clerks_and_reviewers_get_no_dashboard(client, county, records, who):
    client.force_login(getattr(county, who))
    assert client.get("/dashboard/").status_code == 404
    assert 'href="/dashboard/"' not in client.get("/").content.decode()


def test_a_year_out_of_range_falls_back_to_this_year(client, county, records, today):
    client.force_login(county.office)
    html = client.get("/dashboard/?year=1999x").content.decode()
    assert f"统计看板 · {today.year}年" in html


def test_the_queue_lists_reports_to_approve_returned_reports_and_items_to_review(client, county):
    from gongkai.web.proactive.models import CatalogueItem
    from gongkai.web.reports import services as reports

    submitted = reports.report_version_open(
        unit=county.edu, year=2023, scope="unit", actor=county.clerk_edu
    )
    reports.report_save_narrative(version=submitted, actor=county.clerk_edu, **NARRATIVE)
    reports.report_submit(version=submitted, actor=county.clerk_edu)
    returned = reports.report_version_open(
        unit=county.env, year=2023, scope="unit", actor=county.clerk_env
    )
    reports.report_save_narrative(version=returned, actor=county.clerk_env, **NARRATIVE)
    returned = reports.report_submit(version=returned, actor=county.clerk_env)
    reports.report_return(version=returned, reason="表三数字有误", actor=county.reviewer_env)
    CatalogueItem.objects.create(
        unit=county.edu,
        index_no="T-EDU/D1",
        publisher="测试县教育局",
        title="待审的招生公告",
        topic=11,
    )

    def queue(who: str) -> str:
        client.force_login(getattr(county, who))
        return client.get("/").content.decode()

    edu_reviewer = queue("reviewer_edu")
    assert "待审核的年度报告" in edu_reviewer and 'href="/reports/T-EDU/2023/"' in edu_reviewer
    assert "待审核的公开目录条目" in edu_reviewer and "待审的招生公告" in edu_reviewer
    assert "T-ENV" not in edu_reviewer and "被退回的年度报告" not in edu_reviewer
    env_clerk = queue("clerk_env")
    assert "被退回的年度报告" in env_clerk and "表三数字有误" in env_clerk
    assert "待审核的年度报告" not in env_clerk and "待审的招生公告" not in env_clerk
    office = queue("office")
    assert "待审核的年度报告" in office and "待审的招生公告" in office
    # The office writes at every unit under it: it sees the returned report too.
    assert "表三数字有误" in office
    assert "待审核" not in queue("clerk_edu").split("<main>")[1].split("按单位")[0]
