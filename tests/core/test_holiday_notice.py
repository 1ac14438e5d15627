"""The reader of the State Council's holiday notice (关于YYYY年部分节假日安排的通知).

Three kinds of test: the real 2026 notice (``shared/fixtures/notices``) read in place; notices
for every year ``chinese_calendar`` knows, written back from its own data in many layouts
and read again; and the errors, with a fuzz that nothing but :class:`NoticeError` escapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError
from gongkai.core.holiday_notice import (
    MSG_NO_HOLIDAYS,
    MSG_NO_YEAR,
    HolidayArrangement,
    NoticeError,
    parse_holiday_notice,
)

NOTICES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "notices"
FIXTURE_2026 = NOTICES / "2026-holiday-arrangement.txt"

#: chinese_calendar's English holiday names, as the notices write them.
CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
YEARS = sorted({day.year for day in constants.holidays})
WEEKDAYS = "一二三四五六日"


def official(year: int) -> tuple[dict[date, str], dict[date, str]]:
    """chinese_calendar's days off and make-up working days of ``year``, named in Chinese."""
    days_off = {d: CHINESE_NAMES[str(n)] for d, n in constants.holidays.items() if d.year == year}
    workdays = {d: CHINESE_NAMES[str(n)] for d, n in constants.workdays.items() if d.year == year}
    return days_off, workdays


# -- the real notice -----------------------------------------------------------------------


def test_the_2026_notice_gives_chinese_calendars_2026() -> None:
    notice = parse_holiday_notice(FIXTURE_2026.read_text(encoding="utf-8"))
    days_off, workdays = official(2026)
    assert notice.year == 2026
    assert notice.title == "国务院办公厅关于2026年部分节假日安排的通知"
    assert notice.days_off == days_off
    assert notice.workdays == workdays
    assert date(2025, 11, 4) not in notice.days_off  # the signature's date


def test_the_2026_notice_agrees_with_its_year_argument() -> None:
    text = FIXTURE_2026.read_text(encoding="utf-8")
    assert parse_holiday_notice(text, year=2026).year == 2026
    with pytest.raises(NoticeError) as caught:
        parse_holiday_notice(text, year=2025)
    assert caught.value.line == 1
    assert "第1行" in caught.value.message and "2025" in caught.value.message


# -- notices written back from chinese_calendar's data ---------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a generated notice is written."""

    numbering: str = "chinese"  # chinese 一、 | paren （一） | dot 1. | comma 1、 | none
    full_width: bool = True  # ：，。（） or :,.()
    wide_digits: bool = False  # １２３ instead of 123
    weekday: str = "周"  # "周", "星期" or "" (no parentheses)
    repeat_month: bool = False  # 「1月1日至1月3日」 rather than 「1月1日至3日」
    connector: str = "至"
    with_year: bool = False  # 「2026年1月1日」
    count: bool = True  # 「，共3天」
    off_word: str = "放假调休"
    spaces: bool = False
    title: bool = True


LAYOUTS = {
    "official": Layout(),
    "half-width": Layout(numbering="dot", full_width=False, weekday="星期", connector="-"),
    "wide-digits": Layout(numbering="paren", wide_digits=True, repeat_month=True, with_year=True),
    "bare": Layout(numbering="none", weekday="", count=False, off_word="放假", spaces=True),
    "no-title": Layout(numbering="comma", title=False, connector="～", off_word="休息"),
}


def chinese_number(n: int) -> str:
    digits = "一二三四五六七八九"
    if n < 10:
        return digits[n - 1]
    return "十" + (digits[n - 11] if n > 10 else "")


def runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) ranges."""
    out: list[tuple[date, date]] = []
    for day in sorted(days):
        if out and out[-1][1] + timedelta(days=1) == day:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def write_notice(year: int, layouts: list[Layout]) -> str:
    """A notice for ``year`` from chinese_calendar's data, line i written in layouts[i % n].

    Consecutive days off of one holiday make a range; each make-up working day goes on the
    line of the holiday chinese_calendar names for it (``get_holiday_detail``)."""
    days_off: dict[str, list[date]] = {}
    workdays: dict[str, list[date]] = {}
    day = date(year, 1, 1)
    while day.year == year:
        is_off, name = chinese_calendar.get_holiday_detail(day)
        if name is not None:
            (days_off if is_off else workdays).setdefault(CHINESE_NAMES[str(name)], []).append(day)
        day += timedelta(days=1)
    names = sorted(days_off.keys() | workdays.keys(), key=lambda n: min(days_off.get(n, [])))
    head = layouts[0]
    lines = [f"国务院办公厅关于{year}年部分节假日安排的通知"] if head.title else []
    lines += ["", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", ""]
    lines.append(f"经国务院批准，现将{year}年元旦、春节等放假调休日期的具体安排通知如下。")
    for index, name in enumerate(names):
        lines += ["", write_line(index + 1, name, days_off[name], workdays.get(name, []), layouts)]
    lines += ["", "鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期。", ""]
    lines += ["国务院办公厅", f"{year - 1}年11月4日"]
    return "\n".join(lines)


def write_line(
    number: int, name: str, off: list[date], work: list[date], layouts: list[Layout]
) -> str:
    layout = layouts[number % len(layouts)]
    comma, stop, colon = ("，", "。", "：") if layout.full_width else (",", ". ", ":")
    sep = " " if layout.spaces else ""

    def when(day: date, *, month: bool = True) -> str:
        text = f"{day.year}年" if layout.with_year else ""
        text = (text + f"{day.month}月" if month else "") + f"{day.day}日"
        if layout.weekday:
            left, right = ("（", "）") if layout.full_width else ("(", ")")
            text += f"{left}{layout.weekday}{WEEKDAYS[day.weekday()]}{right}"
        return text

    def span(first: date, last: date) -> str:
        if first == last:
            return when(first)
        same_month = first.month == last.month and not layout.repeat_month
        return f"{when(first)}{sep}{layout.connector}{sep}{when(last, month=not same_month)}"

    numbering = {
        "chinese": f"{chinese_number(number)}、",
        "paren": f"（{chinese_number(number)}）",
        "dot": f"{number}.",
        "comma": f"{number}、",
        "none": "",
    }[layout.numbering]
    text = f"{numbering}{sep}{name}{colon}{sep}"
    text += "、".join(span(a, b) for a, b in runs(off)) + layout.off_word
    text += f"{comma}共{len(off)}天" if layout.count else ""
    text += stop
    if work:
        text += f"{sep}{'、'.join(when(d) for d in work)}{sep}上班{stop}"
    if layout.wide_digits:
        text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return text


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
@pytest.mark.parametrize("year", YEARS)
def test_a_notice_from_chinese_calendar_reads_back(year: int, layout: Layout) -> None:
    text = write_notice(year, [layout])
    notice = parse_holiday_notice(text, year=year)
    assert (notice.days_off, notice.workdays) == official(year)
    assert notice.year == year
    assert notice.title == (f"国务院办公厅关于{year}年部分节假日安排的通知" if layout.title else "")


layouts = st.builds(
    Layout,
    numbering=st.sampled_from(["chinese", "paren", "dot", "comma", "none"]),
    full_width=st.booleans(),
    wide_digits=st.booleans(),
    weekday=st.sampled_from(["周", "星期", ""]),
    repeat_month=st.booleans(),
    connector=st.sampled_from(["至", "到", "-", "～", "—"]),
    with_year=st.booleans(),
    count=st.booleans(),
    off_word=st.sampled_from(["放假调休", "放假", "放假公休", "休息"]),
    spaces=st.booleans(),
    title=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(year=st.sampled_from(YEARS), mixed=st.lists(layouts, min_size=1, max_size=4))
def test_any_mix_of_layouts_reads_back(year: int, mixed: list[Layout]) -> None:
    notice = parse_holiday_notice(write_notice(year, mixed), year=year)
    assert (notice.days_off, notice.workdays) == official(year)


# -- shapes of real notices ---------------------------------------------------------------


def read(body: str, year: int = 2026) -> HolidayArrangement:
    return parse_holiday_notice(f"关于{year}年部分节假日安排的通知\n{body}")


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_2023s_combined_line_keeps_both_names() -> None:
    notice = read(
        "六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。",
        2023,
    )
    assert notice.days_off == dict.fromkeys(
        days(date(2023, 9, 29), date(2023, 10, 6)), "中秋节、国庆节"
    )
    assert notice.workdays == dict.fromkeys(
        [date(2023, 10, 7), date(2023, 10, 8)], "中秋节、国庆节"
    )


def test_a_line_that_says_it_joins_mid_autumn() -> None:
    notice = read(
        "七、国庆节：10月1日至8日放假调休，与中秋节连休，共8天。9月28日（星期日）上班。", 2025
    )
    assert sorted(notice.days_off) == days(date(2025, 10, 1), date(2025, 10, 8))
    assert notice.workdays == {date(2025, 9, 28): "国庆节"}


@pytest.mark.parametrize(
    ("body", "first", "last"),
    [
        ("元旦：12月31日至1月2日放假，共3天。", date(2010, 12, 31), date(2011, 1, 2)),
        ("元旦：2010年12月31日至2011年1月2日放假，共3天。", date(2010, 12, 31), date(2011, 1, 2)),
        ("元旦：2010年12月31日至1月2日放假。", date(2010, 12, 31), date(2011, 1, 2)),
        ("国庆节：9月30日（星期五）至10月2日（星期日）放假", date(2011, 9, 30), date(2011, 10, 2)),
        ("端午节：6月6日（星期一）放假", date(2011, 6, 6), date(2011, 6, 6)),
        ("中秋节：9月12日放假调休", date(2011, 9, 12), date(2011, 9, 12)),
    ],
)
def test_ranges_across_months_and_years_and_single_days(body: str, first: date, last: date) -> None:
    assert sorted(read(body, 2011).days_off) == days(first, last)


def test_the_swap_explained_and_the_encouragement_are_not_days() -> None:
    notice = read(
        "一、元旦：1月1日至3日放假，共3天。其中1月1日为法定假日，将2006年12月30日（星期六）、"
        "31日（星期日）两个公休日分别调至1月2日、1月3日。2006年12月30日（星期六）、31日（星期日）上班。\n"
        "二、春节：2月18日至24日放假，共7天。鼓励各单位安排职工在除夕（2月17日）休息。",
        2007,
    )
    assert sorted(notice.days_off) == days(date(2007, 1, 1), date(2007, 1, 3)) + days(
        date(2007, 2, 18), date(2007, 2, 24)
    )
    assert notice.workdays == dict.fromkeys([date(2006, 12, 30), date(2006, 12, 31)], "元旦")


def test_one_day_off_and_two_days_rest() -> None:
    notice = read("三、清明节：4月4日放假，4月5日（星期六）、6日（星期日）公休，共3天。", 2008)
    assert notice.days_off == dict.fromkeys(days(date(2008, 4, 4), date(2008, 4, 6)), "清明节")
    assert read("一、元旦：2008年1月1日放假1天。", 2008).days_off == {date(2008, 1, 1): "元旦"}


def test_the_year_from_the_argument_or_anywhere_in_the_text() -> None:
    body = "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。"
    assert parse_holiday_notice(body, year=2026).title == ""
    assert len(parse_holiday_notice(body, year=2026).days_off) == 3
    notice = parse_holiday_notice("2026年节假日安排如下\n\n" + body)
    assert notice.year == 2026 and notice.title == "2026年节假日安排如下"


def test_other_paragraphs_with_colons_and_dates_are_ignored() -> None:
    notice = read(
        "发布日期：2025年11月4日\n来源：中国政府网\n一、元旦：1月1日放假。\n2025年11月4日"
    )
    assert notice.days_off == {date(2026, 1, 1): "元旦"} and notice.workdays == {}


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param(
            "一、元旦：1月1日（周五）至3日（周六）放假，共3天。", "周四", id="weekday-first"
        ),
        pytest.param(
            "一、元旦：1月1日（周四）至3日（星期日）放假，共3天。", "周六", id="weekday-last"
        ),
        pytest.param("一、元旦：1月4日（星期一）上班。", "周日", id="weekday-workday"),
        pytest.param("二、春节：2月30日放假。", "2月30日", id="no-such-day"),
        pytest.param("二、春节：2月28日至30日放假。", "2月28日至30日", id="no-such-end"),
        pytest.param("二、春节：13月1日放假。", "13月1日", id="no-such-month"),
        pytest.param("一、元旦：1月1日至3日放假，共4天。", "共4天", id="count"),
        pytest.param("一、元旦：1月3日至1日放假。", "结束日期早于开始日期", id="backwards"),
        pytest.param("一、元旦：3日放假。", "缺少月份", id="no-month"),
        pytest.param("一、元旦：2020年1月1日放假。", "相去太远", id="far-year"),
        pytest.param("一、元旦：1月1日放假。1月1日上班。", "既列为放假又列为上班", id="off-and-on"),
    ],
)
def test_errors_name_the_line_and_the_text(body: str, fragment: str) -> None:
    with pytest.raises(NoticeError) as caught:
        read("\n" + body)
    assert caught.value.line == 3
    assert caught.value.message.startswith("第3行「")
    assert fragment in caught.value.message
    assert str(caught.value) == caught.value.message
    assert isinstance(caught.value, GongkaiError)


def test_a_day_under_two_holidays_is_an_error() -> None:
    with pytest.raises(NoticeError, match="已列在「中秋节」之下") as caught:
        read("一、中秋节：10月1日放假。\n二、国庆节：10月1日至7日放假。")
    assert caught.value.line == 3


def test_no_year_is_an_error() -> None:
    with pytest.raises(NoticeError) as caught:
        parse_holiday_notice("一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。")
    assert (caught.value.line, caught.value.message) == (0, MSG_NO_YEAR)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "国务院办公厅关于2026年部分节假日安排的通知",
        "国务院办公厅关于2026年部分节假日安排的通知\n\n各省、自治区：\n\n国务院办公厅\n2025年11月4日",
        "国务院办公厅关于2026年部分节假日安排的通知\n一、元旦：1月4日（周日）上班。",
    ],
)
def test_no_holidays_is_an_error(text: str) -> None:
    with pytest.raises(NoticeError) as caught:
        parse_holiday_notice(text, year=2026)
    assert (caught.value.line, caught.value.message) == (0, MSG_NO_HOLIDAYS)


@pytest.mark.parametrize("year", [0, -5, 1, 9999, 10**9])
def test_a_year_out_of_range_is_an_error(year: int) -> None:
    with pytest.raises(NoticeError, match="超出范围"):
        parse_holiday_notice("一、元旦：1月1日放假。", year=year)


# -- robustness ------------------------------------------------------------------------------

NOTICE_CHARS = (
    "0123456789０１２年月日至到-～（）()周星期一二三四五六日天、，,。.:：;；共放假休上班元旦\n 　"
)


def mutated(text: str) -> st.SearchStrategy[str]:
    """``text`` with some of its characters deleted, replaced or duplicated."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        chars = list(text)
        for _ in range(draw(st.integers(0, 12))):
            if not chars:
                break
            at = draw(st.integers(0, len(chars) - 1))
            action = draw(st.sampled_from(["delete", "replace", "duplicate"]))
            if action == "delete":
                del chars[at]
            elif action == "replace":
                chars[at] = draw(st.sampled_from(NOTICE_CHARS))
            else:
                chars.insert(at, chars[at])
        return "".join(chars)

    return build()


TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=NOTICE_CHARS, max_size=200),
    mutated(FIXTURE_2026.read_text(encoding="utf-8")),
    mutated(write_notice(2015, [LAYOUTS["half-width"]])),
)


@settings(max_examples=500, deadline=None)
@given(text=TEXTS, year=st.one_of(st.none(), st.integers(-10, 10_001), st.sampled_from(YEARS)))
def test_no_text_raises_anything_but_notice_error(text: str, year: int | None) -> None:
    try:
        notice = parse_holiday_notice(text, year=year)
    except NoticeError as err:
        assert err.message and err.line >= 0
    else:
        assert notice.days_off
        assert not notice.days_off.keys() & notice.workdays.keys()
        assert all(abs(day.year - notice.year) <= 2 for day in notice.days_off)
