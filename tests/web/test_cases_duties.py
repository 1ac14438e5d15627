"""Cases and duties (issue 15, deliver 5): a pending 复议/诉讼 updated on the application
page, and Table 4 counting it; an extension asked for by the clerk and decided by another
reviewer of the unit, only an approval moving the due date; an annual report approved and
published by someone other than its submitter unless the office allowed the unit."""

from __future__ import annotations

from datetime import date as D

import pytest
from django.utils import timezone

from gongkai.web.applications import cases, extensions
from gongkai.web.applications.models import Appeal, Application, ExtensionStatus
from gongkai.web.applications.services import (
    E_EXTENSION_APPROVER,
    E_EXTENSION_DAYS,
    E_EXTENSION_TWICE,
    E_FUTURE,
    ServiceError,
    appeal_create,
)
from gongkai.web.audit.models import AuditLog
from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportStatus, ReportVersion, SelfApproval
from gongkai.web.reports.self_approval import E_SELF_APPROVAL_REASON, self_approval_allow
from support import NARRATIVE

RECEIVED = D(2024, 9, 27)  # in person, a Friday: due 2024-10-30
DUE = D(2024, 10, 30)
AS_OF = D(2024, 11, 20)


@pytest.fixture
def app(register):
    return register(received_on=RECEIVED)


def reload(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def refused(call, message, **params) -> ServiceError:
    with pytest.raises(ServiceError) as info:
        call()
    assert info.value.message == str(message).format(**params)
    return info.value


# --- Cases ------------------------------------------------------------------------------


@pytest.fixture
def case(app, county):
    return appeal_create(
        application=app,
        kind="review",
        result="pending",
        filed_on=D(2024, 10, 20),
        decided_on=None,
        actor=county.clerk_edu,
        as_of=AS_OF,
    )


def _update(case, county, **kw):
    fields = {
        "result": "upheld",
        "case_number": "测复决字〔2024〕8号",
        "deciding_body": "测试县人民政府",
        "decided_on": D(2024, 11, 15),
        "actor": county.clerk_edu,
        "as_of": AS_OF,
    }
    fields.update(kw)
    return cases.appeal_update(appeal=case, **fields)


def test_a_pending_case_is_updated_with_an_audit_row_of_before_and_after(case, county):
    updated = _update(case, county)
    case = Appeal.objects.get(pk=case.pk)
    assert (case.result, case.case_number, case.deciding_body, case.decided_on) == (
        "upheld",
        "测复决字〔2024〕8号",
        "测试县人民政府",
        D(2024, 11, 15),
    )
    assert updated.pk == case.pk
    row = AuditLog.objects.get(action="appeal.update")
    assert row.actor == county.clerk_edu and row.object_id == str(case.pk)
    assert row.unit == county.edu
    assert row.data["before"] == {
        "result": "pending",
        "case_number": "",
        "deciding_body": "",
        "decided_on": None,
    }
    assert row.data["after"] == {
        "result": "upheld",
        "case_number": "测复决字〔2024〕8号",
        "deciding_body": "测试县人民政府",
        "decided_on": "2024-11-15",
    }
    # A second update names only what changed.
    _update(case, county, case_number="测复决字〔2024〕9号")
    last = AuditLog.objects.filter(action="appeal.update").order_by("-id").first()
    assert last.data["before"] == {"case_number": "测复决字〔2024〕8号"}
    assert last.data["after"] == {"case_number": "测复决字〔2024〕9号"}


def test_a_case_number_alone_keeps_the_case_pending(case, county):
    _update(case, county, result="pending", decided_on=None, deciding_body="")
    case = Appeal.objects.get(pk=case.pk)
    assert (case.result, case.case_number, case.decided_on) == (
        "pending",
        "测复决字〔2024〕8号",
        None,
    )


@pytest.mark.parametrize(
    ("kw", "message", "params", "field"),
    [
        (
            {"decided_on": D(2024, 11, 21)},
            E_FUTURE,
            {"day": "2024-11-21", "today": "2024-11-20"},
            "decided_on",
        ),
        (
            {"decided_on": D(2024, 10, 19)},
            cases.E_CASE_DECIDED_BEFORE_FILED,
            {"filed": "2024-10-20"},
            "decided_on",
        ),
        ({"decided_on": None}, cases.E_CASE_RESULT_NEEDS_DATE, {}, "decided_on"),
        ({"result": "pending"}, cases.E_CASE_DATE_NEEDS_RESULT, {}, "result"),
        ({"result": "won"}, cases.E_CASE_NO_RESULT, {}, "result"),
        (
            {"result": "pending", "decided_on": None, "case_number": "", "deciding_body": ""},
            cases.E_CASE_UNCHANGED,
            {},
            None,
        ),
    ],
)
def test_a_bad_case_update_is_refused_and_changes_nothing(case, county, kw, message, params, field):
    error = refused(lambda: _update(case, county, **kw), message, **params)
    assert error.field == field
    fresh = Appeal.objects.get(pk=case.pk)
    assert (fresh.result, fresh.case_number, fresh.decided_on) == ("pending", "", None)
    assert not AuditLog.objects.filter(action="appeal.update").exists()


def test_updating_a_cases_result_changes_the_compiled_table_4(case, county):
    def table4():
        cells = reports.report_compile(unit=county.edu, year=2024).report.cells
        return {k: cells[f"review.{k}"].number for k in ("upheld", "corrected", "pending", "total")}

    assert table4() == {"upheld": 0, "corrected": 0, "pending": 1, "total": 1}
    _update(case, county, result="corrected")
    assert table4() == {"upheld": 0, "corrected": 1, "pending": 0, "total": 1}


def test_the_application_page_updates_a_case(client, case, county, app):
    client.force_login(county.clerk_edu)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert f'action="/applications/{app.pk}/appeals/{case.pk}/"' in page
    response = client.post(
        f"/applications/{app.pk}/appeals/{case.pk}/",
        {
            f"case{case.pk}-result": "other",
            f"case{case.pk}-case_number": "（2024）测行初12号",
            f"case{case.pk}-deciding_body": "测试县人民法院",
            f"case{case.pk}-decided_on": "2024-11-18",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "（2024）测行初12号" in body and "测试县人民法院" in body
    fresh = Appeal.objects.get(pk=case.pk)
    assert (fresh.result, fresh.decided_on) == ("other", D(2024, 11, 18))


def test_a_case_decided_after_today_is_refused_on_the_page(client, case, county, app):
    client.force_login(county.clerk_edu)
    tomorrow = timezone.localdate().replace(year=timezone.localdate().year + 1)
    response = client.post(
        f"/applications/{app.pk}/appeals/{case.pk}/",
        {
            f"case{case.pk}-result": "upheld",
            f"case{case.pk}-decided_on": tomorrow.isoformat(),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert tomorrow.isoformat() in response.content.decode()
    assert Appeal.objects.get(pk=case.pk).result == "pending"


@pytest.mark.parametrize("who", ["clerk_env", "reviewer_env", "supervisor", "outsider"])
def test_a_case_of_another_unit_is_a_404(client, case, county, app, who):
    client.force_login(getattr(county, who))
    response = client.post(
        f"/applications/{app.pk}/appeals/{case.pk}/",
        {f"case{case.pk}-result": "upheld", f"case{case.pk}-decided_on": "2024-11-15"},
    )
    assert response.status_code == 404
    assert Appeal.objects.get(pk=case.pk).result == "pending"


# --- Extensions -------------------------------------------------------------------------


def _ask(app, county, *, on=D(2024, 10, 8), days=15, actor=None, reason="需调取多年档案"):
    return extensions.extension_request(
        application=app,
        on=on,
        days=days,
        reason=reason,
        actor=actor or county.clerk_edu,
        as_of=AS_OF,
    )


def test_a_request_alone_does_not_move_the_due_date(app, county):
    req = _ask(app, county)
    assert reload(app).due_on == DUE
    assert req.status == ExtensionStatus.PENDING and req.requested_by == county.clerk_edu
    row = AuditLog.objects.get(action="extension.request")
    assert (row.actor, row.data["days"], row.data["application"]) == (
        county.clerk_edu,
        15,
        app.pk,
    )


def test_an_approval_by_another_reviewer_moves_the_due_date(app, county):
    req = _ask(app, county)
    req = extensions.extension_approve(
        request=req, on=D(2024, 10, 10), actor=county.reviewer_edu, as_of=AS_OF
    )
    app = reload(app)
    # DUE + 15 working days: 10/31, 11/1, 11/4-8, 11/11-15, 11/18, 11/19, 11/20.
    assert app.due_on == D(2024, 11, 20)
    assert req.status == ExtensionStatus.APPROVED and req.decided_by == county.reviewer_edu
    assert req.event is not None and req.event.approved_by == county.reviewer_edu
    assert req.event.days == 15
    row = AuditLog.objects.get(action="extension.approve")
    assert row.data["before"] == {"due_on": "2024-10-30"}
    assert row.data["after"] == {"due_on": "2024-11-20"}
    # Once only (Art. 33): no second request.
    refused(lambda: _ask(app, county, on=D(2024, 10, 11)), E_EXTENSION_TWICE)


def test_the_requester_may_not_decide_their_own_request(app, county):
    req = _ask(app, county, actor=county.reviewer_edu)
    for decide in (
        lambda: extensions.extension_approve(
            request=req, on=D(2024, 10, 9), actor=county.reviewer_edu, as_of=AS_OF
        ),
        lambda: extensions.extension_refuse(
            request=req, on=D(2024, 10, 9), reason="不需要", actor=county.reviewer_edu, as_of=AS_OF
        ),
    ):
        refused(decide, extensions.E_EXTENSION_SELF)
    assert reload(app).due_on == DUE
    assert extensions.ExtensionRequest.objects.get(pk=req.pk).status == ExtensionStatus.PENDING
    # The county office (approver over the whole county) may decide it.
    extensions.extension_approve(request=req, on=D(2024, 10, 9), actor=county.office, as_of=AS_OF)
    assert reload(app).due_on == D(2024, 11, 20)


@pytest.mark.parametrize("who", ["clerk_edu", "clerk_env", "reviewer_env", "supervisor"])
def test_only_a_reviewer_of_the_unit_decides(app, county, who):
    req = _ask(app, county, actor=county.office)
    refused(
        lambda: extensions.extension_approve(
            request=req, on=D(2024, 10, 9), actor=getattr(county, who), as_of=AS_OF
        ),
        E_EXTENSION_APPROVER,
    )
    assert reload(app).due_on == DUE


def test_a_refusal_needs_a_reason_keeps_the_due_date_and_allows_a_new_request(app, county):
    req = _ask(app, county)
    refused(
        lambda: extensions.extension_refuse(
            request=req, on=D(2024, 10, 9), reason="  ", actor=county.reviewer_edu, as_of=AS_OF
        ),
        extensions.E_EXTENSION_REFUSAL_REASON,
    )
    req = extensions.extension_refuse(
        request=req,
        on=D(2024, 10, 9),
        reason="材料可按期调取",
        actor=county.reviewer_edu,
        as_of=AS_OF,
    )
    assert req.status == ExtensionStatus.REFUSED and req.decision_note == "材料可按期调取"
    assert reload(app).due_on == DUE
    assert AuditLog.objects.filter(action="extension.refuse", actor=county.reviewer_edu).exists()
    refused(
        lambda: extensions.extension_approve(
            request=req, on=D(2024, 10, 9), actor=county.reviewer_edu, as_of=AS_OF
        ),
        extensions.E_EXTENSION_DECIDED,
    )
    again = _ask(app, county, on=D(2024, 10, 15), days=5)
    assert again.status == ExtensionStatus.PENDING


def test_bad_requests_are_refused(app, county):
    refused(lambda: _ask(app, county, days=21), E_EXTENSION_DAYS)
    refused(lambda: _ask(app, county, days=0), E_EXTENSION_DAYS)
    refused(lambda: _ask(app, county, reason=" "), extensions.E_EXTENSION_REASON)
    refused(
        lambda: _ask(app, county, on=D(2024, 10, 31)),
        extensions.E_EXTENSION_REQUEST_LATE,
        due="2024-10-30",
    )
    refused(
        lambda: _ask(app, county, on=D(2024, 11, 21)),
        E_FUTURE,
        day="2024-11-21",
        today="2024-11-20",
    )
    _ask(app, county)
    refused(lambda: _ask(app, county), extensions.E_EXTENSION_PENDING)
    assert extensions.ExtensionRequest.objects.count() == 1


def test_a_decision_dated_before_the_request_or_after_today_is_refused(app, county):
    req = _ask(app, county, on=D(2024, 10, 8))
    for on, message, params in (
        (D(2024, 10, 7), extensions.E_EXTENSION_BEFORE_REQUEST, {"requested": "2024-10-08"}),
        (D(2024, 11, 21), E_FUTURE, {"day": "2024-11-21", "today": "2024-11-20"}),
    ):
        refused(
            lambda on=on: extensions.extension_approve(
                request=req, on=on, actor=county.reviewer_edu, as_of=AS_OF
            ),
            message,
            **params,
        )
    assert reload(app).due_on == DUE


def test_the_reviewers_queue_lists_the_requests_they_may_decide(client, app, county):
    _ask(app, county)
    client.force_login(county.reviewer_edu)
    body = client.get("/").content.decode()
    assert 'id="extension-requests"' in body and app.tracking_code in body
    for who in ("clerk_edu", "reviewer_env"):  # the requester; another unit's reviewer
        client.force_login(getattr(county, who))
        assert 'id="extension-requests"' not in client.get("/").content.decode()


def test_request_and_approval_on_the_application_page(client, app, county):
    client.force_login(county.clerk_edu)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert f'action="/applications/{app.pk}/extension-requests/"' in page
    assert "/act/extension/" not in page  # the old typed-in extension is gone
    response = client.post(
        f"/applications/{app.pk}/extension-requests/",
        {"on": "2024-10-08", "days": "15", "reason": "需调取多年档案"},
        follow=True,
    )
    assert response.status_code == 200
    req = app.extension_requests.get()
    # The requester is shown no decision buttons, and a decision from them is refused.
    assert "/approve/" not in response.content.decode()
    # 申请人 is the applicant: the one who asked for the extension is its 提出人.
    assert "等待本单位审核人（提出人以外）作出决定" in response.content.decode()
    client.post(
        f"/applications/{app.pk}/extension-requests/{req.pk}/approve/", {"on": "2024-10-09"}
    )
    assert reload(app).due_on == DUE
    # A clerk of another unit: 404, nothing changes.
    client.force_login(county.clerk_env)
    assert (
        client.post(
            f"/applications/{app.pk}/extension-requests/{req.pk}/approve/", {"on": "2024-10-09"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/applications/{app.pk}/extension-requests/",
            {"on": "2024-10-08", "days": "15", "reason": "x"},
        ).status_code
        == 404
    )
    # The unit's reviewer approves on the page.
    client.force_login(county.reviewer_edu)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert f"/extension-requests/{req.pk}/approve/" in page
    client.post(
        f"/applications/{app.pk}/extension-requests/{req.pk}/approve/",
        {"on": "2024-10-09", "reason": ""},
    )
    assert reload(app).due_on == D(2024, 11, 20)


def test_a_refusal_without_reason_is_refused_on_the_page(client, app, county):
    req = _ask(app, county)
    client.force_login(county.reviewer_edu)
    response = client.post(
        f"/applications/{app.pk}/extension-requests/{req.pk}/refuse/",
        {"on": "2024-10-09", "reason": ""},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "请填写不予批准的理由。" in response.content.decode()
    assert extensions.ExtensionRequest.objects.get(pk=req.pk).status == ExtensionStatus.PENDING


# --- Four eyes on the annual report -------------------------------------------------------


def _submitted(county, by):
    v = reports.report_version_open(unit=county.edu, year=2024, scope="unit", actor=by)
    v = reports.report_save_narrative(version=v, actor=by, **NARRATIVE)
    return reports.report_submit(version=v, actor=by)


def test_the_submitter_may_neither_approve_nor_publish(county):
    v = _submitted(county, county.reviewer_edu)
    with pytest.raises(reports.ReportError) as info:
        reports.report_approve(version=v, actor=county.reviewer_edu)
    assert info.value.message == str(reports.E_SELF_APPROVAL)
    assert ReportVersion.objects.get(pk=v.pk).status == ReportStatus.SUBMITTED
    v = reports.report_approve(version=v, actor=county.office)
    with pytest.raises(reports.ReportError) as info:
        reports.report_publish(version=v, actor=county.reviewer_edu)
    assert info.value.message == str(reports.E_SELF_APPROVAL)
    v = reports.report_publish(version=v, actor=county.office)
    assert v.status == ReportStatus.PUBLISHED and v.submitted_by == county.reviewer_edu


def test_the_office_allows_a_one_person_unit(county):
    with pytest.raises(reports.ReportError) as info:
        self_approval_allow(unit=county.edu, reason=" ", actor=county.office, as_of=AS_OF)
    assert info.value.message == str(E_SELF_APPROVAL_REASON)
    self_approval_allow(
        unit=county.edu, reason="只有一名工作人员", actor=county.office, as_of=AS_OF
    )
    row = AuditLog.objects.get(action="report.self_approval_allow")
    assert row.data["after"] == {"self_approval": True} and row.actor == county.office
    v = _submitted(county, county.reviewer_edu)
    v = reports.report_approve(version=v, actor=county.reviewer_edu)
    v = reports.report_publish(version=v, actor=county.reviewer_edu)
    assert v.status == ReportStatus.PUBLISHED


def test_the_page_refuses_self_approval_in_chinese(client, county):
    _submitted(county, county.reviewer_edu)
    client.force_login(county.reviewer_edu)
    response = client.post(
        "/reports/T-EDU/2024/approve/",
        {"scope": "unit"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "该年报由您本人提交，须由其他审核人审核和发布。" in response.content.decode()
    assert ReportVersion.objects.get().status == ReportStatus.SUBMITTED


def test_the_office_keeps_the_list_on_its_page(client, county):
    client.force_login(county.office)
    page = client.get("/reports/self-approval/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "允许本人审核发布年报的单位" in page.content.decode()
    body = client.post(
        "/reports/self-approval/",
        {"unit": county.town.pk, "reason": ""},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "请填写理由" in body and not SelfApproval.objects.exists()
    client.post("/reports/self-approval/", {"unit": county.town.pk, "reason": "镇里只有一人负责"})
    assert SelfApproval.objects.get().unit == county.town
    assert "测试县城关镇" in client.get("/reports/self-approval/").content.decode()
    client.post("/reports/self-approval/", {"withdraw": county.town.pk})
    assert not SelfApproval.objects.exists()
    assert AuditLog.objects.filter(action="report.self_approval_withdraw").count() == 1


@pytest.mark.parametrize("who", ["reviewer_edu", "clerk_edu", "supervisor"])
def test_only_the_office_sees_the_list(client, county, who):
    client.force_login(getattr(county, who))
    assert client.get("/reports/self-approval/").status_code == 404
    response = client.post("/reports/self-approval/", {"unit": county.edu.pk, "reason": "只有一人"})
    assert response.status_code == 404 and not SelfApproval.objects.exists()
