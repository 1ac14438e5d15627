"""The working-day calendar in force, and every change of it.

The calendar is the bundled data (``chinese_calendar``), the years the office entered
from the State Council's notice, the days set by hand, and, for every other year, the
provisional calendar of the core. Each change runs in one transaction that writes its
audit row and recomputes the due date of every open application.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from gongkai.core.calendar import DayCorrection, WorkCalendar, from_chinese_calendar
from gongkai.web.audit.services import audit_diff, audit_record, audit_values
from gongkai.web.workdays.models import CalendarDay, CalendarYear

if TYPE_CHECKING:
    from gongkai.core.holiday_notice import HolidayArrangement

_cache: dict[tuple[object, ...], WorkCalendar] = {}


def _fingerprint() -> tuple[object, ...]:
    """One query that changes whenever a correction or a year is added, changed or removed."""
    days, years = CalendarDay._meta.db_table, CalendarYear._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT (SELECT COUNT(*) FROM {days}), (SELECT SUM(id) FROM {days}),"
            f" (SELECT MAX(updated_at) FROM {days}),"
            f" (SELECT COUNT(*) FROM {years}), (SELECT SUM(id) FROM {years}),"
            f" (SELECT MAX(updated_at) FROM {years})"
        )
        row = cur.fetchone()
    return tuple(row) if row else ()


def work_calendar() -> WorkCalendar:
    """Rebuilt only when the corrections change (any process: the key is read from the database)."""
    key = _fingerprint()
    cal = _cache.get(key)
    if cal is None:
        corrections = [DayCorrection(d.day, d.working, d.note) for d in CalendarDay.objects.all()]
        years = list(CalendarYear.objects.values_list("year", flat=True))
        cal = from_chinese_calendar().with_corrections(corrections, years=years)
        _cache.clear()
        _cache[key] = cal
    return cal


def calendar_source(year: int) -> str:
    """Where ``year``'s working days come from: "bundled", "entered" or "provisional"."""
    if year in from_chinese_calendar().years:
        return "bundled"
    if CalendarYear.objects.filter(year=year).exists():
        return "entered"
    return "provisional"


@contextmanager
def _change(*, as_of: date, actor: Any, reason: str) -> Iterator[dict[str, int]]:
    """One transaction for a calendar change and its consequences: the open applications
    are recomputed at the end. The in-process cache is dropped afterwards, so that a
    calendar read inside a transaction that rolled back is never kept."""
    from gongkai.web.applications.services import application_refresh_open

    result = {"recomputed": 0}
    try:
        with transaction.atomic():
            yield result
            result["recomputed"] = application_refresh_open(as_of=as_of, actor=actor, reason=reason)
    finally:
        _cache.clear()


def calendar_save_arrangement(
    *, arrangement: HolidayArrangement, actor: Any, as_of: date, source: str = "notice"
) -> int:
    """Save a year's official arrangement (read from the State Council's notice): its days
    off and make-up working days replace every day set for that year, and the year stops
    being provisional. Returns how many open applications' due dates changed."""
    year = arrangement.year
    with _change(as_of=as_of, actor=actor, reason=f"calendar.arrangement {year}") as result:
        CalendarDay.objects.filter(day__year=year).delete()
        days = {
            d: CalendarDay(day=d, working=False, note=n) for d, n in arrangement.days_off.items()
        }
        days.update(
            {
                d: CalendarDay(day=d, working=True, note=f"{n}调休上班")
                for d, n in arrangement.workdays.items()
            }
        )
        CalendarDay.objects.filter(
            day__in=list(days)
        ).delete()  # days of a range reaching another year
        CalendarDay.objects.bulk_create(days.values())
        row, _created = CalendarYear.objects.update_or_create(
            year=year, defaults={"note": (arrangement.title or f"{year}年节假日安排")[:200]}
        )
        audit_record(
            actor=actor,
            action="calendar.arrangement",
            obj=row,
            year=year,
            source=source,
            days_off=sorted(d.isoformat() for d in arrangement.days_off),
            workdays=sorted(d.isoformat() for d in arrangement.workdays),
        )
    return result["recomputed"]


def calendar_delete_year(*, year: int, actor: Any, as_of: date) -> int:
    """Remove an entered year and its days: the year is provisional again (or bundled)."""
    return calendar_delete_years(years=[year], actor=actor, as_of=as_of)


def calendar_delete_years(*, years: list[int], actor: Any, as_of: date) -> int:
    """Remove entered years and their days in one transaction (the calendar page removes
    one; the admin's delete and bulk delete any number): each year is provisional again
    (or bundled). The only meaning of deleting a year, wherever it is done."""
    label = ",".join(str(y) for y in sorted(years))
    with _change(as_of=as_of, actor=actor, reason=f"calendar.delete_year {label}") as result:
        for year in sorted(set(years)):
            row = CalendarYear.objects.filter(year=year).first()
            if row is not None:
                audit_record(actor=actor, action="calendar.delete_year", obj=row, year=year)
                row.delete()
            CalendarDay.objects.filter(day__year=year).delete()
    return result["recomputed"]


def calendar_set_day(
    *, day: date, working: bool | None, actor: Any, as_of: date, note: str = ""
) -> int:
    """Set one day by hand (a working day or a day off), or, with ``working=None``,
    remove what was set for it."""
    with _change(as_of=as_of, actor=actor, reason=f"calendar.day {day.isoformat()}") as result:
        existing = CalendarDay.objects.filter(day=day).first()
        if working is None:
            if existing is not None:
                audit_record(
                    actor=actor, action="calendar.unset", obj=existing, day=day.isoformat()
                )
                existing.delete()
        else:
            row, _created = CalendarDay.objects.update_or_create(
                day=day, defaults={"working": working, "note": note[:200]}
            )
            audit_record(
                actor=actor,
                action="calendar.set",
                obj=row,
                day=day.isoformat(),
                working=working,
                note=note[:200],
                before=None if existing is None else existing.working,
            )
    return result["recomputed"]


def calendar_delete_days(*, days: list[CalendarDay], actor: Any, as_of: date) -> int:
    """Remove several days set by hand at once (the admin's bulk delete)."""
    with _change(as_of=as_of, actor=actor, reason="calendar.delete_days") as result:
        for row in days:
            audit_record(actor=actor, action="calendar.unset", obj=row, day=row.day.isoformat())
        CalendarDay.objects.filter(pk__in=[d.pk for d in days]).delete()
    return result["recomputed"]


def calendar_save_year(*, row: CalendarYear, actor: Any, as_of: date) -> int:
    """Save a year row by itself (the admin): entering a year without its days makes it
    official as it stands."""
    with _change(as_of=as_of, actor=actor, reason=f"calendar.year {row.year}") as result:
        stored = CalendarYear.objects.filter(pk=row.pk).first() if row.pk else None
        before = audit_values(stored) if stored is not None else {}
        row.save()
        audit_record(
            actor=actor,
            action="calendar.year",
            obj=row,
            year=row.year,
            changes=audit_diff(before, audit_values(row)),
        )
    return result["recomputed"]
