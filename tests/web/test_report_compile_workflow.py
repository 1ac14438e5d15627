"""A compiled report's workflow: draft, submit, return, approve and publish, the
published cells frozen, and a new version that needs a reason.

The records and the cells expected of them are in ``report_records`` (the
``report_records`` fixture); every expected cell was worked out by hand.
"""

from __future__ import annotations

import pytest

from gongkai.core import audit_record
from gongkai.web.audit.models import AuditLog
from gongkai.web.reports.models import ReportStatus, ReportVersion, Scope
from gongkai.web.reports.services import (
    E_FROZEN,
    E_NOT_LATEST,
    E_REASON,
    E_STATE,
    ReportError,
    report_approve,
    report_compile,
    report_new_version,
    report_publish,
    report_return,
    report_save_narrative,
    report_submit,
    report_version_current,
    report_version_open,
)
from report_records import D, compile_2024, numbers, reply

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------
# Workflow
# --------------------------------------------------------------------------------------


def _actions(version: ReportVersion) -> list[str]:
    return list(
        AuditLog.objects.filter(object_type="reports.reportversion", object_id=str(version.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_workflow_draft_submit_return_approve_publish_freezes(report_records):
    edu, clerk, reviewer = report_records.edu, report_records.clerk_edu, report_records.reviewer_edu
    v = report_version_open(unit=edu, year=2024, scope=Scope.UNIT, actor=clerk)
    assert (v.number, v.status) == (1, ReportStatus.DRAFT)
    assert report_version_open(unit=edu, year=2024, scope=Scope.UNIT, actor=clerk).pk == v.pk
    v = report_save_narrative(
        version=v, sec1="本年度共收到申请4件。", sec5="问题", sec6="无", actor=clerk
    )
    v = report_submit(version=v, actor=clerk)
    assert v.status == ReportStatus.SUBMITTED
    with pytest.raises(ReportError) as info:
        report_save_narrative(version=v, sec1="改", sec5="", sec6="", actor=clerk)
    assert info.value.message == str(E_STATE).format(status=ReportStatus.SUBMITTED.label)
    for reason in ("", "   "):
        with pytest.raises(ReportError) as info:
            report_return(version=v, reason=reason, actor=reviewer)
        assert info.value.message == str(E_REASON)
    assert ReportVersion.objects.get(pk=v.pk).status == ReportStatus.SUBMITTED
    with pytest.raises(ReportError):
        report_publish(version=v, actor=reviewer)  # not approved yet

    v = report_return(version=v, reason="第一部分数字与表三不一致", actor=reviewer)
    assert (v.status, v.return_reason) == (ReportStatus.RETURNED, "第一部分数字与表三不一致")
    v = report_save_narrative(
        version=v, sec1="本年度新收申请4件，办结4件。", sec5="问题", sec6="无", actor=clerk
    )
    v = report_submit(version=v, actor=clerk)
    assert (v.status, v.return_reason) == (ReportStatus.SUBMITTED, "")
    v = report_approve(version=v, actor=reviewer)
    assert v.status == ReportStatus.APPROVED
    compiled_then = audit_record(*compile_2024(edu))
    v = report_publish(version=v, actor=reviewer)
    v = ReportVersion.objects.get(pk=v.pk)
    assert v.status == ReportStatus.PUBLISHED
    assert v.published_at is not None
    assert v.snapshot["cells"] == compiled_then["cells"]
    assert v.snapshot["cells"]["apply.carried_out.np"] == 1
    assert v.snapshot["narrative"]["sec1"] == "本年度新收申请4件，办结4件。"

    # Frozen: the narrative cannot change …
    with pytest.raises(ReportError) as info:
        report_save_narrative(version=v, sec1="改", sec5="", sec6="", actor=clerk)
    assert info.value.message == str(E_FROZEN)
    assert ReportVersion.objects.get(pk=v.pk).sec1 == "本年度新收申请4件，办结4件。"
    # … and a later change of the records leaves the published cells alone.
    reply(report_records.a6, D(2024, 12, 20), "apply.result.grant", clerk)
    assert numbers(report_compile(unit=edu, year=2024))["apply.carried_out.np"] == 0
    assert ReportVersion.objects.get(pk=v.pk).snapshot["cells"] == compiled_then["cells"]

    assert _actions(v) == [
        "report.create",
        "report.edit",
        "report.submitted",
        "report.returned",
        "report.edit",
        "report.submitted",
        "report.approved",
        "report.published",
    ]


def test_new_version_needs_a_reason_and_starts_a_draft(report_records):
    edu, clerk, reviewer = report_records.edu, report_records.clerk_edu, report_records.reviewer_edu
    v = report_version_open(unit=edu, year=2024, scope=Scope.UNIT, actor=clerk)
    v = report_save_narrative(version=v, sec1="一", sec5="五", sec6="六", actor=clerk)
    with pytest.raises(ReportError) as info:
        report_new_version(version=v, reason="更正", actor=clerk)  # a draft is simply edited
    assert info.value.message == str(E_STATE).format(status=ReportStatus.DRAFT.label)
    v = report_publish(
        version=report_approve(version=report_submit(version=v, actor=clerk), actor=reviewer),
        actor=reviewer,
    )
    for reason in ("", "  "):
        with pytest.raises(ReportError) as info:
            report_new_version(version=v, reason=reason, actor=clerk)
        assert info.value.message == str(E_REASON)
    assert ReportVersion.objects.filter(unit=edu, year=2024).count() == 1

    new = report_new_version(version=v, reason="更正表三数据", actor=clerk)
    assert (new.number, new.status, new.change_reason) == (2, ReportStatus.DRAFT, "更正表三数据")
    assert (new.sec1, new.sec5, new.sec6) == ("一", "五", "六")
    assert new.snapshot is None
    assert report_version_current(unit=edu, year=2024, scope=Scope.UNIT).pk == new.pk
    assert ReportVersion.objects.get(pk=v.pk).status == ReportStatus.PUBLISHED
    assert _actions(new) == ["report.new_version"]
    report_save_narrative(version=new, sec1="一（更正）", sec5="五", sec6="六", actor=clerk)

    # Only the latest version can be the start of another: a second request made from
    # version 1 (a double click, a stale page) is refused, and nothing is made.
    with pytest.raises(ReportError) as info:
        report_new_version(version=v, reason="再次更正", actor=clerk)
    assert info.value.message == str(E_NOT_LATEST)
    assert sorted(
        ReportVersion.objects.filter(unit=edu, year=2024).values_list("number", flat=True)
    ) == [1, 2]
