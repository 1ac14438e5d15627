"""The working-day calendar: weekends, statutory holidays and make-up working days
(调休), as data by year.

The State Council announces each year's holidays late in the year before, so the
calendar is data, not rules: :func:`from_chinese_calendar` loads the years the
``chinese_calendar`` package knows, and offices correct or extend it (a year not yet
in the package, a local change) with :class:`DayCorrection` s. A date in a year with
no data is an error (:class:`CalendarMissing`), never silently weekends-only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from gongkai.core.errors import GongkaiError

__all__ = ["CalendarMissing", "DayCorrection", "WorkCalendar", "from_chinese_calendar"]


class CalendarMissing(GongkaiError):
    """A date falls in a year the calendar has no holiday data for."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"没有{year}年的节假日数据，无法计算工作日；请管理员补充{year}年的日历")


@dataclass(frozen=True)
class DayCorrection:
    """One day set by hand: a working day (e.g. a 调休 Saturday) or a day off."""

    day: date
    working: bool
    note: str = ""


@dataclass(frozen=True)
class WorkCalendar:
    years: frozenset[int]
    holidays: frozenset[date]  # days off that would otherwise be working days, and holiday weekends
    workdays: frozenset[date]  # weekend days that are working days (调休上班)

    def with_corrections(
        self, corrections: Iterable[DayCorrection], *, years: Iterable[int] = ()
    ) -> WorkCalendar:
        """This calendar with days set by hand; ``years`` adds years whose data the corrections complete."""
        holidays, workdays = set(self.holidays), set(self.workdays)
        for c in corrections:
            holidays.discard(c.day)
            workdays.discard(c.day)
            if c.working and c.day.weekday() >= 5:
                workdays.add(c.day)
            elif not c.working and c.day.weekday() < 5:
                holidays.add(c.day)
        return WorkCalendar(self.years | frozenset(years), frozenset(holidays), frozenset(workdays))

    def is_working_day(self, day: date) -> bool:
        if day.year not in self.years:
            raise CalendarMissing(day.year)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself is not counted); ``start`` for n = 0."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_after(self, start: date, end: date) -> frozenset[date]:
        """The working days after ``start`` up to and including ``end``."""
        days = set()
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                days.add(day)
            day += timedelta(days=1)
        return frozenset(days)


@cache
def from_chinese_calendar() -> WorkCalendar:
    """The calendar of every year the ``chinese_calendar`` package has data for."""
    from chinese_calendar import constants  # a data package, imported only when asked for

    holidays = frozenset(constants.holidays)
    workdays = frozenset(constants.workdays)
    years = frozenset(d.year for d in holidays)
    return WorkCalendar(years, holidays, workdays)
