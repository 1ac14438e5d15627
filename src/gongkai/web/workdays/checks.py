"""``manage check``: warn from 1 November when next year has no official arrangement."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning as CheckWarning
from django.core.checks import register
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

W001 = "workdays.W001"


@register()
def next_year_calendar(app_configs: Any = None, **kwargs: Any) -> list[CheckWarning]:
    from gongkai.web.workdays.selectors import calendar_years_missing

    today = timezone.localdate()
    try:
        missing = calendar_years_missing(today=today)
    except DatabaseError:  # not migrated yet: nothing to say about the calendar
        return []
    return [
        CheckWarning(
            _("The holiday arrangement of {year} has not been entered.").format(year=year),
            hint=_(
                "Reply due dates that count over {year} are estimates by the statutory holidays. Enter the State Council's notice on the calendar page (/calendar/) when it is published."
            ).format(year=year),
            id=W001,
        )
        for year in missing
    ]
