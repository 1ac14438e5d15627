"""The demo's annual reports, published as the Regulations want them on whatever day the
demo is loaded (Art. 49: a department by 31 January of the next year, a government, and
here the townships too, by 31 March).

Which reports are published is a rule of the demo's today (``as_of``), not of fixed
years: every report whose publication day (:func:`published_on`) has come is published
and dated that day; one whose day is still ahead is a draft, written and not yet out. So
in December every report of last year is out; in early February the departments' are
and the townships' and the county's roll-up are still being written.

The year the office evaluates (:func:`evaluated_year`) has two faults its evaluation
finds, so that they are true on the portal as well: 民政局 published nine days late, and
the last township (青石镇) never published its report.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportVersion, Scope
from gongkai.web.units.models import Unit, UnitKind

#: Below the county, the index (in the demo's order) of the department that publishes
#: the evaluated year's report late.
LATE = 3


def evaluated_year(as_of: date) -> int:
    """The last year whose every report was due by ``as_of`` (the county's 31 March has
    passed): the year the office's evaluation checks."""
    return as_of.year - 1 if as_of > date(as_of.year, 3, 31) else as_of.year - 2


def published_on(unit: Unit, i: int, count: int, year: int, *, evaluated: int) -> date | None:
    """The day the ``i``-th of ``count`` units below the county publishes its report of
    ``year`` (``None``: never). Departments on 20 January, townships through February
    and March, each before its deadline — but in the ``evaluated`` year one department
    is late and the last unit does not publish at all."""
    deadline = unit.report_deadline(year)
    if year == evaluated and i == count - 1:
        return None
    if year == evaluated and i == LATE and unit.kind == UnitKind.DEPARTMENT:
        return deadline + timedelta(days=9)
    if unit.kind == UnitKind.DEPARTMENT:
        return date(year + 1, 1, 20)
    return deadline - timedelta(days=3 + 9 * (i % 7))


def county_published_on(year: int) -> date:
    """The county's roll-up: a week before its deadline of 31 March."""
    return date(year + 1, 3, 25)


def demo_reports(
    county: Unit,
    units: list[Unit],
    years: tuple[int, ...],
    users: dict[str, Any],
    as_of: date,
) -> None:
    """Every unit's report of ``years`` and the county's roll-up, published on its day if
    that has come by ``as_of``, else a draft."""
    from gongkai.web.evaluations.demo import demo_narrative

    below = [u for u in units if u != county]
    evaluated = evaluated_year(as_of)
    for year in years:
        for i, unit in enumerate(below):
            short = unit.code.split("-")[1].lower()
            on = published_on(unit, i, len(below), year, evaluated=evaluated)
            unit_report(
                unit,
                year,
                users[f"reviewer_{short}"],
                submitter=users[f"clerk_{short}"],
                # the evaluation finds this one's overview copied from last year's
                narrative=demo_narrative(unit, year, i, copied=year == evaluated and i % 7 == 4),
                published_on=on if on is not None and on <= as_of else None,
            )
        on = county_published_on(year)
        roll_up_report(
            county,
            year,
            users["office"],
            submitter=users["clerk_county"],
            sec1=f"{year}年，示例县人民政府深入贯彻《中华人民共和国政府信息公开条例》，围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面推进政务公开工作。",
            sec5=f"{year}年工作中仍存在公开内容不够全面、基层人员业务能力有待提升等问题。下一步将加强培训，完善制度。",
            published_on=on if on <= as_of else None,
        )


def unit_report(
    unit: Unit,
    year: int,
    reviewer: Any,
    *,
    submitter: Any,
    narrative: dict[str, str],
    published_on: date | None,
    scope: str = Scope.UNIT,
) -> ReportVersion:
    """A unit's report of ``year`` with its narrative; if ``published_on``, submitted by
    ``submitter``, approved and published by ``reviewer`` (four eyes) and dated that
    day; else left a draft."""
    v = reports.report_version_open(unit=unit, year=year, scope=scope, actor=reviewer)
    v = reports.report_save_narrative(version=v, actor=submitter or reviewer, **narrative)
    if published_on is None:
        return v
    v = reports.report_submit(version=v, actor=submitter)
    v = reports.report_approve(version=v, actor=reviewer)
    v = reports.report_publish(version=v, actor=reviewer)
    at = datetime(
        published_on.year,
        published_on.month,
        published_on.day,
        10,
        tzinfo=timezone.get_current_timezone(),
    )
    ReportVersion.objects.filter(pk=v.pk).update(published_at=at)
    v.published_at = at
    return v


def roll_up_report(
    unit: Unit,
    year: int,
    office: Any,
    *,
    sec1: str,
    sec5: str,
    published_on: date | None,
    submitter: Any = None,
) -> ReportVersion:
    """A demo unit's roll-up report of ``year`` with its narrative, published on
    ``published_on`` by the office (never the submitter: four eyes), else a draft."""
    return unit_report(
        unit,
        year,
        office,
        submitter=submitter,
        narrative={"sec1": sec1, "sec5": sec5, "sec6": "本年度未收取信息处理费。"},
        published_on=published_on,
        scope=Scope.SUBTREE,
    )
