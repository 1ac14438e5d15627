"""The closing block (落款) every rendered report ends with: the issuing unit's name and,
when known, the date it was issued, written as an official document writes it
(2026年1月20日, Arabic numerals, GB/T 9704-2012 7.3.5), both right-aligned in the
documents that can align text."""

from __future__ import annotations

from datetime import date

from gongkai.core.report.model import AnnualReport

__all__ = ["closing_lines", "written_date"]


def written_date(on: date) -> str:
    """``on`` as an official document dates itself: 2026年1月20日 (no leading zeros)."""
    return f"{on.year}年{on.month}月{on.day}日"


def closing_lines(report: AnnualReport, issued_on: date | None) -> list[str]:
    """The unit's name, then the date — each only when known."""
    lines = [report.body] if report.body else []
    if issued_on is not None:
        lines.append(written_date(issued_on))
    return lines
