"""Issue 15 in a real browser: an edit and an administration change are read on the audit
log page with their before and after values, the unit picked from a searchable list, the
log exported; a visitor finds the annual reports on /open/reports/. Screenshots are kept
in test-artifacts/ (audit-log.png, open-reports.png)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from gongkai.web.reports import services as reports
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dated]


@pytest.fixture
def county(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    gov = unit_create(name="审计县人民政府", code="AU", kind=UnitKind.GOVERNMENT)
    edu = unit_create(name="审计县教育局", code="AU-EDU", kind=UnitKind.DEPARTMENT, parent=gov)
    unit_create(name="审计县卫生健康局", code="AU-HEA", kind=UnitKind.DEPARTMENT, parent=gov)
    users = get_user_model().objects
    clerk = users.create_user("clerk", password="pw-clerk-123", first_name="教育局经办人")
    reviewer = users.create_user("reviewer", password="pw-rev-123", first_name="教育局审核人")
    office = users.create_user("office", password="pw-office-123", first_name="县政务公开办")
    users.create_superuser("root", password="pw-root-123", first_name="系统管理员")
    membership_grant(user=clerk, unit=edu, role=Role.CLERK)
    membership_grant(user=reviewer, unit=edu, role=Role.REVIEWER)
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    return gov, edu, clerk, reviewer, office


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_audit_log_and_public_reports(page, live_server, county, shot):
    _gov, edu, clerk, reviewer, office = county
    # The clerk rewrites the report's overview; the report is then published.
    v = reports.report_version_open(unit=edu, year=2025, scope="unit", actor=clerk)
    v = reports.report_save_narrative(
        version=v, sec1="2025年，本局主动公开信息120条。", sec5="", sec6="", actor=clerk
    )
    v = reports.report_save_narrative(
        version=v,
        sec1="2025年，本局主动公开政府信息136条，受理依申请公开4件。",
        sec5="个别答复说理不够充分。",
        sec6="本年度未收取信息处理费。",
        actor=clerk,
    )
    v = reports.report_submit(version=v, actor=clerk)
    v = reports.report_approve(version=v, actor=reviewer)
    reports.report_publish(version=v, actor=office)
    newcomer = get_user_model().objects.create_user("newcomer", first_name="新到岗人员")
    m = membership_grant(user=newcomer, unit=edu, role=Role.CLERK)

    # The administrator makes the newcomer the unit's reviewer in the admin.
    login(page, live_server, "root", "pw-root-123")
    page.goto(f"{live_server.url}/admin/units/membership/{m.pk}/change/")
    page.select_option("#id_role", "reviewer")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()
    page.click("#logout-form button")

    # The office reads the log of 教育局, picked from the searchable list.
    login(page, live_server, "office", "pw-office-123")
    page.click("header >> text=审计日志")
    page.fill("input.unit-search", "教育")
    assert page.locator("#id_unit option:not([hidden])").count() == 2  # 全部单位 and 教育局
    page.select_option("#id_unit", label="审计县教育局（AU-EDU）")
    page.click("form.audit-filters button[type=submit]")
    rows = page.locator("table.audit > tbody > tr")
    assert rows.count() >= 6
    text = page.locator("table.audit").inner_text()
    assert "在管理后台修改" in text and "修改年度报告文字" in text and "发布年度报告" in text
    admin_row = rows.filter(has_text="在管理后台修改")
    assert "经办人" in admin_row.locator("td.before").inner_text()  # the role by its name
    assert "审核人" in admin_row.locator("td.after").inner_text()
    edit_row = rows.filter(has_text="修改年度报告文字").first
    assert "136条" in edit_row.locator("td.after").first.inner_text()
    assert "卫生健康局" not in text
    page.locator("table.audit").scroll_into_view_if_needed()
    shot(page, "audit-log")
    with page.expect_download() as download:
        page.click("text=XLSX")
    ws = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert ws["A1"].value == "时间" and ws.max_row == rows.count() + 1
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]

    # A visitor finds the published report from the front page.
    page.click("form.inline button")  # log out
    page.goto(f"{live_server.url}/")
    page.click("header >> text=年度报告")
    assert page.url.endswith("/open/reports/")
    assert page.locator("text=审计县教育局2025年度报告").count() == 1
    shot(page, "open-reports")
    with page.expect_download() as download:
        page.click("text=DOCX")
    assert download.value.suggested_filename == "审计县教育局2025年政府信息公开工作年度报告.docx"
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]
