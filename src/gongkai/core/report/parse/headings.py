"""Recognising headings and table anchors.

A section heading (「一、总体情况」…「六、其他需要报告的事项」) is matched by its words, so
that misnumbered or reworded headings are still found; a table anchor (「第二十条第（一）项」,
「本列数据的勾稽关系」, 「未经复议直接起诉」) says a table starts where no heading does.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongkai.core.report.formats import SECTIONS
from gongkai.core.report.model import ValueKind
from gongkai.core.report.parse.labels import OFFICIAL
from gongkai.core.report.parse.normalize import CACHED_LENGTH, fold, fold_label
from gongkai.core.report.parse.tokens import Token

__all__ = ["BLOCK", "T3_PARTS", "opens_review", "opens_table", "section_of", "t3_header_lines"]


_HEADING = re.compile(r"^(?:第)?([一二三四五六七八九])(?:部分)?\s*[、.．,，]\s*(\S.{0,40})$")
BLOCK = re.compile(r"第二十条\s*第?\s*\(?\s*([一二三四五六七八九十]+)\s*\)?\s*项")
T3_PARTS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度", "结转下一年度")
_NUMERALS = "一二三四五六"


def section_of(text: str, after: int) -> str | None:
    """The section a heading line opens, or None. ``after`` is the index of the last section seen."""
    heading = _heading(text) if len(text) <= CACHED_LENGTH else _read_heading(text)
    if heading is None:
        return None
    named, numeral = heading
    if named is not None:
        return named
    if (
        numeral in _NUMERALS
        and _NUMERALS.index(numeral) > after
        and not _ENDS_SENTENCE.search(text)
    ):
        return SECTIONS[_NUMERALS.index(numeral)].id
    return None


_ENDS_SENTENCE = re.compile(r"[。；;]$")


def _read_heading(text: str) -> tuple[str | None, str] | None:
    """Is the line a section heading: the section its words name (None if they name
    none) and its numeral; None for a line that is no heading."""
    m = _HEADING.match(fold(text).strip().lstrip("#").strip())  # markdown headings too
    if not m:
        return None
    title = fold_label(m[2])
    if any(p in title for p in T3_PARTS) or len(title) > 30:
        return None
    if any(label.startswith(title) for label in OFFICIAL["apply"]):
        return None  # a Table 3 label cut short (「四、结转下」), not a section
    for spec in (SECTIONS[1], SECTIONS[2], SECTIONS[3], SECTIONS[4], SECTIONS[5], SECTIONS[0]):
        if any(k in title for k in spec.match):
            return spec.id, m[1]
    return None, m[1]


#: Every line is asked whether it is a heading, often several times; short lines repeat.
_heading = lru_cache(maxsize=1 << 14)(_read_heading)


def opens_table(text: str) -> str | None:
    folded = fold_label(text)
    if BLOCK.search(fold(text)):
        return "active"
    if "勾稽关系" in folded or folded == "申请人情况":
        return "apply"
    if folded in ("未经复议直接起诉",):
        return "review"
    return None


_T4_GROUP_WORDS = ("行政诉讼", "结果维持")


def opens_review(texts: list[str]) -> bool:
    """Do these cells — a line's first cell and the cell after it — open Table 4: its
    first header row (「行政复议」「行政诉讼」), or 「行政复议」 over its own five columns
    (Table 4 printed as three small tables)? A line of spaces may hold both in one cell."""
    head = fold_label(texts[0]) if texts else ""
    if not head.startswith("行政复议"):
        return False
    if head != "行政复议":
        return head[4:].startswith(_T4_GROUP_WORDS) and len(head) <= 12
    return len(texts) > 1 and fold_label(texts[1]).startswith(_T4_GROUP_WORDS)


#: Words of Table 3's column header (its anchor too).
_T3_HEADER_WORDS = (
    "勾稽关系",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
)


def t3_header_lines(region: list[Token]) -> set[int]:
    """Indices of the tokens on lines of Table 3's header: a line of two cells or more,
    none a value but blanks, two of them header words. A table split over pages (a
    Word table cut at a page break) may print the header again between its rows, where
    its 「其他」 and 「总计」 would read as the labels of rows."""
    lines: dict[int, list[int]] = {}
    for n, t in enumerate(region):
        lines.setdefault(t.line, []).append(n)
    found: set[int] = set()
    for idx in lines.values():
        if len(idx) < 2:
            continue
        words = 0
        for n in idx:
            t = region[n]
            if t.value is not None:
                if t.value.kind is not ValueKind.BLANK:
                    break
            elif any(w in fold_label(t.text) for w in _T3_HEADER_WORDS):
                words += 1
        else:
            if words >= 2:
                found.update(idx)
    return found
