"""The office words its letters in the browser: the editor shows the letter of a sample
application beside the form, the preview follows what is typed (before saving), a wrong
placeholder is refused in Chinese, and the saved wording appears in the next letter the
clerk issues, with its document number — whose delivery the clerk then records."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import docx
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from gongkai.web.applications import services as apps
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dated]


@pytest.fixture
def county(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    gov = unit_create(name="示例县人民政府", code="SL", kind=UnitKind.GOVERNMENT)
    dept = unit_create(
        name="示例县发展和改革局", code="SL-FGJ", kind=UnitKind.DEPARTMENT, parent=gov
    )
    User = get_user_model()
    office = User.objects.create_user("office", password="pw-office-123", first_name="县政务公开办")
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    clerk = User.objects.create_user("clerk", password="pw-clerk-123", first_name="发改局经办人")
    membership_grant(user=clerk, unit=dept, role=Role.CLERK)
    return gov, dept, office, clerk


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_the_office_words_a_letter_with_its_preview(
    page, live_server, county, browser, shot, today
):
    _gov, dept, _office, clerk = county
    login(page, live_server, "office", "pw-office-123")
    page.click("text=文书模板")
    page.select_option("#pick-unit", "SL-FGJ")
    page.select_option("#pick-kind", "reply")
    page.click("form.filters button[type=submit]")
    preview = page.locator("#letter-preview")
    assert "政府信息公开申请答复书" in preview.inner_text()
    assert f"依申〔{today.year}〕1号" in preview.inner_text()

    page.fill("#id_pattern", "示发改依申〔{年份}〕{序号}号")
    page.fill("#id_contact", "联系人：县发改局办公室　联系电话：0000-7654321")
    page.fill("#id_notes", "相关信息可于工作日到本机关政务服务窗口领取。")
    # The preview follows the typing, before anything is saved.
    expect(preview).to_contain_text("0000-7654321")
    text = preview.inner_text()
    assert f"示发改依申〔{today.year}〕1号" in text and "政务服务窗口领取" in text
    assert "（印章）" in text and "示例县发展和改革局" in text
    shot(page, "letter-template-editor")

    page.fill("#id_closing", "特此答复{落款}")
    page.click("button[name=save]")
    assert "「{落款}」不是可用的占位符" in page.inner_text(".errorlist")
    page.fill("#id_closing", "特此答复。")
    page.click("button[name=save]")
    assert "已保存" in page.inner_text(".messages")

    # The clerk's next reply letter carries the wording and the number.
    # dates before today, whatever day the suite runs on (a reply, then its delivery)
    received, replied = today - timedelta(days=40), today - timedelta(days=20)
    app = apps.application_register(
        unit=dept,
        channel="in_person",
        category="np",
        applicant_name="王小明",
        phone="13800000000",
        description="2026年县城区老旧小区改造项目计划表。",
        form_wanted="electronic",
        submitted_on=received,
        actor=clerk,
        as_of=today,
    )
    apps.application_reply(
        application=app,
        on=replied,
        outcome="apply.result.partial",
        legal_basis="《中华人民共和国政府信息公开条例》第十五条",
        withheld="计划表中涉及个人信息的内容",
        service_method="post",
        actor=clerk,
        as_of=today,
    )
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    login(staff, live_server, "clerk", "pw-clerk-123")
    staff.goto(f"{live_server.url}/applications/{app.pk}/")
    staff.click("#letters ~ form.inline button[type=submit]")
    number = f"示发改依申〔{replied.year}〕1号"  # the year of the letter's date
    assert number in staff.inner_text("table.letters")
    letter = app.letters.get()
    with letter.docx.open("rb") as fh:
        body = "\n".join(p.text for p in docx.Document(BytesIO(fh.read())).paragraphs)
    assert number in body and "政务服务窗口领取" in body and "0000-7654321" in body
    assert "计划表中涉及个人信息的内容不予公开" in body
    assert (
        f"{replied.year}年{replied.month}月{replied.day}日" in body
        and "划计划表”。" in body.replace("改造项目", "划")
    )

    staff.click("text=登记送达")
    staff.select_option("table.letters select[name=method]", "post")
    staff.fill("table.letters input[name=on]", (replied + timedelta(days=1)).isoformat())
    staff.fill("table.letters input[name=tracking_number]", "EA123456789CN")
    staff.click("table.letters form button[type=submit]")
    assert "EA123456789CN" in staff.inner_text("table.letters")
    shot(staff, "letter-issued-and-delivered")
    assert not page.console_errors, page.console_errors
