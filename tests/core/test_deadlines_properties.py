"""The reply's due date (条例 Arts. 30–33) as properties (Hypothesis) that may count with
the calendar itself: at least and exactly the unpaused working days, pauses and
extensions never make it earlier, it falls on a working day, the order of pauses does not
matter; and a count that reaches a year with no official arrangement is provisional and
names its days. The cases counted by hand are in ``test_deadlines.py``.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.core.calendar import WorkCalendar, from_chinese_calendar
from gongkai.core.deadlines import Pause, due_date

CAL: WorkCalendar = from_chinese_calendar()
D = date


# --------------------------------------------------------------------------------------
# Properties (Hypothesis); these may count with the calendar itself
# --------------------------------------------------------------------------------------

FIRST, LAST = D(2023, 1, 1), D(2025, 10, 31)

received_dates = st.dates(min_value=FIRST, max_value=LAST)


@st.composite
def one_pause(draw: st.DrawFn, received: date) -> Pause:
    """A pause starting on or after receipt, within the first weeks of the case."""
    start = received + timedelta(days=draw(st.integers(min_value=0, max_value=40)))
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=15)))
    return Pause(start, end)


def pause_lists(received: date) -> st.SearchStrategy[list[Pause]]:
    return st.lists(one_pause(received), max_size=3)


@st.composite
def cases(draw: st.DrawFn) -> tuple[date, list[Pause], int]:
    received = draw(received_dates)
    return received, draw(pause_lists(received)), draw(st.integers(min_value=0, max_value=20))


def count_working_days(first_excluded: date, last_included: date) -> int:
    return len(CAL.working_days_after(first_excluded, last_included))


@settings(max_examples=200, deadline=None)
@given(cases())
def test_property_at_least_20_working_days(case: tuple[date, list[Pause], int]) -> None:
    received, pauses, extension = case
    due = due_date(CAL, received=received, extension_days=extension, pauses=pauses).due
    assert due >= CAL.add_working_days(received, 20)
    assert count_working_days(received, due) >= 20


@settings(max_examples=200, deadline=None)
@given(cases())
def test_property_exactly_the_unpaused_working_days(case: tuple[date, list[Pause], int]) -> None:
    # When every pause begins before the plain 20th working day, (received, due] holds
    # exactly 20 + extension working days that no pause covers.
    received, pauses, extension = case
    plain = CAL.add_working_days(received, 20)
    assume(all(p.start < plain for p in pauses))
    due = due_date(CAL, received=received, extension_days=extension, pauses=pauses).due
    paused = set().union(*(CAL.working_days_after(p.start, p.end) for p in pauses))
    unpaused = CAL.working_days_after(received, due) - paused
    assert len(unpaused) == 20 + extension


@settings(max_examples=200, deadline=None)
@given(cases(), st.data())
def test_property_a_pause_never_makes_it_earlier(
    case: tuple[date, list[Pause], int], data: st.DataObject
) -> None:
    received, pauses, extension = case
    extra = data.draw(one_pause(received))
    before = due_date(CAL, received=received, extension_days=extension, pauses=pauses).due
    after = due_date(CAL, received=received, extension_days=extension, pauses=[*pauses, extra]).due
    assert after >= before


@settings(max_examples=200, deadline=None)
@given(cases())
def test_property_each_extension_day_moves_it_one_working_day(
    case: tuple[date, list[Pause], int],
) -> None:
    received, pauses, extension = case
    assume(extension < 20)
    due = due_date(CAL, received=received, extension_days=extension, pauses=pauses).due
    longer = due_date(CAL, received=received, extension_days=extension + 1, pauses=pauses).due
    assert longer > due
    assert longer == CAL.add_working_days(due, 1)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_property_extension_never_makes_it_earlier(case: tuple[date, list[Pause], int]) -> None:
    received, pauses, extension = case
    none = due_date(CAL, received=received, pauses=pauses).due
    some = due_date(CAL, received=received, extension_days=extension, pauses=pauses).due
    assert some >= none


@settings(max_examples=200, deadline=None)
@given(cases(), st.one_of(st.none(), st.integers(min_value=0, max_value=30)))
def test_property_due_is_a_working_day(
    case: tuple[date, list[Pause], int], correction_offset: int | None
) -> None:
    received, pauses, extension = case
    correction = None if correction_offset is None else received + timedelta(days=correction_offset)
    result = due_date(
        CAL,
        received=received,
        correction_received=correction,
        extension_days=extension,
        pauses=pauses,
    )
    assert CAL.is_working_day(result.due)
    start = correction or received
    assert result.due >= CAL.add_working_days(start, 20)
    assert result.as_dict()["due"] == result.due.isoformat()


@settings(max_examples=200, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_property_order_of_pauses_does_not_matter(case: tuple[date, list[Pause], int], rnd) -> None:
    received, pauses, extension = case
    shuffled = list(pauses)
    rnd.shuffle(shuffled)
    a = due_date(CAL, received=received, extension_days=extension, pauses=pauses)
    b = due_date(CAL, received=received, extension_days=extension, pauses=shuffled)
    c = due_date(CAL, received=received, extension_days=extension, pauses=list(reversed(pauses)))
    assert a.due == b.due == c.due
    assert a.as_dict() == b.as_dict() == c.as_dict()


# --------------------------------------------------------------------------------------
# Provisional due dates: a count over a year with no official arrangement
# --------------------------------------------------------------------------------------


def test_a_count_into_an_unannounced_year_is_provisional_and_names_its_days() -> None:
    # From Sun 2026-12-20: 12/21..12/25 = 1–5, 12/28..12/31 = 6–9, [2027-01-01 元旦 by rule,
    # 1/2 Sat, 1/3 Sun], 1/4..1/8 = 10–14, 1/11..1/15 = 15–19, 1/18 = 20.
    result = due_date(CAL, received=date(2026, 12, 20))
    assert result.due == date(2027, 1, 18)
    assert result.provisional is True
    assert result.provisional_years == (2027,)
    assert [(d.day, d.name) for d in result.provisional_days] == [(date(2027, 1, 1), "元旦")]
    assert "2027年的节假日安排尚未公布" in result.steps[-2].text
    assert "2027-01-01（元旦）" in result.steps[-2].text
    assert result.steps[-1].text.endswith("（预计）")
    data = result.as_dict()
    assert data["provisional"] is True
    assert data["provisional_days"] == [{"date": "2027-01-01", "name": "元旦"}]


def test_a_count_within_announced_years_is_exact() -> None:
    result = due_date(CAL, received=date(2026, 6, 1))
    assert result.provisional is False
    assert result.as_dict()["provisional"] is False
    assert not any("预计" in s.text for s in result.steps)


def test_a_pause_that_reaches_an_unannounced_year_makes_the_count_provisional() -> None:
    # Received 2026-11-02, due 2026-11-30 without pauses; a consultation from 11/10 to
    # 2027-01-06 pushes the count into 2027.
    result = due_date(
        CAL, received=date(2026, 11, 2), pauses=[Pause(date(2026, 11, 10), date(2027, 1, 6))]
    )
    assert result.provisional is True
    assert date(2027, 1, 1) in {d.day for d in result.provisional_days}


@settings(max_examples=300, deadline=None)
@given(
    received=st.dates(date(2008, 1, 1), date(2060, 12, 31)),
    extension=st.integers(0, 20),
)
def test_provisional_exactly_when_the_count_touches_an_unannounced_year(
    received: date, extension: int
) -> None:
    result = due_date(CAL, received=received, extension_days=extension)
    touched = set(range((received + timedelta(days=1)).year, result.due.year + 1))
    assert result.provisional == bool(touched - CAL.years)
    assert all(d.day.year not in CAL.years for d in result.provisional_days)
    assert all(received < d.day <= result.due for d in result.provisional_days)
    # Every day named is a day off the count skipped.
    assert not any(CAL.is_working_day(d.day) for d in result.provisional_days)
