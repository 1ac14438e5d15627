"""The checks evaluators make beyond arithmetic: late publication (Art. 49), 规章 from a
body that cannot make them, tables printed with no values, statistics of another year
in the narrative, a title year that is not the period covered, sections misnumbered or
announced in a number the report does not have, and, in the 2019 format, a cumulative
count below this year's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from gongkai.core.report.bodies import body_kind, may_make_rules
from gongkai.core.report.formats import SECTIONS, Version
from gongkai.core.report.model import AnnualReport, Finding, Location, ValueKind
from gongkai.core.report.parse.normalize import fold
from gongkai.core.report.rules._util import TABLE_NAMES, fmt
from gongkai.core.report.rules.catalogue import make

_NUMERALS = "一二三四五六"
#: Where a publication date comes from, as the late-publication finding names it.
DATE_SOURCES = {
    "text": "发布日期见报告页面",
    "manifest": "发布日期来自采集清单",
    "list": "发布日期来自输入清单",
}
_PAST_STATS = re.compile(
    r"((?:19|20)\d\d)\s*年度?[^。；;\n]{0,24}?(?:收到|受理|办结|答复|主动公开|公开|发布)[^。；;\n]{0,20}?\d+\s*(?:件|条|个)"
)


def check(report: AnnualReport) -> Iterator[Finding]:
    yield from _late(report)
    yield from _rules_maker(report)
    yield from _empty_tables(report)
    yield from _years(report)
    yield from _sections(report)
    yield from _cumulative(report)


def publication_deadline(report: AnnualReport) -> date | None:
    """Art. 49: 县级以上人民政府部门 by 31 January, governments by 31 March (before the 2019
    条例, every organ by 31 March); townships: no statutory date."""
    if report.year is None:
        return None
    kind = body_kind(report.body)
    if kind == "department":
        return date(report.year + 1, 1, 31) if report.year >= 2019 else date(report.year + 1, 3, 31)
    if kind == "government":
        return date(report.year + 1, 3, 31)
    return None


def _late(report: AnnualReport) -> Iterator[Finding]:
    deadline = publication_deadline(report)
    if deadline is None or report.published_on is None or report.published_on <= deadline:
        return
    days = (report.published_on - deadline).days
    source = DATE_SOURCES[report.published_on_source or "text"]
    yield make(
        "PUB.W001",
        Location(line=1),
        f"报告发布于{report.published_on.isoformat()}（{source}），晚于条例第四十九条规定的{deadline.isoformat()}（迟{days}天）",
    )


def _rules_maker(report: AnnualReport) -> Iterator[Finding]:
    if may_make_rules(report.body) is not False:
        return
    cells = [
        c
        for c in (
            "active.rules.issued",
            "active.rules.in_force",
            "active.rules.new_made",
            "active.rules.total_published",
        )
        if c in report.cells
    ]
    shown = {c: report.number(c) for c in cells}
    positive = {c: n for c, n in shown.items() if n is not None and n > 0}
    if positive:
        detail = "、".join(f"{c.rsplit('.', 1)[1]}={fmt(n)}" for c, n in positive.items())
        yield make(
            "T2.W001",
            Location(table="active", table_label="表二", row="active.rules", row_label="规章"),
            f"「{report.body}」填报了规章（{detail}），但只有省、自治区、直辖市和设区的市人民政府可以制定规章",
        )


_TABLE_OF_ROWS = {
    "active": "active",
    "apply": "apply",
    "review": "review",
    "lit_direct": "review",
    "lit_after_review": "review",
}
_EMPTY = (ValueKind.BLANK, ValueKind.NOT_APPLICABLE)


def _empty_tables(report: AnnualReport) -> Iterator[Finding]:
    cells: dict[str, int] = {}  # table -> cells printed
    filled: set[str] = set()  # tables with a cell that holds something
    for cell, value in report.cells.items():
        table = _TABLE_OF_ROWS.get(cell.partition(".")[0])
        if table is None:
            continue
        cells[table] = cells.get(table, 0) + 1
        if value.kind not in _EMPTY:
            filled.add(table)
    for table in ("active", "apply", "review"):
        if table not in report.tables or table in filled or table not in cells:
            continue
        yield make(
            "STRUCT.W006",
            Location(
                table=table, table_label=TABLE_NAMES[table], line=report.tables[table] or None
            ),
            f"{TABLE_NAMES[table]}印有表格，但{cells[table]}个单元格都没有填写数字",
        )


def _years(report: AnnualReport) -> Iterator[Finding]:
    if (
        report.year is not None
        and report.period_year is not None
        and report.period_year != report.year
    ):
        yield make(
            "META.W003",
            Location(line=1),
            f"标题为{report.year}年度，正文所述统计期限为{report.period_year}年",
        )
    if report.year is None:
        return
    seen: set[int] = set()
    for section in report.sections.values():
        if section.id not in ("sec1", "sec5", "sec6"):
            continue
        for m in _PAST_STATS.finditer(fold(section.text)):
            year = int(m[1])
            if year < report.year and year not in seen:
                seen.add(year)
                yield make(
                    "NAR.W003",
                    Location(section=section.id, line=section.line),
                    f"{report.year}年度报告的正文写有{year}年的统计数字：「{m.group(0)}」",
                )


_NUMERAL = re.compile(r"^(?:第)?([一二三四五六七八九十])")


def _sections(report: AnnualReport) -> Iterator[Finding]:
    for spec in SECTIONS:
        section = report.sections.get(spec.id)
        if section is None:
            continue
        m = _NUMERAL.match(section.heading)
        if m and m[1] != spec.numeral:
            yield make(
                "STRUCT.W007",
                Location(section=spec.id, line=section.line),
                f"「{section.heading[:30]}」是第{spec.numeral}部分，却编号为「{m[1]}」",
            )
    if report.announced_parts is not None and report.truncated_after is None:
        parts = len([s for s in SECTIONS if s.id in report.sections])
        if parts and report.announced_parts != parts:
            yield make(
                "STRUCT.W008",
                Location(line=1),
                f"报告开头说全文共{report.announced_parts}部分，实际有{parts}部分",
            )


def _cumulative(report: AnnualReport) -> Iterator[Finding]:
    if report.format is not Version.V2019:
        return
    for row, label in (("active.rules", "规章"), ("active.normative", "规范性文件")):
        total, new = report.number(f"{row}.total_published"), report.number(f"{row}.new_published")
        if total is not None and new is not None and total < new:
            yield make(
                "VAL.W004",
                Location(
                    table="active",
                    table_label="表二",
                    row=row,
                    row_label=label,
                    cell=f"{row}.total_published",
                ),
                f"「{label}」对外公开总数量{fmt(total)}小于本年新公开数量{fmt(new)}",
            )
