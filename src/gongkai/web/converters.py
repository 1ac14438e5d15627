"""Path converters: a URL that cannot name anything real does not resolve (404), so that
no view meets a value its code cannot take (``date(99999, 1, 1)``)."""

from __future__ import annotations

from django.urls import register_converter


class YearConverter:
    """A year in a URL — of a report, of the calendar: 2000 to 2099 (the calendar's
    ``RULE_YEARS``; there is no report before the 2008 regulations)."""

    regex = "20[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        if not 2000 <= int(value) <= 2099:
            raise ValueError(value)
        return str(int(value))


register_converter(YearConverter, "year")
