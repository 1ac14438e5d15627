"""R5 and R9: this year's report against the same body's report of the year before."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from gongkai.core.report.formats import SECTIONS, TABLE3_COLUMNS
from gongkai.core.report.model import AnnualReport, Finding, Location
from gongkai.core.report.parse.normalize import fold
from gongkai.core.report.rules._util import fmt
from gongkai.core.report.rules.catalogue import make

#: Similarity (difflib's ratio, 0–1, over the section's text with digits folded) at or
#: above which a narrative section counts as copied from last year's (内容雷同).
COPY_THRESHOLD = 0.9
_COPY_SECTIONS = ("sec1", "sec5", "sec6")
_MIN_CHARS = 60  # shorter sections (「无。」) say too little to call a copy


def similarity(a: str, b: str) -> float:
    """How alike two narrative texts are, years and other numbers aside."""
    fa, fb = (re.sub(r"\d+", "#", re.sub(r"\s+", "", fold(t))) for t in (a, b))
    return difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def check(report: AnnualReport, prior: AnnualReport) -> Iterator[Finding]:
    if report.year is not None and prior.year is not None and prior.year != report.year - 1:
        yield make(
            "YR.W002",
            Location(),
            f"对照报告为{prior.year}年度，本报告为{report.year}年度，不是上一年度；跨年度核对仍按所给报告进行",
        )
    if report.body and prior.body and report.body != prior.body:
        yield make(
            "YR.W002",
            Location(),
            f"对照报告的发布机关为「{prior.body}」，本报告为「{report.body}」",
        )
    for col in TABLE3_COLUMNS:
        now, before = (
            report.number(f"apply.carried_in.{col.id}"),
            prior.number(f"apply.carried_out.{col.id}"),
        )
        if now is None or before is None or now == before:
            continue
        shape = report.rows.get("apply.carried_in")
        yield make(
            "YR.W001",
            Location(
                table="apply",
                table_label="表三",
                row="apply.carried_in",
                row_label="二、上年结转政府信息公开申请数量",
                column=col.id,
                column_label=col.label,
                cell=f"apply.carried_in.{col.id}",
                line=shape.line if shape else None,
            ),
            f"「{col.label}」列：本年报告上年结转{fmt(now)}，上年报告结转下年度{fmt(before)}",
        )
    for sec in _COPY_SECTIONS:
        now_s, before_s = report.sections.get(sec), prior.sections.get(sec)
        if (
            now_s is None
            or before_s is None
            or min(len(now_s.text), len(before_s.text)) < _MIN_CHARS
        ):
            continue
        ratio = similarity(now_s.text, before_s.text)
        if ratio >= COPY_THRESHOLD:
            title = next(s.title for s in SECTIONS if s.id == sec)
            yield make(
                "YR.W003",
                Location(section=sec, line=now_s.line or None),
                f"「{title}」与上年报告的同一部分相似度为{ratio:.0%}（阈值{COPY_THRESHOLD:.0%}）",
            )
    for row, label in (("active.rules", "规章"), ("active.normative", "行政规范性文件")):
        stock = report.number(f"{row}.in_force")
        issued, repealed = report.number(f"{row}.issued"), report.number(f"{row}.repealed")
        before = prior.number(f"{row}.in_force")
        if None in (stock, issued, repealed, before):
            continue
        assert (
            stock is not None and issued is not None and repealed is not None and before is not None
        )
        expected = before + issued - repealed
        if expected != stock:
            yield make(
                "YR.I001",
                Location(
                    table="active",
                    table_label="表二",
                    row=row,
                    row_label=label,
                    column="in_force",
                    column_label="现行有效件数",
                    cell=f"{row}.in_force",
                ),
                f"「{label}」：上年现行有效{fmt(before)}加本年制发{fmt(issued)}减本年废止{fmt(repealed)}"
                f"为{fmt(expected)}，本年现行有效为{fmt(stock)}",
            )
