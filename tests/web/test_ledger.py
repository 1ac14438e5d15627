"""The ledger (台账): a year's rows are the applications its report counts, the filters,
the XLSX columns, the print views, the scope (another unit's rows are absent or 404),
the audit rows of searches and exports (with no ID number or phone in clear), and each
application's "other applications of this applicant"."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from gongkai.web.applications import services as apps
from gongkai.web.applications.ledger import (
    COLUMNS,
    ROW_LABELS,
    LedgerFilter,
    ledger_list,
    ledger_rows,
    mask,
)
from gongkai.web.audit.models import AuditLog
from gongkai.web.reports.services import report_compile
from gongkai.web.units.models import Unit

pytestmark = pytest.mark.django_db

ID_A = "130101199001011111"
ID_B = "130101199202022222"
PHONE_A = "13800001111"


@pytest.fixture
def ledger(county, register, as_of):
    """教育局: one carried into 2024 and replied in it, one of 2023 closed in 2023, one of
    2024 extended, consulted and appealed, one of 2024 still open, one by the same person
    as the first; 生态环境局: one by a person with no ID number."""

    def reply(app, on, outcome="apply.result.grant"):
        return apps.application_reply(
            application=app,
            on=on,
            outcome=outcome,
            legal_basis="第三十六条",
            service_method="direct",
            actor=county.clerk_edu,
            as_of=as_of,
        )

    carried = register(
        received_on=date(2023, 12, 20), submitted_on=date(2023, 12, 20), id_number=ID_A
    )
    reply(carried, date(2024, 1, 10))
    old = register(
        received_on=date(2023, 6, 1),
        submitted_on=date(2023, 6, 1),
        id_number=ID_B,
        applicant_name="李四",
        phone="13900002222",
    )
    reply(old, date(2023, 6, 20), "apply.result.unable.not_held")
    busy = register(
        received_on=date(2024, 3, 1),
        submitted_on=date(2024, 3, 1),
        id_number="",
        applicant_name="某某科技有限公司",
        category="le_com",
        channel="online",
        phone="",
    )
    busy = apps.application_consultation_start(
        application=busy,
        on=date(2024, 3, 5),
        party="县自然资源局",
        answered_on=date(2024, 3, 12),
        actor=county.clerk_edu,
        as_of=as_of,
    )
    busy = apps.application_extend(
        application=busy,
        on=date(2024, 3, 25),
        days=20,
        approved_by=county.reviewer_edu,
        actor=county.clerk_edu,
        as_of=as_of,
        reason="需要征求意见",
    )
    busy = reply(busy, date(2024, 4, 15), "apply.result.partial")
    apps.appeal_create(
        application=busy,
        kind="review",
        result="pending",
        filed_on=date(2024, 5, 20),
        decided_on=None,
        actor=county.clerk_edu,
        as_of=as_of,
    )
    open_ = register(received_on=date(2024, 10, 8), submitted_on=date(2024, 10, 8), id_number=ID_B)
    again = register(
        received_on=date(2024, 10, 9),
        submitted_on=date(2024, 10, 9),
        id_number=ID_A,
        applicant_name="张三",
        phone="13000000000",
    )
    env = register(
        unit=county.env,
        received_on=date(2024, 5, 6),
        submitted_on=date(2024, 5, 6),
        applicant_name="王五",
        id_number="",
        phone=PHONE_A,
        actor=county.clerk_env,
    )
    env_edu = register(
        received_on=date(2024, 5, 7),
        submitted_on=date(2024, 5, 7),
        applicant_name="王五",
        id_number="",
        phone=PHONE_A,
    )
    return SimpleNamespace(
        carried=carried,
        old=old,
        busy=busy,
        open=open_,
        again=again,
        env=env,
        env_edu=env_edu,
        county=county,
    )


def _codes(body: str, *apps_) -> list[bool]:
    return [a.tracking_code in body for a in apps_]


def test_a_years_ledger_is_what_its_report_counts(ledger):
    edu = ledger.county.edu
    flt = LedgerFilter(unit=edu, year=2024)
    rows = list(ledger_rows(ledger_list(units=Unit.objects.all(), flt=flt)))
    listed = {r.application.pk for r in rows}
    assert listed == {
        ledger.carried.pk,
        ledger.busy.pk,
        ledger.open.pk,
        ledger.again.pk,
        ledger.env_edu.pk,
    }
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].application == ledger.carried  # in the order received
    # The outcome column counted by Table 3 row equals the compiled report's Table 3.
    label_to_row = {label: row for row, label in ROW_LABELS.items()}
    counted = Counter(label_to_row[r.result] for r in rows)
    cells = report_compile(unit=edu, year=2024).report.cells
    for row in ROW_LABELS:
        if row.startswith("apply.result.") and row != "apply.result.total":
            assert counted.get(row, 0) == cells[f"{row}.total"].number, row
    assert counted["apply.carried_out"] == cells["apply.carried_out.total"].number == 3
    assert len(rows) == (cells["apply.new.total"].number + cells["apply.carried_in.total"].number)
    busy = next(r for r in rows if r.application == ledger.busy)
    assert busy.cells()[6:] == [
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        date(2024, 4, 15),
        "是",
        "县自然资源局",
        "行政复议（尚未审结）",
    ]
    assert busy.category == "商业企业"


def test_filters(client, ledger):
    client.force_login(ledger.county.clerk_edu)
    url = "/applications/ledger/"
    body = client.get(url, {"year": 2023}).content.decode()
    assert _codes(body, ledger.old, ledger.carried, ledger.busy) == [True, True, False]
    body = client.get(url, {"year": 2024, "result": "apply.result.partial"}).content.decode()
    assert _codes(body, ledger.busy, ledger.carried, ledger.open) == [True, False, False]
    body = client.get(url, {"year": 2024, "result": "apply.carried_out"}).content.decode()
    assert _codes(body, ledger.open, ledger.again, ledger.busy) == [True, True, False]
    body = client.get(url, {"status": "closed"}).content.decode()
    assert _codes(body, ledger.old, ledger.busy, ledger.open) == [True, True, False]
    body = client.get(url, {"channel": "online"}).content.decode()
    assert _codes(body, ledger.busy, ledger.carried) == [True, False]
    body = client.get(url, {"applicant_field": "name", "applicant": "李"}).content.decode()
    assert _codes(body, ledger.old, ledger.carried) == [True, False]
    body = client.get(url, {"applicant_field": "id_number", "applicant": ID_A}).content.decode()
    assert _codes(body, ledger.carried, ledger.again, ledger.open) == [True, True, False]
    body = client.get(url, {"applicant_field": "phone", "applicant": PHONE_A}).content.decode()
    assert _codes(body, ledger.env_edu, ledger.carried) == [True, False]
    # A wrong year is refused at the field, in Chinese; nothing is listed.
    body = client.get(url, {"year": "abc"}).content.decode()
    assert "errorlist" in body and ledger.carried.tracking_code not in body


def test_the_unit_is_picked_from_the_users_units(client, ledger):
    client.force_login(ledger.county.office)
    body = client.get("/applications/ledger/").content.decode()
    assert 'data-searchable="1"' in body
    assert "测试县教育局（T-EDU）" in body and "测试县生态环境局（T-ENV）" in body
    body = client.get("/applications/ledger/", {"unit": "T", "subtree": "on"}).content.decode()
    assert _codes(body, ledger.env, ledger.busy) == [True, True]
    body = client.get("/applications/ledger/", {"unit": "T"}).content.decode()
    assert _codes(body, ledger.env, ledger.busy) == [False, False]


def test_a_clerk_sees_only_the_own_units_rows(client, ledger):
    client.force_login(ledger.county.clerk_env)
    body = client.get("/applications/ledger/").content.decode()
    assert _codes(body, ledger.env, ledger.busy, ledger.carried) == [True, False, False]
    assert "测试县教育局" not in body  # not even offered
    assert client.get("/applications/ledger/", {"unit": "T-EDU"}).status_code == 404
    assert client.get("/applications/ledger/export.xlsx", {"unit": "T-EDU"}).status_code == 404
    assert client.get("/applications/ledger/print/", {"unit": "T-EDU"}).status_code == 404
    response = client.get("/applications/ledger/export.xlsx", {"year": 2024})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [r[3] for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["王五"]
    assert client.get(f"/applications/{ledger.busy.pk}/print/").status_code == 404


def test_no_ledger_for_who_sees_no_unit(client, ledger):
    client.force_login(ledger.county.outsider)
    for url in ("/applications/ledger/", "/applications/ledger/export.xlsx"):
        assert client.get(url).status_code == 404


def test_a_supervisors_ledger_names_no_applicant(client, ledger):
    client.force_login(ledger.county.supervisor)
    body = client.get("/applications/ledger/", {"year": 2024}).content.decode()
    assert _codes(body, ledger.busy, ledger.env) == [True, True]
    for secret in ("张三", "王五", "某某科技有限公司", ID_A, PHONE_A):
        assert secret not in body
    assert 'name="applicant"' not in body  # no search by applicant offered
    # Nor can one be forced through the address: it is ignored, and nothing is searched.
    body = client.get("/applications/ledger/", {"applicant": "张三"}).content.decode()
    assert "张三" not in body.split("</form>", 1)[1]
    assert not AuditLog.objects.filter(action="ledger.search").exists()
    response = client.get("/applications/ledger/export.xlsx", {"year": 2024})
    assert unquote(response["Content-Disposition"]).endswith("政府信息公开申请台账（2024年）.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 6 and {r[3] for r in rows} == {"—"}
    body = client.get("/applications/ledger/print/", {"year": 2024}).content.decode()
    assert "张三" not in body and "某某科技有限公司" not in body


def test_the_xlsx_has_the_offices_columns_and_is_audited(client, ledger):
    client.force_login(ledger.county.clerk_edu)
    response = client.get("/applications/ledger/export.xlsx", {"year": 2024, "unit": "T-EDU"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "测试县教育局政府信息公开申请台账（2024年度）"
    assert rows[1][0] == "2024年度（本年新收及上年结转）"
    assert (
        list(rows[2])
        == list(COLUMNS)
        == [
            "序号",
            "收到日期",
            "申请人类别",
            "申请人",
            "申请方式",
            "申请内容",
            "办理结果",
            "答复日期",
            "是否延期",
            "征求意见",
            "复议/诉讼",
        ]
    )
    data = rows[3:]
    assert [r[0] for r in data] == [1, 2, 3, 4, 5]
    first = data[0]
    assert first[1].date() == date(2023, 12, 20)
    assert first[2:5] == ("自然人", "张三", "当面提交")
    assert first[6:] == ("（一）予以公开", first[7], "否", "否", "无")
    assert first[7].date() == date(2024, 1, 10)
    busy = next(r for r in data if r[3] == "某某科技有限公司")
    assert busy[8:] == ("是", "县自然资源局", "行政复议（尚未审结）")
    log = AuditLog.objects.get(action="ledger.export")
    assert log.actor == ledger.county.clerk_edu and log.unit == ledger.county.edu
    assert log.data["year"] == 2024 and log.data["rows"] == 5 and log.data["format"] == "xlsx"
    assert "张三" not in json.dumps(log.data, ensure_ascii=False)


def test_searches_are_audited_without_the_value_in_clear(client, ledger):
    client.force_login(ledger.county.clerk_edu)
    client.get("/applications/ledger/", {"year": 2024})  # no search: no row
    assert not AuditLog.objects.filter(action="ledger.search").exists()
    client.get("/applications/ledger/", {"applicant_field": "id_number", "applicant": ID_A})
    client.get("/applications/ledger/", {"applicant_field": "phone", "applicant": PHONE_A})
    client.get("/applications/ledger/", {"applicant_field": "name", "applicant": "张三"})
    logs = list(AuditLog.objects.filter(action="ledger.search").order_by("id"))
    assert [(log.data["applicant_field"], log.data["found"]) for log in logs] == [
        ("id_number", 2),
        ("phone", 1),
        ("name", 3),
    ]
    assert [log.data["applicant_masked"] for log in logs] == [
        "13**************11",
        "138****1111",
        "张*",
    ]
    assert all(log.actor == ledger.county.clerk_edu for log in logs)
    text = json.dumps([log.data for log in AuditLog.objects.all()], ensure_ascii=False)
    assert ID_A not in text and PHONE_A not in text and "张三" not in text


def test_mask():
    assert mask("id_number", "13010119900101123X") == "13**************3X"
    assert mask("phone", "13800138000") == "138****8000"
    assert mask("phone", "6612345") == "*******"
    assert mask("name", "欧阳保密") == "欧***"


def test_print_views(client, ledger):
    client.force_login(ledger.county.clerk_edu)
    response = client.get("/applications/ledger/print/", {"year": 2024, "unit": "T-EDU"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "测试县教育局政府信息公开申请台账（2024年度）" in body
    assert "2024年度（本年新收及上年结转）" in body and "共 5 件申请" in body
    assert 'class="top"' not in body  # no navigation
    assert body.count("<tr>") == 6
    assert AuditLog.objects.get(action="ledger.print").data["rows"] == 5
    body = client.get(f"/applications/{ledger.busy.pk}/print/").content.decode()
    assert "某某科技有限公司" in body and "县自然资源局" in body and 'class="top"' not in body
    client.force_login(ledger.county.supervisor)
    body = client.get(f"/applications/{ledger.carried.pk}/print/").content.decode()
    assert ledger.carried.tracking_code in body and "张三" not in body and ID_A not in body


def test_the_print_css_hides_the_navigation():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("gongkai/site.css")).read_text(encoding="utf-8")
    block = css.split("@media print", 1)[1]
    assert "header.top" in block and "display: none" in block and "border: 1px solid #000" in block


def test_the_applicants_other_applications(client, ledger):
    client.force_login(ledger.county.clerk_edu)
    body = client.get(f"/applications/{ledger.carried.pk}/").content.decode()
    assert "该申请人的其他申请" in body
    assert _codes(body, ledger.again, ledger.open, ledger.old) == [True, False, False]
    # No ID number: the same name and phone; the clerk of 教育局 does not see 生态环境局's.
    body = client.get(f"/applications/{ledger.env_edu.pk}/").content.decode()
    assert "您可查看的单位中没有。" in body and ledger.env.tracking_code not in body
    client.force_login(ledger.county.office)
    body = client.get(f"/applications/{ledger.env_edu.pk}/").content.decode()
    assert ledger.env.tracking_code in body
    # A supervisor sees no applicant, so no "other applications" either.
    client.force_login(ledger.county.supervisor)
    body = client.get(f"/applications/{ledger.carried.pk}/").content.decode()
    assert "该申请人的其他申请" not in body and ledger.again.tracking_code not in body


def test_the_menu_offers_the_ledger(client, ledger):
    client.force_login(ledger.county.clerk_edu)
    assert 'href="/applications/ledger/"' in client.get("/").content.decode()


@pytest.mark.parametrize("who", ["clerk_edu", "supervisor"])
def test_the_pages_are_in_chinese(client, ledger, who):
    import re

    client.force_login(getattr(ledger.county, who))
    # The format's name, the unit codes and the user's login name (shown for want of a full name).
    allowed = {"Excel", "XLSX", "EDU", "ENV", "TOWN", who}
    for url, params in (
        ("/applications/ledger/", {"year": 2024}),
        ("/applications/ledger/print/", {"year": 2024, "status": "closed"}),
        (f"/applications/{ledger.busy.pk}/print/", {}),
        (f"/applications/{ledger.carried.pk}/", {}),
    ):
        html = client.get(url, params).content.decode()
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", " ", html, flags=re.S)
        words = set(re.findall(r"\b[A-Za-z]{3,}\b", text)) - allowed
        words = {w for w in words if not w.startswith("GK")}
        assert not words, (url, words)
