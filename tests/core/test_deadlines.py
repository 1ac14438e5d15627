"""The reply's due date (条例 Arts. 30–33), on cases counted by hand on a calendar.

Every expected date below was counted by hand from the State Council's holiday
notices (放假安排) for 2023–2025, never computed with the code under test. The
comment of each case shows the count: "wd" lists the working days after the
start day (receipt, or receipt of the 补正 material) with their number; a day in
[brackets] is not a working day (holiday or weekend); "调休" marks a weekend day
that is a make-up working day.

Holiday facts used (days off / make-up working days):
  2023 春节 1/21–1/27, 调休 Sat 1/28 Sun 1/29; 劳动节 4/29–5/3, 调休 Sun 4/23 Sat 5/6;
       端午 6/22–6/24, 调休 Sun 6/25; 中秋国庆 9/29–10/6, 调休 Sat 10/7 Sun 10/8;
       元旦(2024) 12/30–1/1.
  2024 春节 2/10–2/17, 调休 Sun 2/4 Sun 2/18; 清明 4/4–4/6, 调休 Sun 4/7;
       劳动节 5/1–5/5, 调休 Sun 4/28 Sat 5/11; 端午 6/10; 中秋 9/15–9/17, 调休 Sat 9/14;
       国庆 10/1–10/7, 调休 Sun 9/29 Sat 10/12.
  2025 元旦 1/1; 春节 1/28–2/4, 调休 Sun 1/26 Sat 2/8; 清明 4/4–4/6; 劳动节 5/1–5/5,
       调休 Sun 4/27; 端午 5/31–6/2; 国庆中秋 10/1–10/8, 调休 Sun 9/28 Sat 10/11.

The properties of the count (Hypothesis, which may count with the calendar itself) and
the provisional counts over an unannounced year are in ``test_deadlines_properties.py``.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.calendar import WorkCalendar, from_chinese_calendar
from gongkai.core.deadlines import DeadlineError, DueDate, Pause, correction_notice_due, due_date

CAL: WorkCalendar = from_chinese_calendar()
D = date


def assert_due(result: DueDate, expected: date) -> None:
    """The due date, and its record: ISO due, a non-empty list of steps ending on it."""
    assert result.due == expected
    record = result.as_dict()
    assert record["due"] == expected.isoformat()
    steps = record["steps"]
    assert isinstance(steps, list)
    assert steps
    assert all(set(s) == {"date", "text"} for s in steps)
    assert expected.isoformat() in steps[-1]["text"]
    assert steps[-1]["date"] == expected.isoformat()


# --------------------------------------------------------------------------------------
# Plain receipt: the 20th working day after the receipt day
# --------------------------------------------------------------------------------------

PLAIN = [
    # 2024 National Day. received Fri 2024-09-27;
    # wd: [9/28 Sat], 9/29 Sun(调休)=1, 9/30=2, [10/1–10/7 国庆], 10/8=3, 10/9=4, 10/10=5,
    # 10/11=6, 10/12 Sat(调休)=7, 10/14=8 … 10/18=12, 10/21=13 … 10/25=17, 10/28=18,
    # 10/29=19, 10/30=20
    pytest.param(D(2024, 9, 27), D(2024, 10, 30), id="2024-national-day"),
    # 2023 National Day. received Mon 2023-09-25;
    # wd: 9/26=1, 9/27=2, 9/28=3, [9/29–10/6 中秋国庆], 10/7 Sat(调休)=4, 10/8 Sun(调休)=5,
    # 10/9=6 … 10/13=10, 10/16=11 … 10/20=15, 10/23=16, 10/24=17, 10/25=18, 10/26=19,
    # 10/27=20
    pytest.param(D(2023, 9, 25), D(2023, 10, 27), id="2023-national-day"),
    # 2025 National Day. received Thu 2025-09-25;
    # wd: 9/26=1, [9/27 Sat], 9/28 Sun(调休)=2, 9/29=3, 9/30=4, [10/1–10/8 国庆中秋],
    # 10/9=5, 10/10=6, 10/11 Sat(调休)=7, 10/13=8 … 10/17=12, 10/20=13 … 10/24=17,
    # 10/27=18, 10/28=19, 10/29=20
    pytest.param(D(2025, 9, 25), D(2025, 10, 29), id="2025-national-day"),
    # 2024 Spring Festival. received Thu 2024-02-01;
    # wd: 2/2=1, [2/3 Sat], 2/4 Sun(调休)=2, 2/5=3, 2/6=4, 2/7=5, 2/8=6, 2/9=7 (除夕, a
    # working day), [2/10–2/17 春节], 2/18 Sun(调休)=8, 2/19=9 … 2/23=13, 2/26=14 … 2/29=17,
    # 3/1=18, 3/4=19, 3/5=20
    pytest.param(D(2024, 2, 1), D(2024, 3, 5), id="2024-spring-festival"),
    # 2025 Spring Festival. received Fri 2025-01-24;
    # wd: [1/25 Sat], 1/26 Sun(调休)=1, 1/27=2, [1/28–2/4 春节], 2/5=3, 2/6=4, 2/7=5,
    # 2/8 Sat(调休)=6, 2/10=7 … 2/14=11, 2/17=12 … 2/21=16, 2/24=17, 2/25=18, 2/26=19,
    # 2/27=20
    pytest.param(D(2025, 1, 24), D(2025, 2, 27), id="2025-spring-festival"),
    # 2023 Spring Festival. received Fri 2023-01-13;
    # wd: 1/16=1 … 1/20=5, [1/21–1/27 春节], 1/28 Sat(调休)=6, 1/29 Sun(调休)=7, 1/30=8,
    # 1/31=9, 2/1=10, 2/2=11, 2/3=12, 2/6=13 … 2/10=17, 2/13=18, 2/14=19, 2/15=20
    pytest.param(D(2023, 1, 13), D(2023, 2, 15), id="2023-spring-festival"),
    # A 调休 Saturday counts (2023 Labour Day). received Thu 2023-04-27;
    # wd: 4/28=1, [4/29–5/3 劳动节], 5/4=2, 5/5=3, 5/6 Sat(调休)=4, 5/8=5 … 5/12=9,
    # 5/15=10 … 5/19=14, 5/22=15 … 5/26=19, 5/29=20
    pytest.param(D(2023, 4, 27), D(2023, 5, 29), id="2023-labour-day-tiaoxiu-saturday"),
    # A 调休 Saturday counts (2024 Mid-Autumn, then National Day). received Thu 2024-09-12;
    # wd: 9/13=1, 9/14 Sat(调休)=2, [9/15–9/17 中秋], 9/18=3, 9/19=4, 9/20=5, 9/23=6 … 9/27=10,
    # [9/28 Sat], 9/29 Sun(调休)=11, 9/30=12, [10/1–10/7], 10/8=13 … 10/11=16,
    # 10/12 Sat(调休)=17, 10/14=18, 10/15=19, 10/16=20
    pytest.param(D(2024, 9, 12), D(2024, 10, 16), id="2024-mid-autumn-tiaoxiu-saturday"),
    # 2024 New Year. received Fri 2023-12-29;
    # wd: [12/30 Sat, 12/31 Sun, 1/1 元旦], 1/2=1 … 1/5=4, 1/8=5 … 1/12=9, 1/15=10 … 1/19=14,
    # 1/22=15 … 1/26=19, 1/29=20
    pytest.param(D(2023, 12, 29), D(2024, 1, 29), id="2024-new-year"),
    # 2025 Labour Day. received Mon 2025-04-21;
    # wd: 4/22=1 … 4/25=4, [4/26 Sat], 4/27 Sun(调休)=5, 4/28=6, 4/29=7, 4/30=8,
    # [5/1–5/5 劳动节], 5/6=9 … 5/9=12, 5/12=13 … 5/16=17, 5/19=18, 5/20=19, 5/21=20
    pytest.param(D(2025, 4, 21), D(2025, 5, 21), id="2025-labour-day"),
    # 2025 Dragon Boat. received Fri 2025-05-30;
    # wd: [5/31–6/2 端午], 6/3=1 … 6/6=4, 6/9=5 … 6/13=9, 6/16=10 … 6/20=14,
    # 6/23=15 … 6/27=19, 6/30=20
    pytest.param(D(2025, 5, 30), D(2025, 6, 30), id="2025-dragon-boat"),
    # Receipt ON a holiday: received Thu 2024-10-03 (国庆); day 1 is the next working day.
    # wd: [10/4–10/7], 10/8=1 … 10/11=4, 10/12 Sat(调休)=5, 10/14=6 … 10/18=10,
    # 10/21=11 … 10/25=15, 10/28=16 … 10/31=19, 11/1=20
    pytest.param(D(2024, 10, 3), D(2024, 11, 1), id="received-on-holiday"),
    # Receipt on an ordinary weekend before a holiday: received Sat 2024-06-08.
    # wd: [6/9 Sun, 6/10 端午], 6/11=1 … 6/14=4, 6/17=5 … 6/21=9, 6/24=10 … 6/28=14,
    # 7/1=15 … 7/5=19, 7/8=20
    pytest.param(D(2024, 6, 8), D(2024, 7, 8), id="received-on-saturday"),
    # Receipt on an ordinary Sunday: received Sun 2025-03-02.
    # wd: 3/3=1 … 3/7=5, 3/10=6 … 3/14=10, 3/17=11 … 3/21=15, 3/24=16 … 3/28=20
    pytest.param(D(2025, 3, 2), D(2025, 3, 28), id="received-on-sunday"),
    # Receipt on a 调休 working Saturday (the receipt day is still not counted):
    # received Sat 2024-10-12. wd: [10/13 Sun], 10/14=1 … 10/18=5, 10/21=6 … 10/25=10,
    # 10/28=11 … 11/1=15, 11/4=16 … 11/8=20
    pytest.param(D(2024, 10, 12), D(2024, 11, 8), id="received-on-tiaoxiu-saturday"),
]


@pytest.mark.parametrize(("received", "expected"), PLAIN)
def test_reply_due_on_the_20th_working_day(received: date, expected: date) -> None:
    assert_due(due_date(CAL, received=received), expected)


def test_first_step_says_the_receipt_day_is_not_counted() -> None:
    result = due_date(CAL, received=D(2024, 9, 27))
    first = result.as_dict()["steps"][0]
    assert first == {"date": "2024-09-27", "text": first["text"]}
    assert "2024-09-27" in first["text"]
    assert "不计入" in first["text"]


# --------------------------------------------------------------------------------------
# Channels: what counts as the receipt day is decided by the caller
# --------------------------------------------------------------------------------------


def test_signed_post_counts_from_the_signature_day() -> None:
    # 邮寄 with signature: the day the office signed for the letter, here the 调休
    # working Saturday 2024-05-11 (劳动节 make-up).
    # wd: [5/12 Sun], 5/13=1 … 5/17=5, 5/20=6 … 5/24=10, 5/27=11 … 5/31=15,
    # 6/3=16 … 6/6=19, 6/7=20  (端午 6/10 comes after)
    assert_due(due_date(CAL, received=D(2024, 5, 11)), D(2024, 6, 7))


def test_ordinary_letter_counts_from_the_confirmation_day() -> None:
    # 平常信函: the day the office confirmed receipt, Tue 2023-06-20 (before 端午).
    # wd: 6/21=1, [6/22–6/24 端午], 6/25 Sun(调休)=2, 6/26=3 … 6/30=7, 7/3=8 … 7/7=12,
    # 7/10=13 … 7/14=17, 7/17=18, 7/18=19, 7/19=20
    assert_due(due_date(CAL, received=D(2023, 6, 20)), D(2023, 7, 19))


# --------------------------------------------------------------------------------------
# 补正: the clock restarts on the day the supplement is received (Art. 30)
# --------------------------------------------------------------------------------------


def test_correction_restarts_the_clock() -> None:
    # received Mon 2024-03-04; 补正 received Mon 2024-03-11, count from 3/11.
    # wd: 3/12=1 … 3/15=4, 3/18=5 … 3/22=9, 3/25=10 … 3/29=14, 4/1=15, 4/2=16, 4/3=17,
    # [4/4–4/6 清明], 4/7 Sun(调休)=18, 4/8=19, 4/9=20
    # (without the 补正 it would be 4/1: 3/5=1 … 3/29=19, 4/1=20)
    result = due_date(CAL, received=D(2024, 3, 4), correction_received=D(2024, 3, 11))
    assert_due(result, D(2024, 4, 9))
    assert any("补正" in s["text"] and s["date"] == "2024-03-11" for s in result.as_dict()["steps"])


def test_correction_received_during_a_holiday() -> None:
    # received Mon 2025-09-22; 补正 received Fri 2025-10-03 (国庆), count from 10/3.
    # wd: [10/4–10/8], 10/9=1, 10/10=2, 10/11 Sat(调休)=3, 10/13=4 … 10/17=8,
    # 10/20=9 … 10/24=13, 10/27=14 … 10/31=18, 11/3=19, 11/4=20
    result = due_date(CAL, received=D(2025, 9, 22), correction_received=D(2025, 10, 3))
    assert_due(result, D(2025, 11, 4))


def test_correction_on_the_receipt_day_changes_nothing() -> None:
    # received and 补正 both Fri 2024-09-27: same count as the plain case, 10/30.
    result = due_date(CAL, received=D(2024, 9, 27), correction_received=D(2024, 9, 27))
    assert_due(result, D(2024, 10, 30))


def test_correction_before_receipt_is_an_error() -> None:
    with pytest.raises(DeadlineError):
        due_date(CAL, received=D(2024, 3, 11), correction_received=D(2024, 3, 4))


# --------------------------------------------------------------------------------------
# Extension: at most 20 working days (Art. 33)
# --------------------------------------------------------------------------------------


def test_extension_of_20_days_over_a_holiday_period() -> None:
    # received Fri 2024-09-27 -> day 20 is Wed 10/30 (see 2024-national-day).
    # extension from 10/30: 10/31=1, 11/1=2, 11/4=3 … 11/8=7, 11/11=8 … 11/15=12,
    # 11/18=13 … 11/22=17, 11/25=18, 11/26=19, 11/27=20
    result = due_date(CAL, received=D(2024, 9, 27), extension_days=20)
    assert_due(result, D(2024, 11, 27))
    assert any("延长" in s["text"] for s in result.as_dict()["steps"])


def test_extension_of_10_days() -> None:
    # received Mon 2023-09-25 -> day 20 is Fri 10/27 (see 2023-national-day).
    # extension: 10/30=1, 10/31=2, 11/1=3, 11/2=4, 11/3=5, 11/6=6 … 11/10=10
    assert_due(due_date(CAL, received=D(2023, 9, 25), extension_days=10), D(2023, 11, 10))


@pytest.mark.parametrize("days", [21, 40, -1])
def test_extension_beyond_20_days_or_negative_is_an_error(days: int) -> None:
    with pytest.raises(DeadlineError):
        due_date(CAL, received=D(2024, 9, 27), extension_days=days)


# --------------------------------------------------------------------------------------
# Consultation pauses (Arts. 32, 34)
# --------------------------------------------------------------------------------------


def test_one_consultation_pause() -> None:
    # received Mon 2024-03-04 (plain due 4/1); pause Mon 3/11 -> Fri 3/15 leaves out
    # 3/12, 3/13, 3/14, 3/15 (4 days).
    # wd: 3/5=1 … 3/8=4, 3/11=5, [3/12–3/15 paused], 3/18=6 … 3/22=10, 3/25=11 … 3/29=15,
    # 4/1=16, 4/2=17, 4/3=18, [4/4–4/6 清明], 4/7 Sun(调休)=19, 4/8=20
    result = due_date(CAL, received=D(2024, 3, 4), pauses=[Pause(D(2024, 3, 11), D(2024, 3, 15))])
    assert_due(result, D(2024, 4, 8))
    assert any("4个工作日" in s["text"] for s in result.as_dict()["steps"])


def test_same_day_pause_costs_nothing() -> None:
    # received Mon 2024-03-04; sent and answered on Mon 3/11: no day left out.
    # wd: 3/5=1 … 3/29=19, 4/1=20
    result = due_date(CAL, received=D(2024, 3, 4), pauses=[Pause(D(2024, 3, 11), D(2024, 3, 11))])
    assert_due(result, D(2024, 4, 1))


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_overlapping_pauses_count_once(reverse: bool) -> None:
    # received Mon 2024-03-04; pauses 3/11 -> 3/15 {3/12, 3/13, 3/14, 3/15} and
    # 3/13 -> 3/20 {3/14, 3/15, 3/18, 3/19, 3/20}; union = 7 working days.
    # wd: 3/5=1 … 3/8=4, 3/11=5, [3/12–3/15, 3/18–3/20 paused], 3/21=6, 3/22=7,
    # 3/25=8 … 3/29=12, 4/1=13, 4/2=14, 4/3=15, [4/4–4/6], 4/7 Sun(调休)=16, 4/8=17,
    # 4/9=18, 4/10=19, 4/11=20
    pauses = [Pause(D(2024, 3, 11), D(2024, 3, 15)), Pause(D(2024, 3, 13), D(2024, 3, 20))]
    if reverse:
        pauses.reverse()
    result = due_date(CAL, received=D(2024, 3, 4), pauses=pauses)
    assert_due(result, D(2024, 4, 11))
    assert any("重叠" in s["text"] for s in result.as_dict()["steps"])


def test_pause_spanning_a_holiday_counts_only_working_days() -> None:
    # received Mon 2023-09-18 (plain due Fri 10/20); pause Thu 9/28 -> Mon 10/9 leaves out
    # only 10/7 Sat(调休), 10/8 Sun(调休), 10/9 — 9/29–10/6 are holidays anyway (3 days).
    # wd: 9/19=1 … 9/22=4, 9/25=5 … 9/28=8, [9/29–10/6 holiday, 10/7–10/9 paused],
    # 10/10=9 … 10/13=12, 10/16=13 … 10/20=17, 10/23=18, 10/24=19, 10/25=20
    result = due_date(CAL, received=D(2023, 9, 18), pauses=[Pause(D(2023, 9, 28), D(2023, 10, 9))])
    assert_due(result, D(2023, 10, 25))


def test_pause_inside_a_holiday_costs_nothing() -> None:
    # received Mon 2023-09-18; pause Fri 9/29 -> Fri 10/6 covers only holidays.
    # wd: 9/19=1 … 9/28=8, [9/29–10/6], 10/7 Sat(调休)=9, 10/8 Sun(调休)=10, 10/9=11 …
    # 10/13=15, 10/16=16 … 10/20=20
    result = due_date(CAL, received=D(2023, 9, 18), pauses=[Pause(D(2023, 9, 29), D(2023, 10, 6))])
    assert_due(result, D(2023, 10, 20))


def test_pause_ending_before_it_starts_is_an_error() -> None:
    with pytest.raises(DeadlineError):
        due_date(CAL, received=D(2024, 3, 4), pauses=[Pause(D(2024, 3, 15), D(2024, 3, 11))])


# --------------------------------------------------------------------------------------
# Combinations
# --------------------------------------------------------------------------------------


def test_correction_extension_and_consultation() -> None:
    # received Mon 2024-03-04; 补正 received Mon 3/11; extension 5; pause Mon 3/18 -> Fri 3/22
    # leaves out 3/19, 3/20, 3/21, 3/22 (4 days).
    # wd from 3/11: 3/12=1 … 3/15=4, 3/18=5, [3/19–3/22 paused], 3/25=6 … 3/29=10,
    # 4/1=11, 4/2=12, 4/3=13, [4/4–4/6 清明], 4/7 Sun(调休)=14, 4/8=15 … 4/12=19, 4/15=20;
    # extension: 4/16=1, 4/17=2, 4/18=3, 4/19=4, 4/22=5
    result = due_date(
        CAL,
        received=D(2024, 3, 4),
        correction_received=D(2024, 3, 11),
        extension_days=5,
        pauses=[Pause(D(2024, 3, 18), D(2024, 3, 22))],
    )
    assert_due(result, D(2024, 4, 22))


def test_correction_extension_and_consultation_over_spring_festival() -> None:
    # received Mon 2025-01-06; 补正 received Wed 1/15; extension 20; pause Mon 2/10 -> Wed 2/12
    # leaves out 2/11, 2/12 (2 days).
    # wd from 1/15: 1/16=1, 1/17=2, 1/20=3 … 1/24=7, [1/25 Sat], 1/26 Sun(调休)=8, 1/27=9,
    # [1/28–2/4 春节], 2/5=10, 2/6=11, 2/7=12, 2/8 Sat(调休)=13, 2/10=14, [2/11, 2/12 paused],
    # 2/13=15, 2/14=16, 2/17=17, 2/18=18, 2/19=19, 2/20=20;
    # extension: 2/21=1, 2/24=2 … 2/28=6, 3/3=7 … 3/7=11, 3/10=12 … 3/14=16,
    # 3/17=17, 3/18=18, 3/19=19, 3/20=20
    result = due_date(
        CAL,
        received=D(2025, 1, 6),
        correction_received=D(2025, 1, 15),
        extension_days=20,
        pauses=[Pause(D(2025, 2, 10), D(2025, 2, 12))],
    )
    assert_due(result, D(2025, 3, 20))


def test_pause_before_the_correction_costs_nothing() -> None:
    # received Mon 2024-03-04; pause Tue 3/5 -> Fri 3/8, then 补正 received Mon 3/11: the
    # clock restarts on 3/11, so the earlier pause leaves nothing out. Due as in
    # test_correction_restarts_the_clock: 4/9.
    result = due_date(
        CAL,
        received=D(2024, 3, 4),
        correction_received=D(2024, 3, 11),
        pauses=[Pause(D(2024, 3, 5), D(2024, 3, 8))],
    )
    assert_due(result, D(2024, 4, 9))


# --------------------------------------------------------------------------------------
# The 补正 notice: the 7th working day after receipt (Art. 30)
# --------------------------------------------------------------------------------------

NOTICE = [
    # received Fri 2024-09-27; wd: 9/29 Sun(调休)=1, 9/30=2, [10/1–10/7], 10/8=3, 10/9=4,
    # 10/10=5, 10/11=6, 10/12 Sat(调休)=7
    pytest.param(D(2024, 9, 27), D(2024, 10, 12), id="2024-national-day"),
    # received Fri 2025-01-24; wd: 1/26 Sun(调休)=1, 1/27=2, [1/28–2/4], 2/5=3, 2/6=4, 2/7=5,
    # 2/8 Sat(调休)=6, 2/10=7
    pytest.param(D(2025, 1, 24), D(2025, 2, 10), id="2025-spring-festival"),
    # received Thu 2023-01-19; wd: 1/20=1, [1/21–1/27], 1/28 Sat(调休)=2, 1/29 Sun(调休)=3,
    # 1/30=4, 1/31=5, 2/1=6, 2/2=7
    pytest.param(D(2023, 1, 19), D(2023, 2, 2), id="2023-spring-festival"),
    # received Mon 2024-03-04; wd: 3/5=1 … 3/8=4, 3/11=5, 3/12=6, 3/13=7
    pytest.param(D(2024, 3, 4), D(2024, 3, 13), id="ordinary-week"),
]


@pytest.mark.parametrize(("received", "expected"), NOTICE)
def test_correction_notice_due_on_the_7th_working_day(received: date, expected: date) -> None:
    assert correction_notice_due(CAL, received) == expected
