"""The county office opens the ledger (台账) in a browser, finds 教育局 in the searchable
unit list, filters a year, downloads the XLSX and opens the print view, which prints with
no navigation and with the unit and filter as its header; an application's page lists
the applicant's other applications. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from gongkai.web.applications import services as apps
from gongkai.web.audit.models import AuditLog
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dated]

AS_OF = date(2025, 12, 1)
PEOPLE = [
    ("李明", "130101198001010011", "13800000011"),
    ("王芳", "130101198502020022", "13800000022"),
    ("钱多问", "130102198507153516", "13703110035"),
    ("赵强", "", "13800000044"),
]
OUTCOMES = [
    "apply.result.grant",
    "apply.result.partial",
    "apply.result.unable.not_held",
    "apply.result.deny.process_info",
    None,
]
TOPICS = ["学校划片招生方案", "教育经费预算执行情况", "民办学校审批结果", "校车安全检查记录"]


@pytest.fixture
def county(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    gov = unit_create(name="浏览器县人民政府", code="BR", kind=UnitKind.GOVERNMENT)
    edu = unit_create(name="浏览器县教育局", code="BR-EDU", kind=UnitKind.DEPARTMENT, parent=gov)
    env = unit_create(
        name="浏览器县生态环境局", code="BR-ENV", kind=UnitKind.DEPARTMENT, parent=gov
    )
    office = get_user_model().objects.create_user(
        "office", password="pw-office-123", first_name="县政务公开办"
    )
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    made = []
    day = date(2025, 2, 10)
    for n in range(12):
        unit = edu if n % 3 else env
        name, id_number, phone = PEOPLE[n % len(PEOPLE)]
        app = apps.application_register(
            unit=unit,
            channel=["online", "post_signed", "in_person"][n % 3],
            category="np",
            applicant_name=name,
            id_number=id_number,
            phone=phone,
            description=f"申请公开{unit.name}2025年{TOPICS[n % len(TOPICS)]}",
            form_wanted="electronic",
            submitted_on=day,
            received_on=day,
            actor=office,
            as_of=AS_OF,
        )
        outcome = OUTCOMES[n % len(OUTCOMES)]
        if n == 4:
            app = apps.application_consultation_start(
                application=app,
                on=day + timedelta(days=2),
                party="浏览器县自然资源局",
                answered_on=day + timedelta(days=8),
                actor=office,
                as_of=AS_OF,
            )
        if outcome is not None:
            apps.application_reply(
                application=app,
                on=day + timedelta(days=14),
                outcome=outcome,
                legal_basis="《中华人民共和国政府信息公开条例》第三十六条",
                service_method="electronic",
                actor=office,
                as_of=AS_OF,
            )
        made.append(app)
        day += timedelta(days=23)
    return edu, made


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_the_office_filters_exports_and_prints_the_ledger(page, live_server, county, shot):
    _edu, made = county
    login(page, live_server, "office", "pw-office-123")
    page.click("header.top >> text=台账")
    page.wait_for_url("**/applications/ledger/")
    # The unit is picked from a list narrowed by typing, not typed as a code.
    page.fill("input.unit-search", "教育")
    assert page.locator("#id_unit").input_value() == "BR-EDU"
    page.fill("#id_year", "2025")
    page.click("main form button[type=submit]")
    page.wait_for_url("**unit=BR-EDU**")
    table = page.locator("table.ledger tbody tr")
    assert table.count() == 8  # 教育局's 8 of the 12
    assert "浏览器县生态环境局" not in page.locator("table.ledger").inner_text()
    assert "（一）予以公开" in page.locator("table.ledger").inner_text()
    assert "浏览器县自然资源局" in page.locator("table.ledger").inner_text()
    shot(page, "ledger")

    with page.expect_download() as download:
        page.click("text=导出 Excel（XLSX）")
    data = download.value.path().read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "浏览器县教育局政府信息公开申请台账（2025年度）"
    assert sheet.max_row == 3 + 8

    page.click("text=打印视图")
    page.wait_for_url("**/applications/ledger/print/**")
    page.emulate_media(media="print")
    assert page.locator("header.top").count() == 0
    assert not page.locator(".print-tools").is_visible()
    header = page.locator("header.print-header").inner_text()
    assert "浏览器县教育局政府信息公开申请台账（2025年度）" in header
    assert "2025年度（本年新收及上年结转）" in header
    border = page.eval_on_selector(
        "table.print-table td", "e => getComputedStyle(e).borderTopColor"
    )
    assert border == "rgb(0, 0, 0)"
    shot(page, "ledger-print")
    page.emulate_media(media="screen")

    # The repeated applicant: the application's page lists the person's others.
    again = next(a for a in made if a.applicant_name == "钱多问")
    page.goto(f"{live_server.url}/applications/{again.pk}/")
    others = page.locator("table.others tbody tr")
    assert others.count() == 2
    shot(page, "application-others")
    page.goto(f"{live_server.url}/applications/{again.pk}/print/")
    page.emulate_media(media="print")
    assert "钱多问" in page.locator("main").inner_text()
    shot(page, "application-print")
    assert page.console_errors == []
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"ledger.export", "ledger.print"} <= actions
