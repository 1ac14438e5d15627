"""The demo county's work in hand on ``as_of``, for the reminders and the work queue:
replies falling due, reports waiting for approval or returned, catalogue items waiting for
review, extension requests waiting for the reviewers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gongkai.web.applications import extensions
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import (
    Application,
    Category,
    Channel,
    EventKind,
    FormWanted,
    Status,
)
from gongkai.web.demo_data import COUNTY_CODE
from gongkai.web.proactive.models import CatalogueItem, ItemStatus
from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportStatus, Scope
from gongkai.web.units.models import Unit


def _received_for_due(cal: Any, due: date) -> date:
    """The latest working day whose 20-working-day reply limit falls on or before ``due``."""
    day = due
    while not (cal.is_working_day(day) and cal.add_working_days(day, 20) <= due):
        day -= timedelta(days=1)
    return day


def demo_work_in_hand(
    units: list[Unit], users: dict[str, Any], as_of: date, last_year: int, cal: Any
) -> int:
    """What the reminders and the work queue show on any ``as_of``: at 发展和改革局 a
    reply due within three working days and an overdue one, at 教育局 one due soon; the
    last year's own reports of 发展和改革局 (submitted, waiting for approval) and of 教育局
    (returned by its reviewer) — a new version correcting the published one once it is out; and catalogue items waiting for review. No randomness:
    the rest of the demo is the same with or without them."""
    by_code = {u.code: u for u in units}
    fgj, jyj = by_code[f"{COUNTY_CODE}-FGJ"], by_code[f"{COUNTY_CODE}-JYJ"]
    cases = [
        (
            fgj,
            cal.add_working_days(as_of, 2),
            "刘明",
            "申请公开示例县发展和改革局年度重点项目审批清单",
        ),
        (fgj, as_of - timedelta(days=3), "陈静", "申请公开示例县发展和改革局价格监测报告"),
        (jyj, cal.add_working_days(as_of, 1), "周磊", "申请公开示例县教育局校车服务采购合同"),
    ]
    for unit, due, name, description in cases:
        received = _received_for_due(cal, due)
        apps.application_register(
            unit=unit,
            channel=Channel.IN_PERSON,
            category=Category.NATURAL_PERSON,
            applicant_name=name,
            description=description,
            form_wanted=FormWanted.ELECTRONIC,
            submitted_on=received,
            received_on=received,
            as_of=as_of,
            actor=users[f"clerk_{unit.code.split('-')[1].lower()}"],
        )
    clerk_fgj, reviewer_jyj = users["clerk_fgj"], users["reviewer_jyj"]
    v = _report_in_hand(
        fgj, last_year, clerk_fgj, "更正第三部分“本年新收政府信息公开申请数量”的笔误"
    )
    reports.report_submit(version=v, actor=clerk_fgj)
    v = _report_in_hand(jyj, last_year, users["clerk_jyj"], "补充第五部分存在的主要问题及改进情况")
    v = reports.report_submit(version=v, actor=users["clerk_jyj"])
    reports.report_return(
        version=v, reason="第三部分申请数量与台账不一致，请核对后重新提交。", actor=reviewer_jyj
    )
    for i, title in enumerate(("关于开展年度价格监督检查的通知", "重点项目建设进展情况公告"), 1):
        CatalogueItem.objects.create(
            unit=fgj,
            index_no=f"{fgj.code}/{as_of.year}-D{i:04d}",
            publisher=fgj.name,
            title=f"{fgj.name}{title}",
            written_on=as_of,
            topic=2,
            body="（示例正文，待保密审查）",
            status=ItemStatus.DRAFT,
        )
    return len(cases)


def _report_in_hand(unit: Unit, year: int, clerk: Any, reason: str) -> Any:
    """The unit's report of ``year`` being worked on: its draft if not yet published,
    else a new version of the published one, to correct it (``reason``)."""
    v = reports.report_version_open(unit=unit, year=year, scope=Scope.UNIT, actor=clerk)
    if v.status == ReportStatus.PUBLISHED:
        v = reports.report_new_version(version=v, reason=reason, actor=clerk)
    return v


def demo_extension_requests(units: list[Unit], users: dict[str, Any], as_of: date) -> None:
    """An extension request of this year waiting for each of the first three departments'
    reviewers, asked today by the department's clerk: the reviewers' work queue shows it."""
    for unit in units[1:4]:
        short = unit.code.split("-")[1].lower()
        app = (
            Application.objects.filter(
                unit=unit, status=Status.IN_PROGRESS, due_on__gte=as_of, received_on__lte=as_of
            )
            .exclude(events__kind=EventKind.EXTENSION)
            .order_by("due_on", "pk")
            .first()
        )
        if app is not None:
            extensions.extension_request(
                application=app,
                on=as_of,
                days=15,
                reason="需向多个科室调取材料并逐项核对，难以在规定期限内答复",
                actor=users[f"clerk_{short}"],
                as_of=as_of,
            )


__all__ = ["demo_extension_requests", "demo_work_in_hand"]
