"""An applicant applies online, staff ask for a correction, the applicant sees it,
staff reply, the applicant sees the outcome; a published report shows its tables and
chart. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from gongkai.web.applications.models import Application
from gongkai.web.reports import services as reports
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dated]


@pytest.fixture
def office(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    county = unit_create(name="浏览器县人民政府", code="BR", kind=UnitKind.GOVERNMENT)
    dept = unit_create(
        name="浏览器县教育局", code="BR-EDU", kind=UnitKind.DEPARTMENT, parent=county
    )
    clerk = get_user_model().objects.create_user(
        "clerk", password="pw-clerk-123", first_name="教育局经办人"
    )
    membership_grant(user=clerk, unit=dept, role=Role.CLERK)
    return county, dept, clerk


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def status_of(page, live_server, code, last4) -> str:
    page.goto(f"{live_server.url}/open/status/")
    page.fill("#id_tracking_code", code)
    page.fill("#id_phone_last4", last4)
    page.click("main button[type=submit]")
    return page.locator("#status-text").inner_text()


def test_apply_correct_reply(page, live_server, office, browser, shot):
    _county, dept, _clerk = office
    # The applicant applies online.
    page.goto(f"{live_server.url}/open/units/{dept.code}/")
    shot(page, "portal-unit")
    page.click("text=申请公开政府信息")
    page.select_option("#id_category", "np")
    page.fill("#id_applicant_name", "李小明")
    page.fill("#id_id_number", "110101199003071233")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_description", "申请公开2024年本县义务教育学校划片招生方案")
    page.select_option("#id_form_wanted", "electronic")
    shot(page, "portal-apply-form")
    page.click("main button[type=submit]")
    code = page.locator("#tracking-code").inner_text().strip()
    assert code.startswith("GK")
    assert "待确认" in status_of(page, live_server, code, "5678") or "确认" in status_of(
        page, live_server, code, "5678"
    )

    # Staff confirm receipt and send a correction notice.
    app = Application.objects.get(tracking_code=code)
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    login(staff, live_server, "clerk", "pw-clerk-123")
    staff.goto(f"{live_server.url}/applications/{app.pk}/")
    received = app.submitted_on.isoformat()
    staff.click("details:has(form[action$='/act/confirm/']) summary")
    staff.fill("form[action$='/act/confirm/'] input[name=on]", received)
    staff.click("form[action$='/act/confirm/'] button[type=submit]")
    # The due date, as the applicant sees it: marked 预计 when its count crosses a year
    # whose holiday arrangement is not announced.
    confirmed = Application.objects.get(pk=app.pk)
    assert confirmed.due_on is not None
    status_of(page, live_server, code, "5678")
    shown = page.locator("#status").inner_text()
    assert confirmed.due_on.isoformat() in shown
    assert ("预计" in shown) is confirmed.due_provisional
    shot(page, "portal-status-due-date")
    staff.click("details:has(form[action$='/act/correction_notice/']) summary")
    form = "form[action$='/act/correction_notice/']"
    staff.fill(f"{form} input[name=on]", received)
    staff.fill(
        f"{form} input[name=deadline]",
        date.fromordinal(app.submitted_on.toordinal() + 30).isoformat(),
    )
    staff.fill(f"{form} textarea[name=note]", "请写明所需招生方案的学段和学校名称")
    staff.click(f"{form} button[type=submit]")
    assert Application.objects.get(pk=app.pk).status == "awaiting_correction"
    shot(staff, "staff-application-after-correction-notice")

    # The applicant sees the new state.
    assert "补正" in status_of(page, live_server, code, "5678")
    shot(page, "portal-status-awaiting-correction")

    # The supplement arrives; staff reply.
    staff.reload()
    staff.click("details:has(form[action$='/act/correction_received/']) summary")
    staff.fill("form[action$='/act/correction_received/'] input[name=on]", received)
    staff.click("form[action$='/act/correction_received/'] button[type=submit]")
    staff.click("details:has(form[action$='/act/reply/']) summary")
    form = "form[action$='/act/reply/']"
    staff.fill(f"{form} input[name=on]", received)
    staff.select_option(f"{form} select[name=outcome]", "apply.result.grant")
    staff.fill(
        f"{form} input[name=legal_basis]", "《中华人民共和国政府信息公开条例》第三十六条第（二）项"
    )
    staff.select_option(f"{form} select[name=service_method]", "electronic")
    staff.click(f"{form} button[type=submit]")
    assert Application.objects.get(pk=app.pk).outcome == "apply.result.grant"
    staff.click(f"form[action$='/applications/{app.pk}/letters/reply/'] button[type=submit]")
    assert app.letters.filter(kind="reply").count() == 1

    status_text = status_of(page, live_server, code, "5678")
    assert "办结" in status_text or "已" in status_text
    body = page.content()
    assert "予以公开" in body and "李小明" not in body and "13912345678" not in body
    shot(page, "portal-status-replied")
    # The applicant downloads the reply letter.
    with page.expect_download() as download:
        page.click("#reply-letter")
    path = download.value.path()
    assert path is not None and Path(path).read_bytes()[:4] == b"%PDF"
    assert page.console_errors == []


def _publish_county_report(office) -> None:
    """The county's 2024 report (its whole tree), published: written by an office user,
    submitted by the clerk, approved and published by the office user."""
    county, _dept, clerk = office
    reviewer = get_user_model().objects.create_user("office", password="pw-office-123")
    membership_grant(user=reviewer, unit=county, role=Role.OFFICE)
    v = reports.report_version_open(unit=county, year=2024, scope="subtree", actor=reviewer)
    v = reports.report_save_narrative(
        version=v,
        sec1="2024年，浏览器县推进政务公开。",
        sec5="培训不足，将加强。",
        sec6="无。",
        actor=reviewer,
    )
    v = reports.report_submit(version=v, actor=clerk)
    for step in (reports.report_approve, reports.report_publish):
        v = step(version=v, actor=reviewer)


def test_published_report_shows_tables_and_chart(page, live_server, office, shot):
    _publish_county_report(office)
    page.goto(f"{live_server.url}/open/reports/BR/2024/?scope=subtree")
    page.wait_for_function("document.querySelector('#chart canvas') !== null")
    assert page.locator("table.report").count() == 3
    assert page.locator("#table-apply td:has-text('一、本年新收政府信息公开申请数量')").count() == 1
    shot(page, "portal-report")
    page.goto(f"{live_server.url}/open/")
    shot(page, "portal-home")
    assert page.console_errors == []


def test_a_report_on_a_phone_scrolls_its_tables_not_the_page(browser, live_server, office, shot):
    """At 390 px the statutory tables are wider than the screen: each scrolls sideways in
    its own box, and the page itself (title, narrative, menus) does not."""
    _publish_county_report(office)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    phone.goto(f"{live_server.url}/open/reports/BR/2024/?scope=subtree")
    assert phone.evaluate(overflow) <= 0
    boxes = phone.locator(".table-scroll")
    assert boxes.count() == 3
    assert phone.evaluate(
        "[...document.querySelectorAll('.table-scroll')].some(b => b.scrollWidth > b.clientWidth)"
    )
    shot(phone, "portal-report-phone")
    login(phone, live_server, "office", "pw-office-123")
    phone.goto(f"{live_server.url}/reports/BR/2024/?scope=subtree")
    assert phone.locator(".table-scroll").count() == 3
    assert phone.evaluate(overflow) <= 0
    shot(phone, "staff-report-phone")
    phone.context.close()
