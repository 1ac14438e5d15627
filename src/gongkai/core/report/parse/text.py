"""The text reader: a published report as plain text, in any of the layouts real
reports come in, read into an :class:`~gongkai.core.report.model.AnnualReport`.

Layouts handled: one cell per line (rows separated by empty lines, or every cell
separated by an empty line), cells joined by 「|」 (markdown tables included) or by
tabs or by runs of spaces, header words split across lines or spaced out
(「商 业 企 业」), blank cells, 「/」「—」「-」, full-width digits and spaces, numbers
with units, numbering variants and traditional characters.

The reader is label driven: it recognises section headings, table anchors, the
format's row labels and header words; the values that follow a row label belong
to that row. A row with more or fewer cells than the format has is reported, and
none of its cells is read — the reader never guesses which cell is missing; that
holds too for a row the text ends inside.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import date
from typing import Any

from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.formats import (
    Version,
    format_for_year,
)
from gongkai.core.report.model import (
    AnnualReport,
    Finding,
    Section,
)
from gongkai.core.report.parse.cells import Cells, map_active, map_apply, map_review, t2_version
from gongkai.core.report.parse.limits import (
    E_TEXT_TOO_LONG,
    MAX_TEXT_CHARS,
)
from gongkai.core.report.parse.normalize import fold
from gongkai.core.report.parse.rows import RawTable
from gongkai.core.report.parse.tables import find_tables
from gongkai.core.report.parse.tokens import tokenise

__all__ = ["parse_text"]


# --- Title, body, year -------------------------------------------------------------------

_TITLE = re.compile(
    r"(?P<body>[^\s:：]*?)\s*(?P<year>(?:19|20)\d\d)\s*年度?\s*(?:的)?政府信息公开(?:工作)?年度?报告"
)
_TITLE_YEAR_FIRST = re.compile(
    r"^(?P<year>(?:19|20)\d\d)\s*年度?(?P<body>[^\s,，。]{2,30}?)政府信息公开(?:工作)?年度?报告"
)
_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间)?[^。]{0,6}?(?:自|从|为)?\s*((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日"
)
_REPORT_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度?(?:的)?政府信息公开(?:工作)?(?:情况|年度报告)")
_CONTACT = re.compile(
    r"请与\s*([^\s(（,，。:：]{3,30}?(?:政府|局|委员会|委|办公室|办|街道办事处|街道|镇|乡|厅|院|中心|所|署|处))\s*[(（,，]?\s*联系|请与\s*([^\s(（,，。:：]{3,30}?(?:政府|局|委员会|委|办公室|办|街道办事处|街道|镇|乡|厅|院|中心|所|署|处))\s*[(（]"
)
_BODY_END = re.compile(
    r"(?:政府|局|委员会|委|办公室|办事处|街道|镇|乡|厅|院|中心|所|署|处|区|县|市|省)$"
)
_PREFIX = re.compile(r"^(?:#+\s*|(?:标题|题目|名称)\s*[:：]\s*)")
_PREFIX_FIRST = frozenset("#标题名")  # what a line _PREFIX strips starts with


_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|公开日期|发文日期|更新日期|信息来源日期)[\s:：|]*((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
#: A line that is only a date (under a title, as many portals print it), when no label says so.
_DATE_LINE = re.compile(
    r"^\s*((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})日?(?:\s|$)", re.M
)
#: The closing's date (落款): a line that is only a date with 年月日 written out.
_CLOSING_DATE = re.compile(r"^((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
#: What may stand after the closing on a document's last lines: a page number
#: (- 5 -, 第5页, 5/12, 第5页 共12页).
_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?[-—–\s]*$"
)
_NOT_A_NAME = re.compile(r"[。，,:：；;！？!?、]")
_ANNOUNCED = re.compile(
    r"(?:全文|本报告|报告)[^。]{0,60}?(?:共|分为|分|包括|由)[^。]{0,160}?([一二三四五六七八九十]|\d{1,2})(?:个|大)?(?:组成)?部分"
)
_NUMERALS_ALL = "一二三四五六七八九十"
#: A quoted annual-report title: 《…2023年（度）政府信息公开工作年度报告》, the 》 right after
#: 报告 (so that 《…年度报告格式》, the format's notice, is not one).
_NAMED_AS = re.compile(
    r"《([^《》\n]{0,40}?((?:19|20)\d\d)\s*年度?[^《》\n]{0,12}?政府信息公开[^《》\n]{0,6}?年度?报告)》"
)


def _front_matter(opening: list[str], first_section_line: int) -> dict[str, Any]:
    """The publication date, the statistics period's year and the number of parts the
    preamble announces, read from the text before the first sections (``opening``: the
    first lines, folded)."""
    head = "\n".join(opening[: max(first_section_line, 1) + 30])
    published = None
    if m := _PUBLISHED.search(head) or _DATE_LINE.search(head):
        try:
            published = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            published = None
    period = _PERIOD.search(head)
    announced = None
    if "部分" in head and (m2 := _ANNOUNCED.search(head)):  # the search is slow: look first
        n = m2[1]
        announced = int(n) if n.isdigit() else _NUMERALS_ALL.index(n) + 1
    named_as = None
    before = "\n".join(opening[: max(first_section_line - 1, 0)])
    if "报告》" in before and (m3 := _NAMED_AS.search(before)):
        named_as = (int(m3[2]), m3[1])
    return {
        "published_on": published,
        "period_year": int(period[1]) if period else None,
        "announced_parts": announced,
        "named_as": named_as,
    }


def _closing_date(lines: list[str], body: str | None, year: int | None) -> date | None:
    """The date of the closing (落款) for a document that prints no date at its head: the
    issuing unit's name on a line and the date alone on the next, as the document's last
    text (a page number may follow). Only that exact shape, and only a date after the
    report's year (when a report of that year can be out), counts — a date anywhere else
    at the end may be anything, and a wrong date would draw a false lateness finding."""
    if year is None:
        return None
    tail = [fold(ln).strip() for ln in lines[-12:] if ln.strip()]
    while tail and _PAGE_NUMBER.match(tail[-1]):
        tail.pop()
    if len(tail) < 2 or not (m := _CLOSING_DATE.match(tail[-1])):
        return None
    issuer = tail[-2]
    if issuer != body and not (
        len(issuer) <= 40 and _BODY_END.search(issuer) and not _NOT_A_NAME.search(issuer)
    ):
        return None
    try:
        on = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return on if on.year > year else None


def _dominant_year(text: str) -> int | None:
    """With no title and no statistics period, the year the opening text keeps naming
    (「2019年…」 at least twice, and no other year as often)."""
    counts = Counter(re.findall(r"((?:19|20)\d\d)\s*年", text[:3000]))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    return int(ranked[0][0])


def _two_line_title(head: list[tuple[int, str]], idx: int) -> tuple[str, re.Match[str]] | None:
    """A title printed over two lines (「示例县人民政府2023年政府信息」「公开工作年度报告」):
    the two short lines joined, where neither is a title alone and together they are."""
    if idx + 1 >= len(head) or head[idx + 1][0] != head[idx][0] + 1:
        return None
    first, second = head[idx][1], head[idx + 1][1]
    if len(first) > 40 or len(second) > 30 or _ENDS_CLAUSE.search(first):
        return None
    if _TITLE_YEAR_FIRST.match(second) or _TITLE.search(second):
        return None
    joined = first + second
    m = _TITLE_YEAR_FIRST.match(joined) or _TITLE.search(joined)
    return (joined, m) if m else None


_ENDS_CLAUSE = re.compile(r"[。；;，,：:]$")


def _title_body_year(
    opening: list[str], first_section_line: int
) -> tuple[str | None, str | None, int | None]:
    """The title, the body and the year, from ``opening`` (the first lines, folded)."""
    head = [
        (n, line.strip()) for n, line in enumerate(opening[: max(first_section_line, 1) + 40], 1)
    ]
    head = [(n, _PREFIX.sub("", s) if s[0] in _PREFIX_FIRST else s) for n, s in head if s]
    title = body = None
    year: int | None = None
    for idx, (n, s) in enumerate(head):
        if n > first_section_line > 0 and title:
            break
        if len(s) > 60:
            continue
        m = _TITLE_YEAR_FIRST.match(s) or _TITLE.search(s)
        if not m and (joined := _two_line_title(head, idx)):
            s, m = joined
        if not m or (n > first_section_line > 0 and len(s) > 40):
            continue
        title = s
        year = int(m["year"])
        candidate = m["body"].strip()
        if not candidate and idx > 0:
            prev = head[idx - 1][1]
            if 2 <= len(prev) <= 30 and _BODY_END.search(prev) and not re.search(r"\d", prev):
                candidate = prev
                title = f"{prev}{s}"
        if candidate and not body:
            body = candidate
        if body:
            break
    if year is not None and body is not None:
        return title, body, year
    text = "\n".join(opening[:200])
    if year is None:
        m3 = _PERIOD.search(text) or _REPORT_YEAR.search(text)
        year = int(m3[1]) if m3 else _dominant_year(text)
    if body is None:
        m4 = _CONTACT.search(text)
        if m4:
            body = m4[1] or m4[2]
    return title, body, year


# --- The reader ---------------------------------------------------------------------------


def _decode_check(text: str) -> None:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ParseError("输入含有NUL字节，不是文本文件", line=line)


def parse_text(text: str, *, source: str = "<text>") -> AnnualReport:
    """Read a report printed as text. Raises :class:`ParseError` for input that is not one."""
    try:
        return _parse(text, source)
    except ParseError as err:
        if not err.source:
            raise err.located(source) from None
        raise
    except RecursionError as err:  # pragma: no cover - defensive: nothing recursive here
        raise ParseError(f"无法读取：{err}", line=0, source=source) from None


def _parse(text: str, source: str) -> AnnualReport:
    if len(text) > MAX_TEXT_CHARS:
        raise LimitError(
            E_TEXT_TOO_LONG.format(chars=f"{len(text):,}", cap=f"{MAX_TEXT_CHARS:,}"),
            limit="MAX_TEXT_CHARS",
        )
    if not text.strip():
        raise ParseError("输入为空", line=0)
    _decode_check(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tokens = tokenise(lines)

    found = find_tables(tokens)
    sections, section_ranges, raw_tables = found.sections, found.ranges, found.tables
    reading: list[Finding] = []

    first_line = section_ranges[0][1] if section_ranges else 0
    # The opening lines, folded once: title, body, year and front matter are read there.
    opening = [fold(line) for line in lines[: max(max(first_line, 1) + 40, 200)]]
    title, body, year = _title_body_year(opening, first_line)
    if not sections and not raw_tables and title is None:
        raise ParseError(
            "未找到年度报告的标题、章节或统计表，无法作为政府信息公开工作年度报告读取", line=1
        )

    # Narrative text of each section: the lines from its heading to the next heading.
    narrative: dict[str, Section] = {}
    bounds = [*section_ranges, ("end", len(lines) + 1)]
    for (sid, start), (_, end) in itertools.pairwise(bounds):
        body_lines = [ln.strip() for ln in lines[start : end - 1] if ln.strip()]
        narrative[sid] = Section(sid, fold(sections[sid][0]).strip(), "\n".join(body_lines), start)

    year_version = format_for_year(year)
    t2 = t2_version(raw_tables["active"]) if "active" in raw_tables else None
    t3_rows = [r.folded for r in raw_tables["apply"].rows] if "apply" in raw_tables else []
    has_other_items = any(k in f for f in t3_rows for k in ("不补正", "缴纳费用", "收费通知"))
    t3 = Version.V2021 if has_other_items else None
    version = t2 or year_version or t3 or (Version.V2019 if t3_rows else None)

    out = Cells()
    last_table = _last_table(raw_tables)
    if "active" in raw_tables:
        map_active(
            raw_tables["active"], t2 or version or Version.V2021, out, last_table == "active"
        )
    if "apply" in raw_tables:
        map_apply(raw_tables["apply"], out, last_table == "apply")
    if "review" in raw_tables:
        map_review(raw_tables["review"], out, last_table == "review")
    reading.extend(out.findings)

    truncated = _cut_off(lines, sections, out, last_table)
    front = _front_matter(opening, first_line)
    if front["published_on"] is None and truncated is None:
        front["published_on"] = _closing_date(lines, body, year)

    return AnnualReport(
        source=source,
        format=version,
        body=body,
        year=year,
        title=title,
        sections=narrative,
        cells=out.cells,
        reading=tuple(reading),
        tables={k: v.line for k, v in raw_tables.items()},
        rows=out.rows,
        truncated_after=truncated,
        end_line=next((n for n in range(len(lines), 0, -1) if lines[n - 1].strip()), None),
        **front,
    )


def _last_table(raw_tables: dict[str, RawTable]) -> str | None:
    ended = [k for k, v in raw_tables.items() if v.ended_in_table]
    return ended[0] if ended else None


def _cut_off(
    lines: list[str],
    sections: dict[str, tuple[str, int]],
    out: Cells,
    last_table: str | None,
) -> str | None:
    """Where the text ends before the report does, described for the cut-off finding."""
    if out.short_tail:
        return out.short_tail
    if last_table is not None and out.last_row:
        return f"「{out.last_row}」行"
    if "sec6" in sections:
        return None
    tail = next((ln.strip() for ln in reversed(lines) if ln.strip()), "")
    if len(tail) > 30:  # quote the last clause of a long line
        tail = (
            re.split(r"[，。；、,;:：]", tail.rstrip("，。；、,;:："))[-1].strip()[-30:]
            or tail[-30:]
        )
    return f"「{tail}」"
