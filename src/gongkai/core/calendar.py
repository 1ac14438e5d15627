"""The working-day calendar: weekends, statutory holidays and make-up working days
(调休), as data by year — and, for a year whose arrangement is not announced yet, a
provisional calendar computed by rule.

The State Council announces each year's arrangement late in the year before, and the
``chinese_calendar`` package bundles it some weeks later. :func:`from_chinese_calendar`
loads the years the package knows (the *official* years); offices add a year's
arrangement or correct a day with :class:`DayCorrection` s, and name the years they
entered whole. Every other year is *provisional*: its days off are the statutory
holidays of the 《全国年节及纪念日放假办法》 in force that year (:func:`statutory_holidays`),
with a holiday that falls on a Saturday or Sunday made up on the next working day
(the 办法's Art. 6), and no 调休 — never a silent weekends-only calendar. A result that
depends on a provisional year says so (:meth:`WorkCalendar.provisional_years`), so that
it is shown as an estimate (预计) and recomputed when the official data arrives.

The lunar dates (春节, 端午, 中秋) and 清明 come from the ``holidays`` package's Chinese
lunisolar tables, which cover 1901–2099; a date outside the years the rule can be
computed for (:data:`RULE_YEARS`) is an error (:class:`CalendarMissing`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from gongkai.core.errors import GongkaiError

__all__ = [
    "RULE_YEARS",
    "CalendarMissing",
    "DayCorrection",
    "ProvisionalDay",
    "WorkCalendar",
    "from_chinese_calendar",
    "provisional_days_off",
    "statutory_holidays",
]

#: The years whose statutory holidays can be computed by rule: the 办法 as revised in
#: 1999 onwards, while the lunisolar tables last.
RULE_YEARS = range(2000, 2100)


class CalendarMissing(GongkaiError):
    """A date falls in a year for which neither data nor the rule gives a calendar."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年既没有节假日安排数据，也无法按放假办法推算（可推算{RULE_YEARS.start}—{RULE_YEARS.stop - 1}年），无法计算工作日"
        )


@dataclass(frozen=True)
class DayCorrection:
    """One day set by hand: a working day (e.g. a 调休 Saturday) or a day off."""

    day: date
    working: bool
    note: str = ""


@dataclass(frozen=True)
class ProvisionalDay:
    """A day off of a year without official data, by the rule: ``name`` says which holiday."""

    day: date
    name: str

    def label(self) -> str:
        return f"{self.day.isoformat()}（{self.name}）"


def _lunar_dates(year: int) -> tuple[date, date, date, date]:
    """春节 (正月初一), 清明, 端午 and 中秋 of ``year``."""
    from holidays.calendars.chinese import _ChineseLunisolar  # the lunisolar tables

    lunar = _ChineseLunisolar()
    found = (
        lunar.lunar_new_year_date(year)[0],
        lunar.qingming_date(year)[0],
        lunar.dragon_boat_date(year)[0],
        lunar.mid_autumn_date(year)[0],
    )
    if any(d is None for d in found):  # outside the tables
        raise CalendarMissing(year)
    return found  # type: ignore[return-value]


@cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The days off of the 《全国年节及纪念日放假办法》 in force in ``year``, by rule:
    the 1999 text (元旦 1; 春节 初一–初三; 劳动节 5月1–3日; 国庆 3), the 2007 revision
    from 2008 (春节 from 除夕, 3 days; 劳动节 1; 清明, 端午, 中秋 added), the 2013
    revision from 2014 (春节 初一–初三) and the 2024 revision from 2025 (春节 from 除夕,
    4 days; 劳动节 2)."""
    if year not in RULE_YEARS:
        raise CalendarMissing(year)
    new_year, qingming, dragon_boat, mid_autumn = _lunar_dates(year)
    one = timedelta(days=1)
    days: dict[date, str] = {}

    def add(day: date, name: str) -> None:
        if day not in days:
            days[day] = name
        elif name not in days[day]:
            days[day] = f"{days[day]}、{name}"

    add(date(year, 1, 1), "元旦")
    if year >= 2025:
        spring = [new_year - one, new_year, new_year + one, new_year + 2 * one]
        labour = [date(year, 5, 1), date(year, 5, 2)]
    elif year >= 2014:
        spring = [new_year, new_year + one, new_year + 2 * one]
        labour = [date(year, 5, 1)]
    elif year >= 2008:
        spring = [new_year - one, new_year, new_year + one]
        labour = [date(year, 5, 1)]
    else:
        spring = [new_year, new_year + one, new_year + 2 * one]
        labour = [date(year, 5, 1), date(year, 5, 2), date(year, 5, 3)]
    for d in spring:
        add(d, "春节")
    for d in labour:
        add(d, "劳动节")
    if year >= 2008:
        add(qingming, "清明节")
        add(dragon_boat, "端午节")
        add(mid_autumn, "中秋节")
    for d in (date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)):
        add(d, "国庆节")
    return dict(sorted(days.items()))


@cache
def provisional_days_off(year: int) -> dict[date, str]:
    """The days off of a year without official data: the statutory holidays, each one
    that falls on a Saturday or Sunday made up on the next weekday that is not already
    a day off (the 办法's Art. 6: 适逢周六、周日，应当在工作日补假)."""
    days = dict(statutory_holidays(year))
    for day, name in list(days.items()):
        if day.weekday() < 5:
            continue
        sub = day + timedelta(days=1)
        while sub.weekday() >= 5 or sub in days:
            sub += timedelta(days=1)
        days[sub] = f"{name}补休"
    return dict(sorted(days.items()))


@dataclass(frozen=True)
class WorkCalendar:
    years: frozenset[int]  # the official years: announced arrangements (bundled or entered)
    holidays: frozenset[date]  # days off that would otherwise be working days, and holiday weekends
    workdays: frozenset[
        date
    ]  # days that are working days whatever else says (调休上班, corrections)

    def with_corrections(
        self, corrections: Iterable[DayCorrection], *, years: Iterable[int] = ()
    ) -> WorkCalendar:
        """This calendar with days set by hand; ``years`` names years whose official
        arrangement the corrections give (entered by the office), which stop being provisional."""
        holidays, workdays = set(self.holidays), set(self.workdays)
        for c in corrections:
            holidays.discard(c.day)
            workdays.discard(c.day)
            (workdays if c.working else holidays).add(c.day)
        return WorkCalendar(self.years | frozenset(years), frozenset(holidays), frozenset(workdays))

    def is_official(self, year: int) -> bool:
        return year in self.years

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year not in self.years and day in provisional_days_off(day.year):
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

    def provisional_years(self, start: date, end: date) -> tuple[int, ...]:
        """The years from ``start`` to ``end`` whose arrangement is not official: a
        count of working days over them is an estimate."""
        return tuple(y for y in range(start.year, end.year + 1) if y not in self.years)

    def provisional_days(self, start: date, end: date) -> tuple[ProvisionalDay, ...]:
        """The days off by rule (not set by hand) from ``start`` to ``end``, in the
        provisional years: the days an estimate rests on."""
        found = []
        for year in self.provisional_years(start, end):
            for day, name in provisional_days_off(year).items():
                if start <= day <= end and day not in self.workdays and day not in self.holidays:
                    found.append(ProvisionalDay(day, name))
        return tuple(found)


@cache
def from_chinese_calendar() -> WorkCalendar:
    """The calendar of every year the ``chinese_calendar`` package has data for."""
    from chinese_calendar import constants  # a data package, imported only when asked for

    holidays = frozenset(constants.holidays)
    workdays = frozenset(constants.workdays)
    # A year is in the data when its Spring Festival to National Day are: a notice's
    # 元旦 may reach into the next year, which is not announced by that.
    years = frozenset(d.year for d in holidays if 2 <= d.month <= 10)
    return WorkCalendar(years, holidays, workdays)
