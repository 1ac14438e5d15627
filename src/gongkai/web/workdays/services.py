"""The working-day calendar in force: the bundled data with the administrators' corrections."""

from __future__ import annotations

from django.db import connection

from gongkai.core.calendar import DayCorrection, WorkCalendar, from_chinese_calendar
from gongkai.web.workdays.models import CalendarDay, CalendarYear

_cache: dict[tuple[object, ...], WorkCalendar] = {}


def _fingerprint() -> tuple[object, ...]:
    """One query that changes whenever a correction or a year is added, changed or removed."""
    days, years = CalendarDay._meta.db_table, CalendarYear._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT (SELECT COUNT(*) FROM {days}), (SELECT MAX(updated_at) FROM {days}),"
            f" (SELECT COUNT(*) FROM {years}), (SELECT MAX(updated_at) FROM {years})"
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
