"""Placing printed rows on the format: each row's cells by column, or a finding.

A row is stored only if it has exactly as many cells as its columns (trailing blank
padding from merged cells is dropped first) and every cell is a value; otherwise it is
reported and none of its cells is read — the reader never guesses which cell is missing
(docs/adr/0001).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.core.report.formats import (
    FORMATS,
    LE_SUBTOTAL,
    TABLE3_COLUMNS,
    Block,
    Column,
    Row,
    Version,
)
from gongkai.core.report.model import Finding, Location, RowShape, Value, ValueKind
from gongkai.core.report.parse.normalize import fold_label
from gongkai.core.report.parse.rows import RawRow, RawTable
from gongkai.core.report.parse.tokens import Token
from gongkai.core.report.rules.catalogue import make

__all__ = ["Cells", "map_active", "map_apply", "map_review", "t2_version"]


# --- Mapping raw rows onto the format ---------------------------------------------------


@dataclass
class Cells:
    cells: dict[str, Value] = field(default_factory=dict)
    rows: dict[str, RowShape] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    last_row: str | None = None  # label of the last row read, for the cut-off message
    short_tail: str | None = None  # the last row was cut inside


def _trim(values: list[Token], expected: int, label_line: int | None = None) -> list[Token]:
    """Drop the blank padding merged cells leave: trailing blanks, then blanks right after
    the label on its line (an empty label column), while the row has too many cells."""
    values = list(values)
    while (
        len(values) > expected
        and label_line is not None
        and values[0].line == label_line
        and _is_blank(values[0])
        and not all(_is_blank(v) for v in values[1:])
        and _trailing_full(values, expected)
    ):
        values.pop(0)
    while len(values) > expected and _is_blank(values[-1]):
        values.pop()
    return values


def _trailing_full(values: list[Token], expected: int) -> bool:
    """Without its trailing blanks, does the row still have more cells than expected?"""
    n = len(values)
    while n > 0 and _is_blank(values[n - 1]):
        n -= 1
    return n > expected


def split_rows(raw: RawTable) -> set[int]:
    """Indexes of the rows whose values stand on their label's line and on lines after
    it, where that is not one value carried to the next line with nothing around:
    a PDF that wraps numbers in narrow cells prints their parts above and below the
    row's line (「２７」 over 「０」, the cells of one line between), so which value
    belongs to which cell is not certain."""
    labels = {r.line for r in raw.rows}
    orphans = {v.line for v in raw.orphans}
    alone = {v.line for r in raw.rows for v in r.values} | orphans
    split = set()
    for n, r in enumerate(raw.rows):
        last = max((v.line for v in r.values), default=r.line)
        if not r.one_line or last == r.line:
            continue
        own = sum(v.line == r.line for v in r.values)
        tail = len(r.values) - own
        if (
            last > r.line + 1
            or tail > 1
            or tail >= own
            or r.line - 1 in alone - labels
            or last + 1 in orphans
        ):
            split.add(n)
    return split


def _is_blank(tok: Token) -> bool:
    return tok.value is not None and tok.value.kind is ValueKind.BLANK


def _place(
    out: Cells,
    *,
    table: str,
    table_name: str,
    row_id: str,
    official: str,
    raw: RawRow,
    columns: tuple[Column, ...],
    last_in_text: bool,
    split: bool = False,
) -> None:
    """Store one printed row's cells, or a finding when its cells do not fit the columns
    (``split``: see :func:`split_rows`)."""

    def loc() -> Location:  # made only for a finding: most rows fit
        return Location(
            table=table, table_label=table_name, row=row_id, row_label=official, line=raw.line
        )

    if row_id in out.rows:
        out.findings.append(
            make(
                "STRUCT.W004",
                loc(),
                f"{table_name}「{official}」行在第{raw.line}行再次出现（首次在第{out.rows[row_id].line}行），未读取重复的一行",
            )
        )
        return
    values = _trim(raw.values, len(columns), raw.line)
    out.rows[row_id] = RowShape(row_id, raw.label, raw.line, len(values), len(columns))
    out.last_row = official
    if _HAS_DIGIT.search(raw.folded):
        # A number glued into the label (「行政处罚1 行政强」, a PDF's lost space): which
        # cells follow it is not certain.
        out.findings.append(
            make(
                "STRUCT.W002",
                loc(),
                f"{table_name}「{official}」行的名称中混有数字（「{raw.label}」），"
                "无法确定各数对应哪一栏；该行未读取",
            )
        )
        return
    if raw.text_cells and (words := _words(values)):
        out.findings.append(
            _words_finding(f"{table_name}「{official}」行", words, values, len(columns), loc())
        )
        return
    if split:
        out.findings.append(
            make(
                "STRUCT.W002",
                loc(),
                f"{table_name}「{official}」行的数值分在该行上下几行（窄栏中的数字折行），"
                "无法确定各数对应哪一栏；该行未读取",
            )
        )
        return
    if len(values) == len(columns):
        for col, tok in zip(columns, values, strict=True):
            assert tok.value is not None
            out.cells[f"{row_id}.{col.id}"] = tok.value
        return
    if len(values) < len(columns) and last_in_text:
        # The text ends inside this row: which cells it shows cannot be known either
        # (one may be missing before the cut), so none is read; the cut-off finding says so.
        out.short_tail = f"{table_name}「{official}」行（该行只见{len(values)}个单元格，应为{len(columns)}个，未读取）"
        return
    rule = "STRUCT.W001" if len(values) < len(columns) else "STRUCT.W002"
    printed = "、".join(v.text or "空" for v in values)
    out.findings.append(
        make(
            rule,
            loc(),
            f"{table_name}「{official}」行有{len(values)}个单元格，应为{len(columns)}个（{printed}）；该行未读取",
        )
    )


def _words(values: list[Token]) -> list[str]:
    """The cells of a row that are words, not values: no digit in them but a numbering
    (「3.危及“三安」 is a label's head), or a header word with a digit (「数据1」)."""
    return [
        v.text
        for v in values
        if v.value is not None
        and v.value.kind is ValueKind.INVALID
        and (not any(ch.isdigit() for ch in fold_label(v.text)) or _HEADER_WORD.fullmatch(v.text))
    ]


_HAS_DIGIT = re.compile(r"\d")
_HEADER_WORD = re.compile(r"(?:数据|列|栏|第)\s*\d{1,2}\s*(?:列|栏)?")


def _words_finding(
    row: str, words: list[str], values: list[Token], expected: int, loc: Location
) -> Finding:
    """Words where a row's values stand: the row's cells cannot be placed with certainty
    (a header, a label wrapped into the row), so it is reported and not read, and no cell
    of it is judged a wrong number. Fewer values than columns is ``STRUCT.W001``, as many
    or more ``STRUCT.W002`` (the words are cells the format does not have)."""
    numbers = len(values) - len(words)
    shown = "、".join(f"「{w}」" for w in words[:4]) + ("等" if len(words) > 4 else "")
    rule = "STRUCT.W001" if numbers < expected else "STRUCT.W002"
    return make(
        rule,
        loc,
        f"{row}数值位置出现文字{shown}，另有{numbers}个数值，应为{expected}个数值；该行未读取",
    )


@lru_cache(maxsize=1 << 14)
def match_row(rows: tuple[Row, ...], folded: str) -> Row | None:
    if folded == "其他":
        return next((r for r in rows if r.id.endswith(".misc")), None)
    for row in rows:
        if row.id.endswith(".misc"):
            continue
        if row.id == "apply.result.total":
            if folded in ("总计", "合计") or folded.startswith("总计"):
                return row
            continue
        if any(k in folded for k in row.match):
            return row
    return None


#: Table 2's header words of each format (a word holds at most one of each set).
_T2_2021 = re.compile("制发|废止|现行有效|收费金额")
_T2_2019 = re.compile("新制作|新公开|对外公开总|上一年项目|增减|采购|对外管理服务")


def t2_version(raw: RawTable) -> Version | None:
    """The format Table 2's words are of: the one more of them name (None if neither)."""
    words = [fold_label(t.text) for toks in raw.blocks.values() for t in toks] + [
        r.folded for r in raw.rows
    ]
    joined = "|".join(words)  # no key holds 「|」, so no match spans two words
    v2021 = len(_T2_2021.findall(joined))
    v2019 = len(_T2_2019.findall(joined))
    if v2021 == v2019 == 0:
        return None
    return Version.V2021 if v2021 > v2019 else Version.V2019


def map_active(raw: RawTable, version: Version, out: Cells, last_table: bool) -> None:
    spec = FORMATS[version].table("active")
    rows_by_block: dict[str, Block] = {b.item: b for b in spec.blocks}
    split = split_rows(raw)
    for n, r in enumerate(raw.rows):
        candidates = rows_by_block[r.block].rows if r.block in rows_by_block else spec.rows
        row = match_row(candidates, r.folded) or match_row(spec.rows, r.folded)
        if row is None:
            continue
        last = last_table and n == len(raw.rows) - 1
        _place(
            out,
            table="active",
            table_name="表二",
            row_id=row.id,
            official=row.label,
            raw=r,
            columns=row.columns,
            last_in_text=last,
            split=n in split,
        )


def _t3_columns(raw: RawTable) -> tuple[Column, ...]:
    """The columns the Table 3 header prints, in order (a 小计 column is taken in)."""
    header = "".join(fold_label(t.text) for t in raw.header)
    if "小计" in header:
        return (*TABLE3_COLUMNS[:6], LE_SUBTOTAL, TABLE3_COLUMNS[6])
    return TABLE3_COLUMNS


_OTHER_ITEMS = ("不补正", "缴纳费用", "收费通知")


def map_apply(raw: RawTable, out: Cells, last_table: bool) -> None:
    spec = FORMATS[Version.V2021].table("apply")
    single_other = Row(
        "apply.result.other", "（六）其他处理", TABLE3_COLUMNS, ("其他处理",), table="apply"
    )
    columns = _t3_columns(raw)
    groups = {g.id: g for g in spec.groups}
    # Where the table prints （六）'s three 2021 items, （六） is their group and carries no
    # values: values after it belong to a row whose label stands elsewhere (a PDF puts a
    # wrapped row's numbers on a line of their own), so they are not read as the 2019
    # single row.
    other_items = any(k in r.folded for r in raw.rows for k in _OTHER_ITEMS)
    split = split_rows(raw)
    for n, r in enumerate(raw.rows):
        last = last_table and n == len(raw.rows) - 1
        group = next((g for g in spec.groups if any(k in r.folded for k in g.match)), None)
        if group is not None and not match_row(spec.rows, r.folded):
            single = group.id == "apply.result.other"
            if not r.values or (not single and all(map(_is_blank, r.values))):
                # A label-only group row, as in the format; or, in a table typed cell by
                # cell (Word's), the same row with its empty cells: it states no subtotal.
                continue
            label = groups[group.id].label if not single else single_other.label
            _place(
                out,
                table="apply",
                table_name="表三",
                row_id=group.id,
                official=label,
                raw=r,
                columns=() if single and other_items else columns,
                last_in_text=last,
            )
            continue
        row = match_row(spec.rows, r.folded)
        if row is None:
            continue
        _place(
            out,
            table="apply",
            table_name="表三",
            row_id=row.id,
            official=row.label,
            raw=r,
            columns=columns,
            last_in_text=last,
            split=n in split,
        )


def _review_values(raw: RawTable) -> list[Token]:
    """Table 4's value cells where rows are lines: the empty cells of its header's lines
    (a header row padded to the table's width) and lines of empty cells only (spacing
    rows) are no values, when a line holds a value."""
    values = raw.rows[0].values
    if not any(v.line == w.line for v, w in itertools.pairwise(values)):
        return values  # a cell per line
    filled = {v.line for v in values if not _is_blank(v)}
    if not filled:
        return values  # a blank form
    header = {t.line for t in raw.header}
    return [v for v in values if not _is_blank(v) or (v.line in filled and v.line not in header)]


def map_review(raw: RawTable, out: Cells, last_table: bool) -> None:
    spec = FORMATS[Version.V2021].table("review")
    if not raw.rows:
        return
    values = _trim(_review_values(raw), 15)
    while len(values) > 15 and _is_blank(values[0]):
        values.pop(0)  # rows of empty cells before the data row (spacing rows of a page)
    line = raw.rows[0].line
    if not values:
        return
    combined = Row("review", "行政复议、行政诉讼", (), ())
    cols = [(r, c) for r in spec.rows for c in r.columns]
    if raw.rows[0].text_cells and (words := _words(values)):
        loc = Location(
            table="review", table_label="表四", row=combined.id, row_label="数据行", line=line
        )
        out.findings.append(_words_finding("表四数据行", words, values, 15, loc))
        return
    if len(values) == 15:
        for (row, col), tok in zip(cols, values, strict=True):
            assert tok.value is not None
            out.cells[row.cell_id(col)] = tok.value
        for row in spec.rows:
            out.rows[row.id] = RowShape(row.id, row.label, line, 5, 5)
        out.last_row = "表四数据"
        return
    if len(values) < 15 and last_table:
        out.short_tail = f"表四数据行（只见{len(values)}个单元格，应为15个，未读取）"
        return
    rule = "STRUCT.W001" if len(values) < 15 else "STRUCT.W002"
    out.findings.append(
        make(
            rule,
            Location(
                table="review", table_label="表四", row=combined.id, row_label="数据行", line=line
            ),
            f"表四数据行有{len(values)}个单元格，应为15个（{'、'.join(v.text or '空' for v in values)}）；该行未读取",
        )
    )
