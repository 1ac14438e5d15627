"""The working-day calendar, on days known by hand from the State Council's notices."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.calendar import (
    CalendarMissing,
    DayCorrection,
    WorkCalendar,
    from_chinese_calendar,
    provisional_days_off,
    statutory_holidays,
)
from gongkai.core.errors import GongkaiError

CAL: WorkCalendar = from_chinese_calendar()
D = date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2024, 10, 12), True, id="2024-10-12-sat-tiaoxiu"),
        pytest.param(D(2024, 9, 29), True, id="2024-09-29-sun-tiaoxiu"),
        pytest.param(D(2024, 10, 7), False, id="2024-10-07-mon-national-day"),
        pytest.param(D(2024, 10, 8), True, id="2024-10-08-tue-back-to-work"),
        pytest.param(D(2024, 2, 9), True, id="2024-02-09-fri-chuxi-working"),
        pytest.param(D(2025, 1, 26), True, id="2025-01-26-sun-tiaoxiu"),
        pytest.param(D(2025, 2, 3), False, id="2025-02-03-mon-spring-festival"),
        pytest.param(D(2025, 2, 8), True, id="2025-02-08-sat-tiaoxiu"),
        pytest.param(D(2025, 10, 8), False, id="2025-10-08-wed-national-day"),
        pytest.param(D(2023, 9, 29), False, id="2023-09-29-fri-mid-autumn"),
        pytest.param(D(2023, 10, 7), True, id="2023-10-07-sat-tiaoxiu"),
        pytest.param(D(2024, 3, 9), False, id="2024-03-09-ordinary-sat"),
        pytest.param(D(2024, 3, 10), False, id="2024-03-10-ordinary-sun"),
        pytest.param(D(2024, 3, 11), True, id="2024-03-11-ordinary-mon"),
    ],
)
def test_is_working_day_on_known_days(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize("year", [1999, 2100, 2500])
def test_a_year_the_rule_cannot_reach_is_an_error_naming_the_year(year: int) -> None:
    with pytest.raises(CalendarMissing) as info:
        CAL.is_working_day(D(year, 3, 4))
    assert str(year) in str(info.value)
    assert info.value.year == year
    assert isinstance(info.value, GongkaiError)


def test_counting_into_a_year_without_data_uses_the_provisional_holidays() -> None:
    # 2026 is in the data, 2027 is not: from Mon 2026-12-28, 12/29=1, 12/30=2, 12/31=3,
    # [2027-01-01 Fri 元旦 by rule], [1/2 Sat], [1/3 Sun], 1/4=4, 1/5=5.
    assert CAL.add_working_days(D(2026, 12, 28), 3) == D(2026, 12, 31)
    assert CAL.add_working_days(D(2026, 12, 28), 5) == D(2027, 1, 5)
    assert CAL.provisional_years(D(2026, 12, 28), D(2027, 1, 5)) == (2027,)
    assert CAL.provisional_years(D(2026, 12, 1), D(2026, 12, 31)) == ()
    assert [d.day for d in CAL.provisional_days(D(2026, 12, 28), D(2027, 1, 5))] == [D(2027, 1, 1)]


# 2027 by rule, counted by hand on a 2027 calendar: 除夕 Fri 2/5, 初一 Sat 2/6, 初二 Sun 2/7,
# 初三 Mon 2/8, the two weekend days made up on Tue 2/9 and Wed 2/10; 清明 Mon 4/5;
# 劳动节 Sat 5/1, Sun 5/2, made up Mon 5/3, Tue 5/4; 端午 Wed 6/9; 中秋 Wed 9/15;
# 国庆 Fri 10/1, Sat 10/2, Sun 10/3, made up Mon 10/4, Tue 10/5.
PROVISIONAL_2027 = {
    D(2027, 1, 1): "元旦",
    D(2027, 2, 5): "春节",
    D(2027, 2, 6): "春节",
    D(2027, 2, 7): "春节",
    D(2027, 2, 8): "春节",
    D(2027, 2, 9): "春节补休",
    D(2027, 2, 10): "春节补休",
    D(2027, 4, 5): "清明节",
    D(2027, 5, 1): "劳动节",
    D(2027, 5, 2): "劳动节",
    D(2027, 5, 3): "劳动节补休",
    D(2027, 5, 4): "劳动节补休",
    D(2027, 6, 9): "端午节",
    D(2027, 9, 15): "中秋节",
    D(2027, 10, 1): "国庆节",
    D(2027, 10, 2): "国庆节",
    D(2027, 10, 3): "国庆节",
    D(2027, 10, 4): "国庆节补休",
    D(2027, 10, 5): "国庆节补休",
}


def test_the_provisional_days_off_of_2027_by_the_rule() -> None:
    assert provisional_days_off(2027) == PROVISIONAL_2027
    # Spring Festival week: Thu 2/4 works, Fri 2/5 – Wed 2/10 off, Thu 2/11 works.
    assert CAL.is_working_day(D(2027, 2, 4)) is True
    assert not any(CAL.is_working_day(D(2027, 2, d)) for d in range(5, 11))
    assert CAL.is_working_day(D(2027, 2, 11)) is True
    # No 调休 is guessed: ordinary weekends stay days off.
    assert CAL.is_working_day(D(2027, 2, 20)) is False


@pytest.mark.parametrize("year", range(2008, 2027))
def test_the_statutory_holidays_by_rule_are_days_off_in_every_announced_year(year: int) -> None:
    # The rule is checked against every arrangement the State Council announced: each
    # statutory holiday of the 办法 in force that year is a day off in the official data.
    import chinese_calendar

    for day, name in statutory_holidays(year).items():
        assert not chinese_calendar.is_workday(day), (day, name)


def test_the_rules_eras() -> None:
    # 2024 revision (from 2025): 除夕 and 劳动节 two days; 2013 revision (2014–2024): 初一–初三.
    assert [d for d, n in statutory_holidays(2025).items() if n == "春节"] == [
        D(2025, 1, 28),
        D(2025, 1, 29),
        D(2025, 1, 30),
        D(2025, 1, 31),
    ]
    assert [d for d, n in statutory_holidays(2024).items() if n == "春节"] == [
        D(2024, 2, 10),
        D(2024, 2, 11),
        D(2024, 2, 12),
    ]
    assert [d for d, n in statutory_holidays(2024).items() if n == "劳动节"] == [D(2024, 5, 1)]
    # 2007 revision (2008–2013): 除夕 to 初二.
    assert [d for d, n in statutory_holidays(2012).items() if n == "春节"] == [
        D(2012, 1, 22),
        D(2012, 1, 23),
        D(2012, 1, 24),
    ]
    # 1999 text: no 清明, 端午, 中秋; 劳动节 three days.
    assert "清明节" not in statutory_holidays(2005).values()
    assert [d for d, n in statutory_holidays(2005).items() if n == "劳动节"] == [
        D(2005, 5, 1),
        D(2005, 5, 2),
        D(2005, 5, 3),
    ]


def test_official_data_wins_over_the_rule() -> None:
    # 2026 is announced: the rule's 清明 made-up Monday and the official one agree, but
    # the 调休 Sunday 2026-01-04 works only by the data.
    assert CAL.is_official(2026) and not CAL.is_official(2027)
    assert CAL.is_working_day(D(2026, 1, 4)) is True
    assert CAL.provisional_days(D(2026, 1, 1), D(2026, 12, 31)) == ()


# --------------------------------------------------------------------------------------
# with_corrections
# --------------------------------------------------------------------------------------


def test_correction_makes_an_ordinary_weekday_a_day_off() -> None:
    day_off = DayCorrection(D(2024, 3, 13), working=False, note="local closure")
    cal = CAL.with_corrections([day_off])
    assert cal.is_working_day(D(2024, 3, 13)) is False
    assert CAL.is_working_day(D(2024, 3, 13)) is True  # the original is unchanged
    # from Mon 2024-03-04: 3/5=1, 3/6=2, 3/7=3, 3/8=4, 3/11=5, 3/12=6, 3/13=7
    assert CAL.add_working_days(D(2024, 3, 4), 7) == D(2024, 3, 13)
    # with 3/13 off: … 3/12=6, [3/13], 3/14=7
    assert cal.add_working_days(D(2024, 3, 4), 7) == D(2024, 3, 14)


def test_correction_makes_a_saturday_a_working_day() -> None:
    cal = CAL.with_corrections([DayCorrection(D(2024, 3, 9), working=True)])
    assert cal.is_working_day(D(2024, 3, 9)) is True
    assert CAL.is_working_day(D(2024, 3, 9)) is False
    # from Mon 2024-03-04: 3/5=1 … 3/8=4, then 3/11=5 — or, with Sat 3/9 working, 3/9=5
    assert CAL.add_working_days(D(2024, 3, 4), 5) == D(2024, 3, 11)
    assert cal.add_working_days(D(2024, 3, 4), 5) == D(2024, 3, 9)


def test_both_corrections_together() -> None:
    cal = CAL.with_corrections(
        [DayCorrection(D(2024, 3, 13), working=False), DayCorrection(D(2024, 3, 9), working=True)]
    )
    # 3/5=1, 3/6=2, 3/7=3, 3/8=4, 3/9 Sat=5, 3/11=6, 3/12=7, [3/13 off], 3/14=8
    assert cal.add_working_days(D(2024, 3, 4), 7) == D(2024, 3, 12)
    assert cal.add_working_days(D(2024, 3, 4), 8) == D(2024, 3, 14)
    assert cal.working_days_after(D(2024, 3, 8), D(2024, 3, 14)) == {
        D(2024, 3, 9),
        D(2024, 3, 11),
        D(2024, 3, 12),
        D(2024, 3, 14),
    }


def test_corrections_override_the_holiday_data() -> None:
    cal = CAL.with_corrections(
        [
            DayCorrection(D(2024, 10, 7), working=True),  # a national-day Monday worked
            DayCorrection(D(2024, 10, 12), working=False),  # the 调休 Saturday cancelled
        ]
    )
    assert cal.is_working_day(D(2024, 10, 7)) is True
    assert cal.is_working_day(D(2024, 10, 12)) is False


def test_adding_a_year_with_corrections_makes_it_computable() -> None:
    # 2030: Tue 1/1 a day off (元旦), Sat 1/5 a (hypothetical) make-up working day.
    corrections = [
        DayCorrection(D(2030, 1, 1), working=False, note="元旦"),
        DayCorrection(D(2030, 1, 5), working=True, note="调休"),
    ]
    cal = CAL.with_corrections(corrections, years=[2030])
    assert 2030 in cal.years
    assert cal.is_working_day(D(2030, 1, 1)) is False
    assert cal.is_working_day(D(2030, 1, 2)) is True
    assert cal.is_working_day(D(2030, 1, 5)) is True
    assert cal.is_working_day(D(2030, 1, 6)) is False  # an ordinary Sunday
    assert cal.is_working_day(D(2030, 3, 9)) is False  # an ordinary Saturday
    assert cal.is_working_day(D(2030, 3, 11)) is True  # an ordinary Monday
    # from Tue 2030-01-01: 1/2=1, 1/3=2, 1/4=3, 1/5 Sat=4, [1/6 Sun], 1/7=5
    assert cal.add_working_days(D(2030, 1, 1), 5) == D(2030, 1, 7)
    # the other years still work as before
    assert cal.is_working_day(D(2024, 10, 12)) is True


def test_corrections_in_a_provisional_year_apply_and_it_stays_provisional() -> None:
    # A 2030 correction without naming the year: the rule's days still hold elsewhere.
    cal = CAL.with_corrections(
        [
            DayCorrection(D(2030, 1, 2), working=False),  # Wed: a local day off
            DayCorrection(D(2030, 1, 1), working=True),  # Tue 元旦 by rule, set to work
        ]
    )
    assert 2030 not in cal.years
    assert cal.is_working_day(D(2030, 1, 1)) is True
    assert cal.is_working_day(D(2030, 1, 2)) is False
    assert cal.is_working_day(D(2030, 10, 1)) is False  # 国庆 by rule
    assert cal.provisional_years(D(2030, 1, 1), D(2030, 1, 3)) == (2030,)
    # the day set by hand is no longer a day "by rule"
    assert cal.provisional_days(D(2030, 1, 1), D(2030, 1, 3)) == ()


def test_a_year_entered_whole_leaves_the_rule_behind() -> None:
    # Entered as official with one day: 国庆 by rule no longer applies.
    cal = CAL.with_corrections([DayCorrection(D(2030, 1, 1), working=False)], years=[2030])
    assert cal.is_working_day(D(2030, 10, 1)) is True
    assert cal.provisional_years(D(2030, 1, 1), D(2030, 12, 31)) == ()


# --------------------------------------------------------------------------------------
# add_working_days, working_days_after
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [D(2024, 3, 4), D(2024, 10, 3), D(2024, 3, 9), D(2024, 10, 12)])
def test_adding_zero_working_days_is_the_same_day(day: date) -> None:
    assert CAL.add_working_days(day, 0) == day


def test_adding_a_negative_number_of_days_is_an_error() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2024, 3, 4), -1)


def test_add_working_days_across_national_day() -> None:
    # from Fri 2024-09-27: 9/29 Sun(调休)=1, 9/30=2, [10/1–10/7], 10/8=3
    assert CAL.add_working_days(D(2024, 9, 27), 1) == D(2024, 9, 29)
    assert CAL.add_working_days(D(2024, 9, 27), 2) == D(2024, 9, 30)
    assert CAL.add_working_days(D(2024, 9, 27), 3) == D(2024, 10, 8)


def test_working_days_after_a_day_up_to_itself_is_empty() -> None:
    assert CAL.working_days_after(D(2024, 3, 4), D(2024, 3, 4)) == frozenset()
    assert CAL.working_days_after(D(2024, 3, 8), D(2024, 3, 4)) == frozenset()


def test_working_days_after_excludes_the_start_and_includes_the_end() -> None:
    # after Fri 2024-09-27 up to Tue 10/8: [9/28 Sat], 9/29 Sun(调休), 9/30, [10/1–10/7], 10/8
    assert CAL.working_days_after(D(2024, 9, 27), D(2024, 10, 8)) == {
        D(2024, 9, 29),
        D(2024, 9, 30),
        D(2024, 10, 8),
    }
    # after Mon 2024-03-04 up to Mon 3/11: 3/5, 3/6, 3/7, 3/8, 3/11
    assert len(CAL.working_days_after(D(2024, 3, 4), D(2024, 3, 11))) == 5
