"""Cases and duties in the browser: the clerk asks for an extension, the reviewer finds
it in the work queue and approves it (the due date moves); the clerk records how a
pending reconsideration was decided."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Appeal, Application
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from gongkai.web.workdays.services import work_calendar

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dated]


@pytest.fixture
def unit(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    gov = unit_create(name="浏览器县人民政府", code="BR", kind=UnitKind.GOVERNMENT)
    dept = unit_create(name="浏览器县教育局", code="BR-EDU", kind=UnitKind.DEPARTMENT, parent=gov)
    User = get_user_model()
    clerk = User.objects.create_user("clerk", password="pw-clerk-123", first_name="教育局经办人")
    membership_grant(user=clerk, unit=dept, role=Role.CLERK)
    reviewer = User.objects.create_user(
        "reviewer", password="pw-reviewer-123", first_name="教育局审核人"
    )
    membership_grant(user=reviewer, unit=dept, role=Role.REVIEWER)
    return dept, clerk, reviewer


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def _register(dept, clerk, received, today, description):
    return apps.application_register(
        unit=dept,
        channel="in_person",
        category="np",
        applicant_name="赵六",
        phone="13800000000",
        description=description,
        form_wanted="electronic",
        submitted_on=received,
        actor=clerk,
        as_of=today,
    )


def test_extension_request_approval_and_case_update(page, live_server, unit, browser, shot, today):
    dept, clerk_user, _reviewer = unit
    cal = work_calendar()
    received = today - timedelta(days=14)
    app = _register(
        dept, clerk_user, received, today, "申请公开本县近五年学校布局调整的全部档案材料"
    )
    due_before = app.due_on
    assert due_before is not None and due_before >= today

    # The clerk asks for 15 working days.
    login(page, live_server, "clerk", "pw-clerk-123")
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    box = page.locator("details.extension-request")
    box.locator("summary").click()
    box.locator("input[name=on]").fill(today.isoformat())
    box.locator("input[name=days]").fill("15")
    box.locator("textarea[name=reason]").fill("涉及近五年的档案，需向多个科室调取并逐项核对")
    box.locator("button[type=submit]").click()
    assert "已提交延期申请" in page.locator("ul.messages").inner_text()
    section = page.locator("main").inner_text()
    assert "待审核" in section and "涉及近五年的档案" in section
    assert page.locator("form.extension-decision").count() == 0  # not for the requester
    page.locator("#extension").scroll_into_view_if_needed()
    shot(page, "extension-requested-by-clerk")
    assert Application.objects.get(pk=app.pk).due_on == due_before

    # The reviewer finds it in the work queue and approves it.
    reviewer = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    ).new_page()
    login(reviewer, live_server, "reviewer", "pw-reviewer-123")
    reviewer.goto(f"{live_server.url}/")
    queue = reviewer.locator("#extension-requests + table").inner_text()
    assert app.tracking_code in queue and "教育局经办人" in queue and "15" in queue
    shot(reviewer, "extension-reviewer-queue")
    reviewer.click(f"text={app.tracking_code} >> nth=0")
    decision = reviewer.locator("form.extension-decision")
    decision.locator("input[name=on]").fill(today.isoformat())
    shot(reviewer, "extension-reviewer-decides")
    decision.locator("button[formaction$='/approve/']").click()
    assert "已批准延期" in reviewer.locator("ul.messages").inner_text()
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.due_on == cal.add_working_days(due_before, 15)
    due = reviewer.locator("section:has(h2:text-is('答复期限'))").inner_text()
    assert fresh.due_on.isoformat() in due and "经批准延长15个工作日" in due
    assert "已批准" in reviewer.locator("#extension + table").inner_text()
    shot(reviewer, "extension-approved-by-reviewer")

    # A reconsideration of an earlier reply, pending; the clerk records its decision.
    earlier = _register(
        dept, clerk_user, today - timedelta(days=80), today, "申请公开某学校食堂承包合同"
    )
    replied = today - timedelta(days=60)
    apps.application_reply(
        application=earlier,
        on=max(replied, earlier.received_on),
        outcome="apply.result.deny.third_party",
        legal_basis="《中华人民共和国政府信息公开条例》第十五条",
        service_method="direct",
        actor=clerk_user,
        as_of=today,
    )
    case = apps.appeal_create(
        application=earlier,
        kind="review",
        result="pending",
        filed_on=today - timedelta(days=40),
        decided_on=None,
        actor=clerk_user,
        as_of=today,
    )
    page.goto(f"{live_server.url}/applications/{earlier.pk}/")
    form = page.locator(f"form[action$='/appeals/{case.pk}/']")
    form.locator("select[name$=result]").select_option("corrected")
    form.locator("input[name$=case_number]").fill("浏复决字〔2026〕3号")
    form.locator("input[name$=deciding_body]").fill("浏览器县人民政府")
    decided = today - timedelta(days=3)
    form.locator("input[name$=decided_on]").fill(decided.isoformat())
    form.locator("button[type=submit]").click()
    assert "已保存" in page.locator("ul.messages").inner_text()
    row = page.locator(f"#case-{case.pk}").inner_text()
    assert "浏复决字〔2026〕3号" in row and "结果纠正" in row and decided.isoformat() in row
    page.locator("table.cases").scroll_into_view_if_needed()
    shot(page, "case-updated")
    fresh_case = Appeal.objects.get(pk=case.pk)
    assert (fresh_case.result, fresh_case.decided_on) == ("corrected", decided)
    assert page.console_errors == []
