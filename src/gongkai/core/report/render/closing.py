"""The closing block (落款) every rendered report ends with: the issuing unit's name and,
when known, the date it was issued, written as an official document writes it
(2026年1月20日, Arabic numerals, GB/T 9704-2012 7.3.5), both right-aligned in the
documents that can align text."""

from __future__ import annotations

import re
from datetime import date

from gongkai.core.report.model import AnnualReport

#: A line that is only a date, in Arabic or Chinese numerals (2024年2月19日, 二〇二四年二月十九日).
_DATE_LINE = re.compile(
    r"[0-9０-９〇○零一二三四五六七八九十]{2,4}年[0-9０-９一二三四五六七八九十]{1,2}月[0-9０-９一二三四五六七八九十]{1,3}日"
)

__all__ = ["closing_lines", "written_date"]


def written_date(on: date) -> str:
    """``on`` as an official document dates itself: 2026年1月20日 (no leading zeros)."""
    return f"{on.year}年{on.month}月{on.day}日"


def _own_closing(report: AnnualReport) -> tuple[bool, bool]:
    """Whether the report's own text already ends with its closing — the unit's name as
    the last line of the last section — and whether a line that is only a date follows
    it (a report read from a published file, or a section 六 typed with its closing)."""
    if not report.body or not report.sections:
        return False, False
    last = list(report.sections.values())[-1].text
    lines = [ln.strip() for ln in last.splitlines() if ln.strip()]
    dated = bool(lines) and _DATE_LINE.fullmatch(lines[-1]) is not None
    if dated:
        lines.pop()
    named = bool(lines) and lines[-1] == report.body
    return named, named and dated


def closing_lines(report: AnnualReport, issued_on: date | None) -> list[str]:
    """The unit's name, then the date — each only when known. A closing the report's own
    text already ends with is not printed twice: after the unit's name alone only the
    date follows, after a dated one nothing."""
    named, dated = _own_closing(report)
    lines = [report.body] if report.body and not named else []
    if issued_on is not None and not dated:
        lines.append(written_date(issued_on))
    return lines
