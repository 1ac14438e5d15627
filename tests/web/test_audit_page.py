"""The audit log for people (issue 15, point 3): the staff page, its scope, filters and
export; edits recorded with their before and after values; every change made in the
administration audited; frozen records read-only there; personal data never in clear."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

import gongkai.web
from gongkai.web.applications.models import Appeal
from gongkai.web.audit.admin import AuditedAdmin
from gongkai.web.audit.labels import ACTIONS
from gongkai.web.audit.models import AuditLog
from gongkai.web.audit.services import audit_record
from gongkai.web.proactive.models import CatalogueItem, ItemStatus
from gongkai.web.proactive.services import catalogue_item_save
from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportStatus, ReportVersion
from gongkai.web.units.models import Role
from gongkai.web.units.services import membership_grant
from support import TODAY

SRC = Path(gongkai.web.__file__).parent


def _draft(county, text="原来的总体情况"):
    v = reports.report_version_open(unit=county.edu, year=2024, scope="unit", actor=county.office)
    return reports.report_save_narrative(
        version=v, sec1=text, sec5="问题", sec6="其他", actor=county.clerk_edu
    )


def _publish(v, county):
    v = reports.report_submit(version=v, actor=county.reviewer_edu)
    v = reports.report_approve(version=v, actor=county.office)
    return reports.report_publish(version=v, actor=county.office)


def test_a_report_edit_records_before_and_after(county):
    v = _draft(county)
    reports.report_save_narrative(
        version=v, sec1="改过的总体情况", sec5="问题", sec6="其他", actor=county.clerk_edu
    )
    row = AuditLog.objects.filter(action="report.edit").order_by("-id").first()
    assert row.data["changes"] == {"sec1": ["原来的总体情况", "改过的总体情况"]}


def test_a_catalogue_edit_records_before_and_after(county):
    item = catalogue_item_save(
        item=CatalogueItem(
            unit=county.edu, index_no="T-EDU/1", publisher="教育局", title="旧标题", topic=1
        ),
        actor=county.clerk_edu,
    )
    item.title = "新标题"
    catalogue_item_save(item=item, actor=county.clerk_edu)
    row = AuditLog.objects.filter(action="catalogue.edit").get()
    assert row.data["changes"] == {"title": ["旧标题", "新标题"]}


def test_the_page_shows_the_change_in_chinese(client, county):
    v = _draft(county)
    reports.report_save_narrative(
        version=v, sec1="改过的总体情况", sec5="问题", sec6="其他", actor=county.clerk_edu
    )
    client.force_login(county.office)
    body = client.get("/audit/?action=report.edit").content.decode()
    assert "修改年度报告文字" in body  # the kind of record, in words
    diff = body[body.index('<table class="diff">') :]
    assert "一、总体情况" in diff  # the field by its name
    assert '<td class="before">原来的总体情况</td>' in diff
    assert '<td class="after">改过的总体情况</td>' in diff
    assert "clerk_edu" in body


def test_who_reads_which_rows(client, county):
    env_office = type(county.office).objects.create_user(username="env_office")
    membership_grant(user=env_office, unit=county.env, role=Role.OFFICE)
    _draft(county)  # rows of 教育局
    for who, status in [
        (county.office, 200),
        (county.supervisor, 200),
        (county.admin, 200),
        (env_office, 200),
        (county.clerk_edu, 404),
        (county.reviewer_edu, 404),
        (county.outsider, 404),
    ]:
        client.force_login(who)
        response = client.get("/audit/?action=report.edit")
        assert response.status_code == status, who
        assert client.get("/audit/export.csv").status_code == status
        rows = response.content.decode().split('<table class="audit">')[-1]
        if who is env_office:  # another unit's office: none of 教育局's rows
            assert "修改年度报告文字" not in rows and "没有记录" in rows
        elif status == 200:
            assert "修改年度报告文字" in rows
    # The menu offers the page to its readers only.
    client.force_login(county.supervisor)
    assert 'href="/audit/"' in client.get("/reports/").content.decode()
    client.force_login(county.clerk_edu)
    assert 'href="/audit/"' not in client.get("/reports/").content.decode()


def test_filters(client, county, register, as_of):
    register(unit=county.edu, received_on=date(2024, 9, 27), actor=county.clerk_edu)
    register(unit=county.env, received_on=date(2024, 9, 27), actor=county.clerk_env)
    client.force_login(county.office)

    def count(query: str) -> int:
        body = client.get("/audit/?" + query).content.decode()
        return int(re.search(r"共(\d+)条记录", body).group(1))

    total = AuditLog.objects.count()
    assert count("") == total
    edu, env = county.edu.pk, county.env.pk
    assert (
        count(f"unit={edu}")
        == AuditLog.objects.filter(unit__path__startswith=county.edu.path).count()
    )
    assert count(f"unit={env}&action=application.register") == 1
    clerk = county.clerk_env.pk
    assert count(f"actor={clerk}") == AuditLog.objects.filter(actor=county.clerk_env).count() >= 1
    today = AuditLog.objects.latest("id").at.date()
    assert count(f"since={today}&until={today}") == total
    assert count(f"since={today + timedelta(days=1)}") == 0
    assert count(f"until={today - timedelta(days=1)}") == 0
    body = client.get(f"/audit/?since={today}&until={today - timedelta(days=1)}").content.decode()
    assert "截止日期不能早于起始日期" in body


def test_personal_data_is_never_shown(client, county, register):
    app = register(id_number="130101199001019999", phone="13912345678")
    audit_record(
        actor=county.clerk_edu,
        action="application.search",  # a search written to the log, as the ledger does
        obj=app,
        unit=app.unit,
        q="130101199001019999 13912345678",
        changes={"phone": ["13800138000", "13912345678"]},
    )
    client.force_login(county.admin)
    pages = [
        client.get("/audit/").content.decode(),
        client.get("/audit/export.csv").content.decode("utf-8-sig"),
        client.get(reverse("admin:audit_auditlog_changelist")).content.decode(),
    ]
    for body in pages:
        for secret in ("130101199001019999", "13912345678", "13800138000"):
            assert secret not in body
    assert "130***********9999" in pages[0] and "139****5678" in pages[0]


def test_export_csv_and_xlsx(client, county):
    v = _draft(county)
    reports.report_save_narrative(
        version=v, sec1="改过的总体情况", sec5="问题", sec6="其他", actor=county.clerk_edu
    )
    client.force_login(county.office)
    n = AuditLog.objects.count()
    response = client.get("/audit/export.csv?action=report.edit")
    assert unquote(response["Content-Disposition"]).endswith(f"审计日志-{TODAY.isoformat()}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["时间", "用户", "单位", "记录类型", "记录", "变更（原值 → 新值）", "详情"]
    assert len(rows) == 1 + AuditLog.objects.filter(action="report.edit").count()
    assert "一、总体情况：原来的总体情况 → 改过的总体情况" in rows[1][5]
    response = client.get("/audit/export.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == 1 + n + 1  # every row, the CSV export's own included
    assert ws["D1"].value == "记录类型"
    exported = AuditLog.objects.filter(action="audit.export")
    assert exported.count() == 2 and exported.first().data["format"] == "xlsx"
    assert client.get("/audit/export.pdf").status_code == 404


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
        codes |= set(re.findall(r'"((?:application|catalogue|unit|admin)\.[a-z_]+)" if', text))
        codes |= set(re.findall(r'else "((?:catalogue|unit|admin)\.[a-z_]+)"', text))
        if (path.name == "services.py" or path.parent.name == "services") and "_step(" in text:
            codes |= set(re.findall(r'^\s+"(application\.[a-z_]+)",$', text, re.M))
    codes |= {f"report.{s}" for s in ("submitted", "returned", "approved", "published")}
    return codes


def test_every_action_code_has_a_chinese_name():
    codes = _codes_in_source()
    assert {"application.reply", "report.edit", "calendar.set", "admin.change"} <= codes
    assert codes - set(ACTIONS) == set()


# --- The administration ----------------------------------------------------------------


def test_every_admin_that_changes_records_is_audited(rf, county):
    request = rf.get("/")
    request.user = county.admin
    unaudited = [
        type(ma).__name__
        for ma in admin.site._registry.values()
        if (
            ma.has_add_permission(request)
            or ma.has_change_permission(request)
            or ma.has_delete_permission(request)
        )
        and not isinstance(ma, AuditedAdmin)
    ]
    assert unaudited == []


def test_an_admin_change_is_audited_with_before_and_after(client, county):
    from gongkai.web.units.models import Membership

    m = membership_grant(user=county.outsider, unit=county.edu, role=Role.CLERK)
    AuditLog.objects.all().delete()
    client.force_login(county.admin)
    url = reverse("admin:units_membership_change", args=[m.pk])
    response = client.post(
        url, {"user": county.outsider.pk, "unit": county.edu.pk, "role": "reviewer"}
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    row = AuditLog.objects.get(action="admin.change")
    assert row.actor == county.admin and row.unit == county.edu
    assert row.data["changes"] == {"role": ["clerk", "reviewer"]}
    delete = reverse("admin:units_membership_delete", args=[m.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    row = AuditLog.objects.get(action="admin.delete")
    assert row.object_id == str(m.pk) and row.data["changes"]["role"] == ["reviewer", None]
    assert not Membership.objects.filter(pk=m.pk).exists()
    client.force_login(county.office)
    body = client.get("/audit/?action=admin.change").content.decode()
    assert "在管理后台修改" in body


def test_an_admin_inline_change_is_audited(client, county):
    client.force_login(county.admin)
    url = reverse("admin:units_unit_change", args=[county.town.pk])
    response = client.post(
        url,
        {
            "name": county.town.name,
            "code": county.town.code,
            "kind": "township",
            "parent": county.gov.pk,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": county.outsider.pk,
            "memberships-0-role": "clerk",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    row = AuditLog.objects.get(action="admin.add", object_type="units.membership")
    assert row.unit == county.town and row.data["changes"]["role"] == [None, "clerk"]


def test_a_user_password_is_never_written(client, county):
    client.force_login(county.admin)
    url = reverse("admin:auth_user_password_change", args=[county.outsider.pk])
    response = client.post(
        url,
        {"password1": "Gongkai-2026-x", "password2": "Gongkai-2026-x", "usable_password": "true"},
    )
    assert response.status_code == 302
    row = AuditLog.objects.get(action="admin.change", object_type="auth.user")
    assert row.data["changes"] == {"password": ["***", "***"]}
    assert "Gongkai-2026-x" not in str(row.data)


def test_a_published_report_is_read_only_in_the_admin(client, county):
    v = _publish(_draft(county), county)
    client.force_login(county.admin)
    url = reverse("admin:reports_reportversion_change", args=[v.pk])
    page = client.get(url).content.decode()
    assert 'name="sec1"' not in page and 'name="status"' not in page
    response = client.post(url, {"sec1": "偷偷改的", "status": "draft"})
    assert response.status_code == 403
    v.refresh_from_db()
    assert (v.sec1, v.status) == ("原来的总体情况", ReportStatus.PUBLISHED)
    delete = reverse("admin:reports_reportversion_delete", args=[v.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ReportVersion.objects.filter(pk=v.pk).exists()


def test_a_draft_report_text_edited_in_the_admin_is_audited(client, county):
    v = _draft(county)
    client.force_login(county.admin)
    url = reverse("admin:reports_reportversion_change", args=[v.pk])
    assert 'name="status"' not in client.get(url).content.decode()
    response = client.post(
        url, {"sec1": "管理后台改的", "sec5": "问题", "sec6": "其他", "status": "published"}
    )
    assert response.status_code == 302
    v.refresh_from_db()
    assert (v.sec1, v.status) == ("管理后台改的", ReportStatus.DRAFT)
    row = AuditLog.objects.filter(action="report.edit").latest("id")
    assert row.actor == county.admin
    assert row.data["changes"] == {"sec1": ["原来的总体情况", "管理后台改的"]}


def test_a_published_catalogue_item_is_read_only_in_the_admin(client, county):
    item = catalogue_item_save(
        item=CatalogueItem(
            unit=county.edu, index_no="T-EDU/9", publisher="教育局", title="已发布", topic=1
        ),
        actor=county.clerk_edu,
    )
    CatalogueItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.PUBLISHED, secrecy_reviewed=True
    )
    client.force_login(county.admin)
    url = reverse("admin:proactive_catalogueitem_change", args=[item.pk])
    assert client.post(url, {"title": "改了"}).status_code == 403
    delete = reverse("admin:proactive_catalogueitem_delete", args=[item.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert CatalogueItem.objects.get(pk=item.pk).title == "已发布"


def test_an_appeal_added_in_the_admin_is_audited_in_its_unit(client, county, register):
    app = register()
    client.force_login(county.admin)
    response = client.post(
        reverse("admin:applications_appeal_add"),
        {
            "kind": "review",
            "unit": county.edu.pk,
            "application": app.pk,
            "result": "pending",
            "filed_on": "2024-11-01",
            "decided_on": "",
            "note": "",
        },
    )
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.content.decode())
    appeal = Appeal.objects.get()
    row = AuditLog.objects.get(action="admin.add", object_type="applications.appeal")
    assert row.unit == county.edu and row.object_id == str(appeal.pk)


def test_a_calendar_year_edited_in_the_admin_records_before_and_after(client, county):
    from gongkai.web.workdays.models import CalendarYear

    row = CalendarYear.objects.create(year=2031, note="旧说明")
    client.force_login(county.admin)
    url = reverse("admin:workdays_calendaryear_change", args=[row.pk])
    assert client.post(url, {"year": 2031, "note": "国务院办公厅通知"}).status_code == 302
    log = AuditLog.objects.get(action="calendar.year")
    assert log.data["changes"] == {"note": ["旧说明", "国务院办公厅通知"]}


def test_the_details_of_exports_and_steps_are_named_in_chinese(client, county, register, as_of):
    from gongkai.web.applications import services as apps

    apps.application_correction_notice(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 9, 30),
        deadline=date(2024, 10, 21),
        note="文件名称",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    client.force_login(county.office)
    client.get("/applications/ledger/export.xlsx", {"year": 2024})
    body = client.get("/audit/").content.decode()
    codes = set(re.findall(r"<code>([^<]*)</code>", body))
    assert not codes & {"deadline", "subtree", "via", "unit", "status", "result", "web"}
    assert "含下属单位" in body and "途径" in body and "网页" in body and "期限" in body
