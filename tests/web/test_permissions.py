"""Role × page: nobody sees or changes another unit's applications or personal data.

Every URL of the staff site is listed in PAGES; a URL added to the project without
an entry here fails `test_every_url_is_covered`.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.web.applications.extensions import extension_request
from gongkai.web.applications.models import Application
from gongkai.web.applications.services import appeal_create
from gongkai.web.proactive.models import CatalogueItem, Column, LexiconEntry, ReadingRoom
from support import NARRATIVE

#: name -> how the test reaches it: (method, url builder)
PAGES = {
    "queue": ("GET", lambda o: "/"),
    "application_list": ("GET", lambda o: "/applications/"),
    "register": ("GET", lambda o: "/applications/new/"),
    "application": ("GET", lambda o: f"/applications/{o.app.pk}/"),
    "application_act": ("POST", lambda o: f"/applications/{o.app.pk}/act/reply/"),
    "consultation_answered": ("POST", lambda o: f"/applications/{o.app.pk}/consultation-answered/"),
    "appeal_add": ("POST", lambda o: f"/applications/{o.app.pk}/appeals/"),
    "appeal_update": ("POST", lambda o: f"/applications/{o.app.pk}/appeals/{o.case.pk}/"),
    "extension_request": ("POST", lambda o: f"/applications/{o.app.pk}/extension-requests/"),
    "extension_decide": (
        "POST",
        lambda o: f"/applications/{o.app.pk}/extension-requests/{o.extension.pk}/approve/",
    ),
    "report_self_approval": ("GET", lambda o: "/reports/self-approval/"),
    "catalogue": ("GET", lambda o: "/catalogue/"),
    "catalogue_new": ("GET", lambda o: "/catalogue/new/"),
    "catalogue_item": ("GET", lambda o: f"/catalogue/{o.item.pk}/"),
    "catalogue_edit": ("GET", lambda o: f"/catalogue/{o.item.pk}/edit/"),
    "catalogue_review": ("POST", lambda o: f"/catalogue/{o.item.pk}/review/"),
    "catalogue_attachment": ("GET", lambda o: f"/catalogue/{o.item.pk}/attachments/1/"),
    "active_counts": ("GET", lambda o: "/catalogue/counts/"),
    # An import job is shown to whoever started it alone (tests/security/test_import_counts.py).
    "import_job": ("GET", lambda o: "/catalogue/counts/imports/1/"),
    "reports": ("GET", lambda o: "/reports/"),
    "report": ("GET", lambda o: f"/reports/{o.unit.code}/2024/"),
    "report_action": ("POST", lambda o: f"/reports/{o.unit.code}/2024/submit/"),
    "report_download": ("GET", lambda o: f"/reports/{o.unit.code}/2024/download.json"),
    "letter_issue": ("POST", lambda o: f"/applications/{o.app.pk}/letters/correction/"),
    "letter_download": ("GET", lambda o: f"/applications/{o.app.pk}/letters/1.pdf"),
    "identity_document": ("GET", lambda o: f"/applications/{o.app.pk}/identity-document/"),
    "calendar": ("GET", lambda o: "/calendar/"),
    "calendar_notice": ("POST", lambda o: "/calendar/notice/"),
    "calendar_day": ("POST", lambda o: "/calendar/day/"),
    "calendar_year_delete": ("POST", lambda o: "/calendar/2027/delete/"),
    # Bulk audits: the office, supervisors and admins; a job to whoever submitted it alone
    # (tests/web/test_bulk_audit_jobs.py).
    "bulk_audit": ("GET", lambda o: "/jobs/bulk-audit/"),
    "job": ("GET", lambda o: "/jobs/1/"),
    "job_status": ("GET", lambda o: "/jobs/1/status.json"),
    "job_output": ("GET", lambda o: "/jobs/1/audit.xlsx"),
    "rollup_documents": ("POST", lambda o: f"/jobs/rollup/{o.unit.code}/2024/"),
    "dashboard": ("GET", lambda o: "/dashboard/"),
    "api_clients": ("GET", lambda o: "/api/clients/"),
    "api_client_revoke": ("POST", lambda o: "/api/clients/1/revoke/"),
    "ledger": ("GET", lambda o: "/applications/ledger/?year=2024"),
    # A wrong year answers a page, not a workbook, to whoever may see the unit (the
    # workbooks themselves: tests/web/test_ledger.py).
    "ledger_export": (
        "GET",
        lambda o: f"/applications/ledger/export.xlsx?unit={o.unit.code}&year=x",
    ),
    "ledger_print": ("GET", lambda o: f"/applications/ledger/print/?unit={o.unit.code}"),
    "application_print": ("GET", lambda o: f"/applications/{o.app.pk}/print/"),
    "letter_deliver": ("POST", lambda o: f"/applications/{o.app.pk}/letters/1/delivery/"),
    "letter_templates": ("GET", lambda o: "/letter-templates/"),
    "letter_template_preview": ("POST", lambda o: "/letter-templates/preview/"),
    "audit_log": ("GET", lambda o: "/audit/"),
    "audit_export": ("GET", lambda o: "/audit/export.csv"),
    "columns": ("GET", lambda o: "/catalogue/columns/"),
    "column_new": ("GET", lambda o: "/catalogue/columns/new/"),
    "column_edit": ("POST", lambda o: f"/catalogue/columns/{o.column.pk}/edit/"),
    "catalogue_wording": ("POST", lambda o: f"/catalogue/{o.item.pk}/wording/"),
    "wording_lexicon": ("GET", lambda o: "/catalogue/wording/"),
    "wording_entry_new": ("GET", lambda o: "/catalogue/wording/new/"),
    "wording_entry_edit": ("POST", lambda o: f"/catalogue/wording/{o.entry.pk}/"),
    "catalogue_channels": ("POST", lambda o: f"/catalogue/{o.item.pk}/channels/"),
    "reading_rooms": ("GET", lambda o: "/catalogue/reading-rooms/"),
    "reading_room_new": ("GET", lambda o: "/catalogue/reading-rooms/new/"),
    "reading_room_edit": ("POST", lambda o: f"/catalogue/reading-rooms/{o.room.pk}/"),
    # Evaluations: the office, supervisors and admins; each evaluation to whoever oversees
    # all its units (tests/web/test_evaluations.py).
    "evaluations": ("GET", lambda o: "/evaluations/"),
    "evaluation_new": ("GET", lambda o: "/evaluations/new/"),
    "evaluation_report_columns": ("GET", lambda o: "/evaluations/columns/"),
    "evaluation": ("GET", lambda o: "/evaluations/1/"),
    # An evaluation's job's progress, to whoever may see the evaluation
    # (tests/web/test_evaluations_progress.py).
    "evaluation_job_status": ("GET", lambda o: "/evaluations/1/jobs/1/status.json"),
    "evaluation_override": ("POST", lambda o: "/evaluations/1/reports/1/findings/0/override/"),
    "evaluation_override_withdraw": ("POST", lambda o: "/evaluations/1/overrides/1/withdraw/"),
    "evaluation_rerun": ("POST", lambda o: "/evaluations/1/rerun/"),
    "evaluation_delete": ("GET", lambda o: "/evaluations/1/delete/"),
    "evaluation_workbook": ("GET", lambda o: "/evaluations/1/results.xlsx"),
    "evaluation_page": ("GET", lambda o: "/evaluations/1/results.html"),
    "evaluation_bulletin": ("GET", lambda o: "/evaluations/1/bulletin/"),
    "evaluation_bulletin_issue": ("POST", lambda o: "/evaluations/1/bulletin/issue/"),
    "evaluation_bulletin_draft": ("POST", lambda o: "/evaluations/1/bulletin/draft/"),
    "evaluation_bulletin_download": ("GET", lambda o: "/evaluations/1/bulletin.docx"),
}
#: The public portal: open to everyone, and showing no personal data to anyone.
PUBLIC = {
    "portal": lambda o: "/open/",
    "portal_unit": lambda o: f"/open/units/{o.unit.code}/",
    "portal_catalogue": lambda o: "/open/catalogue/",
    "portal_document": lambda o: f"/open/catalogue/{o.item.pk}/",
    "portal_reports": lambda o: "/open/reports/",
    "portal_report": lambda o: f"/open/reports/{o.unit.code}/2024/",
    "portal_report_download": lambda o: f"/open/reports/{o.unit.code}/2024/download.html",
    "portal_apply": lambda o: f"/open/apply/{o.unit.code}/",
    "portal_applied": lambda o: f"/open/apply/{o.unit.code}/done/",
    "portal_status": lambda o: "/open/status/",
    "portal_letter": lambda o: "/open/letter/not-a-signed-token/",
    "healthz": lambda o: "/healthz",
}
#: URL names that belong to Django itself (login, admin) and are tested by Django.
FRAMEWORK = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

SECRET = {"applicant_name": "欧阳保密", "id_number": "130101199001019999", "phone": "13912345678"}


def _names(resolver, prefix="") -> set[str]:
    names = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            # The JSON API (/api/v1/) answers tokens, not logins: its routes are enumerated
            # from its own resolver by tests/web/test_api.py, which calls each without a
            # token (401), and its contract by tests/web/test_api_contract.py.
            if p.namespace == "api-v1":
                continue
            names |= _names(p)
        elif isinstance(p, URLPattern) and p.name:
            names.add(p.name)
    return names


def test_every_url_is_covered():
    assert _names(get_resolver()) - FRAMEWORK == set(PAGES) | set(PUBLIC)


@pytest.fixture
def world(county, register):
    from datetime import date
    from types import SimpleNamespace

    app = register(unit=county.edu, received_on=date(2024, 9, 27), **SECRET)
    item = CatalogueItem.objects.create(
        unit=county.edu,
        index_no="T-EDU/2024-1",
        publisher="测试县教育局",
        title="招生方案",
        topic=11,
        published_on=date(2024, 3, 1),
    )
    case = appeal_create(
        application=app,
        kind="review",
        result="pending",
        filed_on=date(2024, 10, 20),
        decided_on=None,
        actor=county.clerk_edu,
        as_of=date(2024, 11, 20),
    )
    extension = extension_request(
        application=app,
        on=date(2024, 10, 8),
        days=10,
        reason="需调取档案",
        actor=county.clerk_edu,
        as_of=date(2024, 11, 20),
    )
    column = Column.objects.create(unit=county.edu, name="工作动态", category="news", rule_days=14)
    entry = LexiconEntry.objects.create(wrong="示列县", correct="测试县", category="own_name")
    room = ReadingRoom.objects.create(
        unit=county.edu, name="查阅点", address="路1号", hours="工作日"
    )
    return SimpleNamespace(
        app=app,
        item=item,
        unit=county.edu,
        county=county,
        case=case,
        extension=extension,
        column=column,
        entry=entry,
        room=room,
    )


def _hit(client, method, url):
    if method == "GET":
        return client.get(url)
    return client.post(
        url,
        {
            "on": "2024-10-10",
            "outcome": "apply.result.grant",
            "legal_basis": "第三十六条",
            "service_method": "direct",
            "version": 2,
        },
    )


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("who", ["clerk_env", "reviewer_env", "outsider"])
def test_staff_of_another_unit_neither_see_nor_change(client, world, name, who):
    method, url = PAGES[name]
    client.force_login(getattr(world.county, who))
    before = Application.objects.get(pk=world.app.pk)
    response = _hit(client, method, url(world))
    body = response.content.decode()
    for value in SECRET.values():
        assert value not in body
    assert world.app.tracking_code not in body
    if name in (
        "application",
        "application_act",
        "consultation_answered",
        "appeal_add",
        "appeal_update",
        "extension_request",
        "extension_decide",
        "report_self_approval",
        "catalogue_item",
        "catalogue_edit",
        "catalogue_review",
        "catalogue_attachment",
        "catalogue_wording",
        "catalogue_channels",
        "report",
        "report_action",
        "audit_log",
        "audit_export",
    ):
        assert response.status_code == 404
    after = Application.objects.get(pk=world.app.pk)
    assert (after.version, after.status, after.outcome) == (
        before.version,
        before.status,
        before.outcome,
    )


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_is_sent_to_login(client, world, name):
    method, url = PAGES[name]
    response = _hit(client, method, url(world))
    if name == "queue":  # a visitor at / sees the public portal
        assert (
            response.status_code == 200 and 'href="/accounts/login/"' in response.content.decode()
        )
        return
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(n for n, (m, _) in PAGES.items() if m == "GET"))
def test_supervisor_reads_but_never_sees_personal_data(client, world, name):
    method, url = PAGES[name]
    client.force_login(world.county.supervisor)
    response = _hit(client, method, url(world))
    body = response.content.decode()
    for value in SECRET.values():
        assert value not in body
    if name == "application":
        assert response.status_code == 200 and world.app.tracking_code in body


@pytest.mark.parametrize("name", sorted(n for n, (m, _) in PAGES.items() if m == "POST"))
def test_supervisor_changes_nothing(client, world, name):
    method, url = PAGES[name]
    client.force_login(world.county.supervisor)
    before = Application.objects.get(pk=world.app.pk)
    response = _hit(client, method, url(world))
    assert response.status_code == 404
    after = Application.objects.get(pk=world.app.pk)
    assert after.version == before.version


@pytest.mark.parametrize("who", ["clerk_edu", "office"])
def test_own_staff_see_personal_data_and_can_reply(client, world, who):
    client.force_login(getattr(world.county, who))
    body = client.get(f"/applications/{world.app.pk}/").content.decode()
    for value in SECRET.values():
        assert value in body
    response = client.post(
        f"/applications/{world.app.pk}/act/reply/",
        {
            "on": "2024-10-10",
            "outcome": "apply.result.grant",
            "legal_basis": "第三十六条第（二）项",
            "service_method": "direct",
            "version": world.app.version,
        },
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=world.app.pk).outcome == "apply.result.grant"


def test_forms_refuse_bad_input_at_the_field(client, world):
    client.force_login(world.county.clerk_edu)
    url = f"/applications/{world.app.pk}/act/reply/"
    body = client.post(
        url,
        {
            "on": "2024-09-01",
            "outcome": "apply.result.grant",
            "legal_basis": "x",
            "service_method": "direct",
            "version": world.app.version,
        },
    ).content.decode()
    assert "2024-09-27" in body  # a date before receipt names the receipt date
    assert Application.objects.get(pk=world.app.pk).closed_on is None
    client.post(
        f"/applications/{world.app.pk}/extension-requests/",
        {"on": "2024-10-10", "days": "-3", "reason": "x"},
    )
    assert Application.objects.get(pk=world.app.pk).events.filter(kind="extension").count() == 0
    assert world.app.extension_requests.count() == 1  # the world's own, nothing added


@pytest.mark.parametrize("name", sorted(PUBLIC))
@pytest.mark.parametrize("who", [None, "clerk_env", "supervisor", "clerk_edu"])
def test_public_pages_show_no_personal_data_to_anyone(client, world, name, who):
    from gongkai.web.proactive.models import ItemStatus
    from gongkai.web.reports import services as reports

    world.item.status, world.item.secrecy_reviewed = ItemStatus.PUBLISHED, True
    world.item.save()
    v = reports.report_version_open(
        unit=world.unit, year=2024, scope="unit", actor=world.county.office
    )
    v = reports.report_save_narrative(version=v, actor=world.county.clerk_edu, **NARRATIVE)
    v = reports.report_submit(version=v, actor=world.county.clerk_edu)
    for step in (reports.report_approve, reports.report_publish):
        v = step(version=v, actor=world.county.office)
    if who:
        client.force_login(getattr(world.county, who))
    response = client.get(PUBLIC[name](world))
    assert response.status_code == (
        404 if name == "portal_letter" else 200
    )  # a forged link finds nothing
    body = response.content.decode()
    for value in SECRET.values():
        assert value not in body
    # The status page shows an application only to whoever has its code and phone digits.
    if name == "portal_status":
        shown = client.post(
            "/open/status/",
            {"tracking_code": world.app.tracking_code, "phone_last4": SECRET["phone"][-4:]},
        )
        assert world.app.tracking_code in shown.content.decode()
        for value in SECRET.values():
            assert value not in shown.content.decode()
        wrong = client.post(
            "/open/status/", {"tracking_code": world.app.tracking_code, "phone_last4": "0000"}
        )
        assert (
            world.app.get_status_display()
            not in wrong.content.decode().split("<form")[-1].split("</form>")[-1]
        )
