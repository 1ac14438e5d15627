"""A reader of the State Council's annual holiday notice.

Late each year the General Office of the State Council publishes
「国务院办公厅关于YYYY年部分节假日安排的通知」: one numbered line per holiday, e.g. ::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。…

:func:`parse_holiday_notice` reads such a text into a :class:`HolidayArrangement`: every
day off in the ranges given (weekend days included) and every make-up working day (调休上班),
each with the name of its holiday line ("春节", "中秋节、国庆节").

What counts as a holiday line: an optionally numbered (一、 （一） 1. 1、) name, a colon,
then text that names dates and says 放假/休/上班. Other paragraphs (the greeting, 鼓励…, the
signature and its date) are ignored, and so is a sentence that only explains the swap
(「其中…调至…」) or encourages (「鼓励…」). Within a sentence each date or range
(「X月Y日至Z日」, 「12月31日至1月2日」, 「2010年12月31日至2011年1月2日」) takes the
meaning of the next keyword: 上班 → working day, 放假/休 (or 共N天, or nothing) → day off.
Full-width digits and punctuation read like their half-width forms.

Checked, each failure a :class:`NoticeError` naming the line and the text at fault: the year
(the title's, else the ``year`` argument; the two must agree), that every date exists, the
weekday in parentheses (周四/星期四), 「共N天」 against the days listed, and that no day is
both off and a working day. The days are kept as written, even those outside the notice's
year (元旦 ranges that start on 31 December): the caller decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import NoReturn

from gongkai.core.errors import GongkaiError

__all__ = ["HolidayArrangement", "NoticeError", "parse_holiday_notice"]

MSG_NO_YEAR = "读不出通知的年份：没有「关于YYYY年部分节假日安排的通知」这样的标题，也没有给出年份"
MSG_NO_HOLIDAYS = "没有读到任何放假安排"


class NoticeError(GongkaiError):
    """The text cannot be read as a holiday notice. ``message`` names the line and the
    text at fault; ``line`` is that 1-based line (0 when the whole text is at fault)."""

    def __init__(self, message: str, *, line: int) -> None:
        self.message = message
        self.line = line
        super().__init__(message)


@dataclass(frozen=True)
class HolidayArrangement:
    """One year's arrangement as the notice gives it."""

    year: int
    days_off: dict[date, str]  # every day off in the ranges given -> holiday name
    workdays: dict[date, str]  # the make-up working days (调休上班) -> holiday name
    title: str  # the notice's title line, or "" when the year came from the argument


# Full-width ASCII (！…～) and the ideographic space to half-width, one character for one,
# so that a span found in the folded line is the same span of the original line.
_FOLD = str.maketrans({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20})
_TITLE = re.compile(r"(?<!\d)(\d{4})\s*年[^\n。]{0,20}?节假日安排")
_NUMBER = (
    r"(?:[一二三四五六七八九十]+\s*[、.]|\(\s*(?:[一二三四五六七八九十]+|\d+)\s*\)|\d+\s*[、.)])"
)
_HOLIDAY_LINE = re.compile(rf"\s*(?:{_NUMBER}\s*)?(?P<name>[^\s:,。;\d(][^:,。;]{{0,39}}?)\s*:")
_KEYWORD = re.compile(r"放假|休|上班|\d\s*天")
_SENTENCE = re.compile(r"[^。;]+")
_SKIP = re.compile(r"鼓励|调至|调到")


def _date(p: str) -> str:
    return (
        rf"(?<!\d)(?:(?P<{p}y>\d{{4}})\s*年\s*)?(?:(?P<{p}m>\d{{1,2}})\s*月\s*)?"
        rf"(?P<{p}d>\d{{1,2}})\s*日(?:\s*\((?P<{p}w>[^()]*)\))?"
    )


_TOKEN = re.compile(
    rf"(?P<count>(?:共|放假)\s*(?P<n>\d{{1,4}})\s*天)"
    rf"|{_date('a')}(?:\s*(?:至|到|[-~〜—–―]+)\s*{_date('b')})?"
    r"|(?P<work>(?:调休)?上班)|(?P<off>放假|休)"
)
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)\s*([一二三四五六日天])")
_WEEKDAY_NAMES = "一二三四五六日"
_WEEKDAYS = {name: number for number, name in enumerate(_WEEKDAY_NAMES)} | {"天": 6}


def parse_holiday_notice(text: str, *, year: int | None = None) -> HolidayArrangement:
    """Read a 「关于YYYY年部分节假日安排的通知」; ``year`` is used when the text has no title
    naming its year (and, when both are given, must agree with it)."""
    lines = text.splitlines()
    title, title_line, title_year = "", 0, None
    for number, line in enumerate(lines, start=1):
        if found := _TITLE.search(line.translate(_FOLD)):
            title, title_line, title_year = line.strip(), number, int(found.group(1))
            break
    if title_year is not None and year is not None and title_year != year:
        _fail(title_line, title, f"标题的年份（{title_year}年）与给出的年份（{year}年）不一致")
    notice_year = title_year if title_year is not None else year
    if notice_year is None:
        raise NoticeError(MSG_NO_YEAR, line=0)
    if not MINYEAR < notice_year < MAXYEAR:
        if title_line:
            _fail(title_line, title, f"年份{notice_year}超出范围")
        raise NoticeError(f"年份{notice_year}超出范围", line=0)
    reader = _Reader(notice_year)
    for number, line in enumerate(lines, start=1):
        reader.read_line(number, line)
    if not reader.days_off:
        raise NoticeError(MSG_NO_HOLIDAYS, line=0)
    return HolidayArrangement(notice_year, reader.days_off, reader.workdays, title)


def _fail(line: int, fragment: str, problem: str) -> NoReturn:
    raise NoticeError(f"第{line}行「{fragment}」：{problem}", line=line)


class _Reader:
    """The days read so far, and the line being read."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.days_off: dict[date, str] = {}
        self.workdays: dict[date, str] = {}
        self.number, self.line, self.name = 0, "", ""
        self.context: tuple[int, int] | None = None  # year and month of the last date read

    def read_line(self, number: int, line: str) -> None:
        folded = line.translate(_FOLD)
        head = _HOLIDAY_LINE.match(folded)
        if head is None or not _KEYWORD.search(folded, head.end()):
            return
        self.number, self.line, self.context = number, line, None
        self.name = re.sub(r"\s+", "", head["name"])
        for sentence in _SENTENCE.finditer(folded, head.end()):
            if not _SKIP.search(sentence.group()):
                self.read_sentence(folded, sentence.start(), sentence.end())

    def read_sentence(self, folded: str, start: int, end: int) -> None:
        pending: list[tuple[date, date, str]] = []  # dates awaiting their keyword
        counted = 0  # days off since the sentence's start or its last 共N天
        for token in _TOKEN.finditer(folded, start, end):
            if token["work"] or token["off"] or token["count"]:
                working = bool(token["work"])
                for first, last, fragment in pending:
                    self.put(first, last, working=working, fragment=fragment)
                    counted += 0 if working else (last - first).days + 1
                pending.clear()
                if token["count"]:
                    if counted and counted != int(token["n"]):
                        self.fail(token, f"与所列放假日期（{counted}天）不符")
                    counted = 0
            else:
                first, last = self.read_dates(token)
                pending.append((first, last, self.line[token.start() : token.end()].strip()))
        for first, last, fragment in pending:
            self.put(first, last, working=False, fragment=fragment)

    def read_dates(self, token: re.Match[str]) -> tuple[date, date]:
        """The first and last day of a date or a range token, checked."""
        first_y, first_m = self.explicit(token, "a")
        if token["bd"] is None:
            first = self.day(token, "a", first_y, first_m)
            return first, first
        last_y, last_m = self.explicit(token, "b")
        if first_m is None:
            first_m = self.month(token)
        # A range written with both months may run from December into January.
        wraps = last_m is not None and (last_m, int(token["bd"])) < (first_m, int(token["ad"]))
        if first_y is None and last_y is not None:
            first_y = last_y - int(wraps)
        elif first_y is None and wraps and self.context is None:
            first_y = self.year - 1  # 「12月31日至1月2日」: the 元旦 that opens the year
        first = self.day(token, "a", first_y, first_m)
        last_y = first.year + int(wraps) if last_y is None else last_y
        last = self.day(token, "b", last_y, first_m if last_m is None else last_m)
        if last < first:
            self.fail(token, "结束日期早于开始日期")
        return first, last

    def explicit(self, token: re.Match[str], p: str) -> tuple[int | None, int | None]:
        year, month = token[p + "y"], token[p + "m"]
        if year is not None and abs(int(year) - self.year) > 1:
            self.fail(token, f"年份{int(year)}与通知的{self.year}年相去太远")
        return (int(year) if year else None), (int(month) if month else None)

    def day(self, token: re.Match[str], p: str, year: int | None, month: int | None) -> date:
        """One date of the token, its year and month defaulting to the line's last ones."""
        if month is None:
            month = self.month(token)
        if year is None:
            year = self.context[0] if self.context else self.year
        try:
            day = date(year, month, int(token[p + "d"]))
        except ValueError:
            self.fail(token, f"{year}年{month}月{int(token[p + 'd'])}日不是有效日期")
        self.context = (day.year, day.month)
        weekday = _WEEKDAY.search(token[p + "w"] or "")
        if weekday and _WEEKDAYS[weekday[1]] != day.weekday():
            actual = _WEEKDAY_NAMES[day.weekday()]
            self.fail(
                token, f"{day.year}年{day.month}月{day.day}日是周{actual}，不是周{weekday[1]}"
            )
        return day

    def month(self, token: re.Match[str]) -> int:
        """The month of a date written without one: the last date's on the same line."""
        if self.context is None:
            self.fail(token, "日期缺少月份")
        return self.context[1]

    def put(self, first: date, last: date, *, working: bool, fragment: str) -> None:
        mine, other = (self.workdays, self.days_off) if working else (self.days_off, self.workdays)
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if day in other:
                _fail(self.number, fragment, f"{day.isoformat()}既列为放假又列为上班")
            if mine.get(day, self.name) != self.name:
                _fail(self.number, fragment, f"{day.isoformat()}已列在「{mine[day]}」之下")
            mine[day] = self.name

    def fail(self, token: re.Match[str], problem: str) -> NoReturn:
        _fail(self.number, self.line[token.start() : token.end()].strip(), problem)
