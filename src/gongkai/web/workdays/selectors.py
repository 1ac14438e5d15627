"""Reads of the calendar for the staff pages: who may change it, how each year stands,
and a year laid out as month grids."""

from __future__ import annotations

import calendar as monthcal
import contextlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai.core.calendar import (
    CalendarMissing,
    WorkCalendar,
    from_chinese_calendar,
    provisional_days_off,
)
from gongkai.web.units.models import Membership, Role
from gongkai.web.workdays.models import CalendarDay, CalendarYear

#: From this day of the year on, staff are warned when next year is not announced.
WARN_FROM = (11, 1)


def calendar_can_edit(*, user: Any) -> bool:
    """The calendar is the whole system's: the county's disclosure office (an office or
    administrator role on a top unit) and administrators enter it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role__in=[Role.OFFICE, Role.ADMIN], unit__parent__isnull=True
    ).exists()


def calendar_years_missing(*, today: date) -> list[int]:
    """The years staff should be told have no official arrangement: this year, and next
    year from 1 November."""
    years = [today.year]
    if (today.month, today.day) >= WARN_FROM:
        years.append(today.year + 1)
    unbundled = [y for y in years if y not in from_chinese_calendar().years]
    if not unbundled:  # no query on most days of the year
        return []
    entered = set(CalendarYear.objects.filter(year__in=unbundled).values_list("year", flat=True))
    return [y for y in unbundled if y not in entered]


@dataclass(frozen=True)
class Cell:
    day: date
    in_month: bool
    working: bool
    kind: str  # "work", "weekend", "off" (a holiday), "makeup" (a weekend worked)
    provisional: bool
    name: str


def year_grid(
    *, year: int, cal: WorkCalendar, names: dict[date, str] | None = None
) -> list[tuple[int, list[list[Cell]]]]:
    """The twelve months of ``year``, each as weeks of cells (Monday first). ``names``
    labels days (the holidays); by default the days set by hand and the provisional rule."""
    if names is None:
        names = {d.day: d.note for d in CalendarDay.objects.filter(day__year=year)}
        if not cal.is_official(year):
            with contextlib.suppress(CalendarMissing):
                names = {**provisional_days_off(year), **names}
    weeks_of = monthcal.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in weeks_of.monthdatescalendar(year, month):
            row = []
            for d in week:
                try:
                    working = cal.is_working_day(d)
                except CalendarMissing:
                    working = d.weekday() < 5
                weekend = d.weekday() >= 5
                kind = (
                    ("makeup" if weekend else "work")
                    if working
                    else ("weekend" if weekend and d not in names else "off")
                )
                row.append(
                    Cell(
                        d,
                        d.month == month,
                        working,
                        kind,
                        not cal.is_official(d.year),
                        names.get(d, ""),
                    )
                )
            weeks.append(row)
        months.append((month, weeks))
    return months
