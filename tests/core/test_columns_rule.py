"""A column's update rule: empty, overdue (by how many days), due within a week, fresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.columns import (
    DEFAULT_RULE_DAYS,
    ColumnState,
    column_check,
    default_rule_days,
)

TODAY = date(2026, 12, 5)


def test_the_inspection_indicators_defaults():
    assert default_rule_days("news") == 14
    assert default_rule_days("notice") == default_rule_days("policy") == 183
    assert default_rule_days("personnel") == default_rule_days("planning") == 365
    assert default_rule_days("account") == 14
    assert default_rule_days("no such category") == DEFAULT_RULE_DAYS["other"]


def test_never_updated_is_empty():
    c = column_check(last_updated=None, rule_days=14, today=TODAY)
    assert c.state == ColumnState.EMPTY and c.due_on is None and c.overdue_days == 0


@pytest.mark.parametrize(
    ("age", "state", "overdue", "left"),
    [
        (0, ColumnState.FRESH, 0, 14),
        (6, ColumnState.FRESH, 0, 8),
        (7, ColumnState.DUE_SOON, 0, 7),
        (14, ColumnState.DUE_SOON, 0, 0),  # the last day is still in time
        (15, ColumnState.OVERDUE, 1, 0),
        (45, ColumnState.OVERDUE, 31, 0),
    ],
)
def test_a_news_column(age, state, overdue, left):
    c = column_check(last_updated=TODAY - timedelta(days=age), rule_days=14, today=TODAY)
    assert (c.state, c.overdue_days, c.days_left) == (state, overdue, left)
    assert c.due_on == TODAY - timedelta(days=age) + timedelta(days=14)


def test_a_rule_of_no_days_is_refused():
    with pytest.raises(ValueError):
        column_check(last_updated=TODAY, rule_days=0, today=TODAY)


@given(
    last=st.dates(min_value=date(2000, 1, 1), max_value=TODAY),
    rule=st.integers(min_value=1, max_value=1000),
)
def test_overdue_days_are_the_days_past_the_rule(last, rule):
    c = column_check(last_updated=last, rule_days=rule, today=TODAY)
    age = (TODAY - last).days
    assert c.overdue_days == max(0, age - rule)
    assert (c.state == ColumnState.OVERDUE) == (age > rule)
    assert c.due_on is not None and (c.due_on - last).days == rule
