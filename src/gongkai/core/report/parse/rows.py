"""Recognising rows: one table's region of tokens read into printed rows.

Inside a table, a cell matching one of the format's row labels opens a row and the
values after it belong to it; where the cells of one row stand on consecutive lines and
rows are separated by empty lines, the empty line closes the row. Header rows (words,
no values) are headers, never a row's cells. Nothing here knows the columns: the rows
are placed on the format by :mod:`~gongkai.core.report.parse.cells`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.core.report.formats import FORMATS, SECTIONS, TABLE3_COLUMNS, Version
from gongkai.core.report.model import Value, ValueKind
from gongkai.core.report.parse.headings import (
    BLOCK,
    T3_PARTS,
    opens_table,
    section_of,
    t3_header_lines,
)
from gongkai.core.report.parse.labels import join_fragments
from gongkai.core.report.parse.normalize import fold, fold_label, numbered
from gongkai.core.report.parse.pairing import pair_label_blocks
from gongkai.core.report.parse.tokens import Token

__all__ = ["T2_HEADER", "RawRow", "RawTable", "is_row_label", "read_table", "unreadable_cell"]


# --- Reading one table's rows -----------------------------------------------------------


@dataclass
class RawRow:
    label: str
    folded: str
    line: int
    values: list[Token] = field(default_factory=list)
    block: str | None = None  # Table 2: the Art. 20 item numeral
    one_line: bool = False  # the label's line carries cells too: the row is a line
    text_cells: bool = False  # a text stands among its values (an unreadable cell)


@dataclass
class RawTable:
    table: str
    line: int
    rows: list[RawRow] = field(default_factory=list)
    header: list[Token] = field(default_factory=list)  # text before the first row
    blocks: dict[str, list[Token]] = field(default_factory=dict)  # Table 2 block headers
    orphans: list[Token] = field(default_factory=list)  # values with no row label
    ended_in_table: bool = False


_T2_ROW_KEYS = (
    "规章",
    "规范性文件",
    "行政许可",
    "对外管理服务",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "集中采购",
)
_T3_ROW_KEYS = (
    *tuple(
        k
        for r in FORMATS[Version.V2021].table("apply").rows
        if r.id not in ("apply.result.other.misc", "apply.result.total")
        for k in r.match
    ),
    "其他处理",
    "不予公开",
    "无法提供",
    "不予处理",
)
T4_HEADER = (
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "直接起诉",
    "复议后起诉",
)
T2_HEADER = (
    "信息内容",
    "制发",
    "废止",
    "现行有效",
    "处理决定",
    "收费金额",
    "新制作",
    "新公开",
    "对外公开总",
    "上一年项目",
    "增减",
    "本年新",
    "采购项目",
    "采购总金额",
)


@lru_cache(maxsize=1 << 14)
def is_row_label(table: str, folded: str, started: bool) -> bool:
    if not folded:
        return False
    if table == "active":
        return any(k in folded for k in _T2_ROW_KEYS) and not any(
            h in folded for h in T2_HEADER[1:]
        )
    if table == "apply":
        if folded in ("其他", "总计", "合计"):
            return started  # before the first row these are column headers
        return any(k in folded for k in _T3_ROW_KEYS) and "勾稽关系" not in folded
    return False


def read_table(table: str, tokens: list[Token], start: int, line: int) -> tuple[RawTable, int]:
    """Read the rows of one table from ``tokens[start:]`` until a section heading; return the
    table and the index of the first token after it."""
    from gongkai.core.report.parse.table4 import opens_review_at, read_review  # it imports rows

    raw = RawTable(table, line)
    region: list[Token] = []
    i = start
    own = next(s for s in SECTIONS if s.table == table)
    after = SECTIONS.index(own)
    while i < len(tokens):
        t = tokens[i]
        if t.value is None and t.first:
            section = section_of(t.text, after)
            if section is not None and section != own.id:
                break
            if table == "active" and opens_table(t.text) == "apply":
                break
            if table != "review" and "复" in t.text and opens_review_at(tokens, i):
                break  # Table 4 after Table 2 or 3 with no heading between (an annex)
        region.append(t)
        i += 1
    raw.ended_in_table = i >= len(tokens)
    # Empty lines separate rows when cells of one row stand on consecutive lines.
    grouped = any(t.brk for t in region[1:]) and any(
        a.value is not None and b.value is not None and not b.brk and b.first
        for a, b in itertools.pairwise(region)
    )
    if table == "review":
        read_review(raw, region)
        return raw, i
    if table in ("active", "apply"):

        def is_label(folded: str) -> bool:
            return is_row_label(table, folded, True)

        # The passes look at the texts only: their indices are found once, and again
        # only after a pass has changed the region.
        texts = [n for n, t in enumerate(region) if t.value is None]
        joined = join_fragments(table, region, is_label, texts)
        if joined is not region:
            region, texts = joined, [n for n, t in enumerate(joined) if t.value is None]
        paired = pair_label_blocks(region, grouped, is_label, texts)
        if paired is not region:
            region, texts = paired, [n for n, t in enumerate(paired) if t.value is None]
        headers = _header_rows(table, region, grouped, texts)
        if table == "apply":  # its header again between rows: a table split over pages
            headers |= t3_header_lines(region)
    else:
        headers = set()
    current: RawRow | None = None
    block: str | None = None
    for n, t in enumerate(region):
        if grouped and t.brk:
            current = None
        if n in headers:  # a header row (words, no values): never a row's label or cells
            if not raw.rows:
                raw.header.append(t)
            current = None
            continue
        if t.value is not None:
            if t.value.kind is not ValueKind.BLANK:
                (raw.orphans if current is None else current.values).append(t)
                continue
            if current is None:
                continue
            # A blank followed by text on its line holds the place of a label, not a value.
            nxt = region[n + 1] if n + 1 < len(region) else None
            if not (nxt is not None and nxt.value is None and nxt.line == t.line):
                current.values.append(t)
            continue
        folded = fold_label(t.text)
        m = BLOCK.search(fold(t.text)) if table == "active" else None
        if m:
            block = m[1]
            raw.blocks.setdefault(block, [])
            current = None
            continue
        if is_row_label(table, folded, bool(raw.rows)):
            nxt = region[n + 1] if n + 1 < len(region) else None
            current = RawRow(
                t.text, folded, t.line, block=block, one_line=nxt is not None and nxt.line == t.line
            )
            raw.rows.append(current)
            continue
        if (table == "active" and block is not None and not raw.rows) or (
            table == "active" and block is not None and any(h in folded for h in T2_HEADER)
        ):
            raw.blocks.setdefault(block, []).append(t)
            current = None
            continue
        if not raw.rows:
            raw.header.append(t)
            continue
        # Unknown short text where a row's values stand: an unreadable cell. Where rows
        # are lines, only on the row's own line (else it is a label wrapped from above).
        if (
            current is not None
            and unreadable_cell(folded)
            and len(current.values) < len(TABLE3_COLUMNS) + 1
            and (not current.one_line or t.line == current.line)
        ):
            current.values.append(
                Token(
                    t.text,
                    t.line,
                    t.brk,
                    t.first,
                    Value(ValueKind.INVALID, raw=t.text, line=t.line),
                )
            )
            current.text_cells = True
            continue
        current = None
    return raw, i


def _header_rows(table: str, region: list[Token], grouped: bool, texts: list[int]) -> set[int]:
    """Indices of the tokens that form header rows: a line (or, where a row's cells stand
    on consecutive lines, a group between empty lines) of three or more words and no
    value, whose first word is no row label — a column header repeated over each row, or
    column titles a converter invented."""
    if table != "apply":
        return set()
    found: set[int] = set()
    size = len(region)
    # A header row starts with three words: only such lines are looked at.
    for a in [
        n
        for n in texts
        if n + 2 < size
        and (not n or (region[n].brk if grouped else region[n].first))
        and region[n + 1].value is None
        and region[n + 2].value is None
    ]:
        b = a + 1
        while b < size and not (region[b].brk if grouped else region[b].first):
            t = region[b]
            if (
                grouped
                and t.first
                and numbered(t.text)
                and is_row_label(table, fold_label(t.text), False)
            ):
                break  # a line that starts with a numbered row label ends the header's group
            b += 1
        if all(t.value is None for t in region[a + 3 : b]) and not is_row_label(
            table, fold_label(region[a].text), False
        ):
            found.update(range(a, b))
    return found


_TABLE_WORDS = T2_HEADER + T4_HEADER + T3_PARTS + ("申请人", "法人", "自然人", "信息内容", "项")


def unreadable_cell(folded: str) -> bool:
    """Is this short text, standing where a row's values are, a cell that is not a number
    (「约52」「不详」) rather than a label the reader does not know?"""
    return 0 < len(folded) <= 6 and not any(h in folded for h in _TABLE_WORDS)
