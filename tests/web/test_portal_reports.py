"""Issue 15, point 6: the public list of annual reports, the portal at / for visitors,
the favicon, and the Chinese of the pages named in the issue."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from gongkai.web.proactive.models import CatalogueItem
from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportVersion


def _published(county, unit, year, text="总体情况"):
    v = reports.report_version_open(unit=unit, year=year, scope="unit", actor=county.office)
    v = reports.report_save_narrative(
        version=v,
        sec1=text,
        sec5="政策解读还不够及时，下一步将加强培训。",
        sec6="无",
        actor=county.office,
    )
    v = reports.report_submit(version=v, actor=county.reviewer_edu)
    v = reports.report_approve(version=v, actor=county.office)
    return reports.report_publish(version=v, actor=county.office)


def test_the_list_shows_every_published_report_by_year_with_its_documents(client, county):
    _published(county, county.edu, 2023)
    first = _published(county, county.edu, 2024, "第一版")
    second = reports.report_new_version(version=first, reason="更正数字", actor=county.office)
    second = reports.report_save_narrative(
        version=second,
        sec1="第二版",
        sec5="政策解读还不够及时，下一步将加强培训。",
        sec6="无",
        actor=county.office,
    )
    second = reports.report_submit(version=second, actor=county.reviewer_edu)
    second = reports.report_approve(version=second, actor=county.office)
    reports.report_publish(version=second, actor=county.office)
    reports.report_version_open(unit=county.env, year=2024, scope="unit", actor=county.office)

    body = client.get("/open/reports/").content.decode()
    assert body.index("2024年度报告") < body.index("2023年度报告")
    assert "测试县教育局2024年度报告" in body and "第2版" in body
    assert "测试县生态环境局" not in body  # a draft is not public
    for kind in ("html", "docx", "pdf"):
        link = f'href="/open/reports/T-EDU/2024/download.{kind}"'
        assert link in body
    assert body.count('href="/open/reports/T-EDU/2024/download.pdf"') == 1  # the latest only
    response = client.get("/open/reports/T-EDU/2024/download.html")
    assert response.status_code == 200 and "第二版" in response.content.decode()
    one_year = client.get("/open/reports/?year=2023").content.decode()
    assert "2023年度报告" in one_year and "2024年度报告" not in one_year
    assert "尚未发布年度报告" in client.get("/open/reports/?year=2019").content.decode()
    # The list reads the versions once, whatever their number.
    assert ReportVersion.objects.filter(status="published").count() == 3


def test_visitors_at_the_root_see_the_portal_and_staff_their_queue(client, county):
    body = client.get("/").content.decode()
    assert "政府信息公开" in body and 'href="/open/reports/"' in body
    assert 'href="/accounts/login/"' in body  # the way in for staff
    client.force_login(county.clerk_edu)
    assert "工作台" in client.get("/").content.decode()


def test_a_favicon_is_linked_and_served(client, county):
    assert finders.find("gongkai/favicon.svg")
    for url in ("/open/", "/accounts/login/"):
        assert 'rel="icon" href="/static/gongkai/favicon.svg"' in client.get(url).content.decode()
    client.force_login(county.admin)
    assert "gongkai/favicon.svg" in client.get("/admin/").content.decode()


def test_the_supervisor_is_not_offered_registration(client, county):
    client.force_login(county.supervisor)
    body = client.get("/reports/").content.decode()
    assert "登记申请" not in body and 'href="/applications/new/"' not in body
    assert client.get("/applications/new/").status_code == 404
    client.force_login(county.clerk_edu)
    assert 'href="/applications/new/"' in client.get("/reports/").content.decode()


def test_a_duplicate_index_number_is_refused_in_plain_chinese(client, county):
    CatalogueItem.objects.create(
        unit=county.edu, index_no="T-EDU/2024-1", publisher="教育局", title="甲", topic=1
    )
    client.force_login(county.clerk_edu)
    body = client.post(
        "/catalogue/new/",
        {
            "unit": county.edu.pk,
            "index_no": "T-EDU/2024-1",
            "publisher": "教育局",
            "title": "乙",
            "topic": 1,
            "kind": "ordinary",
        },
    ).content.decode()
    assert "已有使用该索引号的目录条目" in body
    assert "具有 索引号 的 目录条目 已存在" not in body
    assert '<label for="id_unit">单位' in body  # not "Unit"
    assert CatalogueItem.objects.count() == 1


def test_check_levels_are_named_in_chinese(client, county, register):
    register()  # a year with an application: the checks find something to warn of
    client.force_login(county.office)
    body = client.get("/reports/T-EDU/2024/").content.decode()
    assert '<span class="badge warning">警告</span>' in body
    assert ">warning<" not in body and ">error<" not in body and ">info<" not in body


def test_the_queue_offers_the_units_in_scope_as_a_searchable_list(client, county):
    client.force_login(county.office)
    body = client.get("/").content.decode()
    select = body[body.index('<select id="unit"') : body.index("</select>")]
    assert "data-searchable" in select
    assert '<option value="T-EDU">测试县教育局（T-EDU）</option>' in select
    assert "gongkai/unit-picker.js" in body and finders.find("gongkai/unit-picker.js")
    client.force_login(county.clerk_edu)  # a clerk's scope is the clerk's unit
    body = client.get("/").content.decode()
    assert "T-ENV" not in body[body.index('<select id="unit"') :]
    client.force_login(county.office)
    body = client.get("/applications/?unit=T-EDU").content.decode()
    assert '<option value="T-EDU" selected>测试县教育局（T-EDU）</option>' in body


@override_settings(LANGUAGE_CODE="zh-hans")
def test_the_report_list_is_in_chinese(client, county):
    _published(county, county.edu, 2024)
    body = client.get("/open/reports/").content.decode()
    assert "政府信息公开工作年度报告" in body and "Annual report" not in body


@pytest.mark.parametrize("who", ["clerk_edu", "reviewer_edu", "office", "supervisor", "admin"])
def test_every_link_of_the_menu_opens(client, county, who):
    """The menu offers each role only pages it may open (no 404 behind a menu entry)."""
    client.force_login(getattr(county, who))
    body = client.get("/").content.decode()
    nav = body[body.index("<header") : body.index("</header>")]
    links = {u for u in re.findall(r'href="(/[^"]*)"', nav) if "logout" not in u}
    assert "/" in links and len(links) >= 5
    assert {u: client.get(u).status_code for u in links} == dict.fromkeys(links, 200)
