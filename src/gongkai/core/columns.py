"""Columns (栏目) kept fresh: the update rule of a column of a government website or a
new-media account, and where a column stands on a given day.

The defaults follow the national inspection indicators for government websites and
government new media (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号): a column of
news (动态、要闻) not updated for 2 weeks, of notices or policy documents (通知公告、政策文件)
for 6 months, of personnel or plans (人事、规划计划) for a year, and a new-media account
not updated for 2 weeks, count as not updated (栏目不更新); a column with nothing in it is
an empty column (空白栏目). See docs/proactive.md.

Pure Python: the web layer counts each column's last update in one GROUP BY query and
hands the dates here with ``today``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

#: Column categories and their default update rule, in days.
DEFAULT_RULE_DAYS: dict[str, int] = {
    "news": 14,  # 动态、要闻
    "notice": 183,  # 通知公告 (6 months)
    "policy": 183,  # 政策文件 (6 months)
    "personnel": 365,  # 人事
    "planning": 365,  # 规划计划
    "account": 14,  # a new-media account (微博、微信公众号…)
    "other": 365,
}

#: A column is shown as due this many days before it falls overdue.
WARN_DAYS = 7


class ColumnState(enum.StrEnum):
    EMPTY = "empty"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    FRESH = "fresh"


@dataclass(frozen=True)
class ColumnCheck:
    """Where one column stands on ``today``."""

    state: ColumnState
    #: The last day it may go without an update (None for an empty column).
    due_on: date | None
    #: Days past ``due_on`` (0 unless overdue).
    overdue_days: int
    #: Days left until ``due_on`` (0 unless fresh or due soon).
    days_left: int


def column_check(
    *, last_updated: date | None, rule_days: int, today: date, warn_days: int = WARN_DAYS
) -> ColumnCheck:
    """A column last updated on ``last_updated`` (None: never) whose rule is to be updated
    at least every ``rule_days`` days: empty, overdue (``today`` later than
    ``last_updated + rule_days``), due soon (that day within ``warn_days``), or fresh."""
    if rule_days < 1:
        raise ValueError("rule_days must be at least 1")
    if last_updated is None:
        return ColumnCheck(ColumnState.EMPTY, None, 0, 0)
    due_on = last_updated + timedelta(days=rule_days)
    if today > due_on:
        return ColumnCheck(ColumnState.OVERDUE, due_on, (today - due_on).days, 0)
    left = (due_on - today).days
    state = ColumnState.DUE_SOON if left <= warn_days else ColumnState.FRESH
    return ColumnCheck(state, due_on, 0, left)


def default_rule_days(category: str) -> int:
    """The inspection indicators' rule for a category (``other`` for one not known)."""
    return DEFAULT_RULE_DAYS.get(category, DEFAULT_RULE_DAYS["other"])


__all__ = [
    "DEFAULT_RULE_DAYS",
    "WARN_DAYS",
    "ColumnCheck",
    "ColumnState",
    "column_check",
    "default_rule_days",
]
