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
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.formats import (
    FORMATS,
    LE_SUBTOTAL,
    SECTIONS,
    TABLE3_COLUMNS,
    Block,
    Column,
    Row,
    Version,
    format_for_year,
)
from gongkai.core.report.model import (
    AnnualReport,
    Finding,
    Location,
    RowShape,
    Section,
    Value,
    ValueKind,
)
from gongkai.core.report.parse.limits import (
    E_TEXT_TOO_LONG,
    E_TOO_MANY_CELLS,
    MAX_TEXT_CELLS,
    MAX_TEXT_CHARS,
)
from gongkai.core.report.parse.normalize import (
    CACHED_LENGTH,
    fold,
    fold_label,
    read_parts,
    read_value,
)
from gongkai.core.report.rules.catalogue import make

__all__ = ["parse_text"]


@dataclass(slots=True)
class Token:
    text: str  # the cell as printed, stripped
    line: int
    brk: bool  # an empty line comes before it
    first: bool  # first cell of its line
    value: Value | None  # a value cell (number, blank, mark) or None for text


# --- Tokenising --------------------------------------------------------------------

_SPLIT_SPACES = re.compile(r"\s{2,}|\t")
_TRAILING_VALUES = re.compile(
    r"^(?P<label>.*?[^\d\s.,+\-/])(?P<values>(?:\s+[+\-]?[\d,]+(?:\.\d+)?|\s+[/—\-]{1,2})+)\s*$"
)
_SENTENCE = re.compile(r"[，。；：,;:！？]")


_MD_SEPARATOR = re.compile(r"[\s|:\-]+")
_TWO_SPACES = re.compile(r"\s{2,}")
_NUMBERS_ONLY = re.compile(r"[+\-]?\d[\d,.]*(?:\s+[+\-]?\d[\d,.]*)+")


def _cells_of_line(line: str) -> tuple[str, ...]:
    """Split one line into its printed cells (short lines, the tables', are cached)."""
    if len(line) <= CACHED_LENGTH:
        return _cells_of_short_line(line)
    return tuple(_split_line(line))


@lru_cache(maxsize=1 << 14)
def _cells_of_short_line(line: str) -> tuple[str, ...]:
    return tuple(_split_line(line))


def _split_line(line: str) -> list[str]:
    stripped = line.strip()
    if "|" in line:
        if _MD_SEPARATOR.fullmatch(stripped) and "-" in stripped:
            return []  # a markdown separator row
        parts = line.split("|")
        if not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return [p.strip() for p in parts]
    if "\t" in stripped or _TWO_SPACES.search(stripped):
        parts = [p.strip() for p in _SPLIT_SPACES.split(stripped)]
        if "\t" in stripped:
            return parts
        # Runs of spaces: split only a line that looks like a table row: a label
        # followed by values, or several short header words.
        values = [read_value(p).kind is not ValueKind.INVALID for p in parts]
        short = all(len(p) <= 20 and not _SENTENCE.search(p) for p in parts)
        if len(parts) >= 2 and all(values[1:]) and len(parts[0]) <= 60:
            return parts
        if len(parts) >= 3 and short:
            return parts
        return [stripped]
    m = _TRAILING_VALUES.match(stripped) if len(stripped) <= 60 else None  # slow on long lines
    if m and not _SENTENCE.search(m["label"]):
        return [m["label"].strip(), *m["values"].split()]
    if _NUMBERS_ONLY.fullmatch(stripped):
        return stripped.split()
    return [stripped]


_INVALID = ValueKind.INVALID
_value = Value.read


def _tokenise(lines: list[str]) -> list[Token]:
    tokens: list[Token] = []
    brk = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if "\t" in line:  # a whitespace-only cell line: a blank cell
                tokens.append(Token("", number, brk, True, read_value("", line=number)))
                brk = False
            else:
                brk = True
            continue
        first = True
        cells = _cells_of_line(line)
        if len(tokens) + len(cells) > MAX_TEXT_CELLS:
            raise LimitError(
                E_TOO_MANY_CELLS.format(cap=f"{MAX_TEXT_CELLS:,}"),
                limit="MAX_TEXT_CELLS",
                line=number,
            )
        for cell in cells:
            kind, n, unit = read_parts(cell)  # a value cell, or None for text
            value = None if kind is _INVALID else _value(kind, n, cell, unit, number)
            tokens.append(Token(cell, number, brk and first, first, value))
            first = brk = False
        brk = False
    return tokens


# --- Headings and anchors -------------------------------------------------------------

_HEADING = re.compile(r"^(?:第)?([一二三四五六七八九])(?:部分)?\s*[、.．,，]\s*(\S.{0,40})$")
_BLOCK = re.compile(r"第二十条\s*第?\s*\(?\s*([一二三四五六七八九十]+)\s*\)?\s*项")
_T3_PARTS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度", "结转下一年度")
_NUMERALS = "一二三四五六"


def _section_of(text: str, after: int) -> str | None:
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
    if any(p in title for p in _T3_PARTS) or len(title) > 30:
        return None
    for spec in (SECTIONS[1], SECTIONS[2], SECTIONS[3], SECTIONS[4], SECTIONS[5], SECTIONS[0]):
        if any(k in title for k in spec.match):
            return spec.id, m[1]
    return None, m[1]


#: Every line is asked whether it is a heading, often several times; short lines repeat.
_heading = lru_cache(maxsize=1 << 14)(_read_heading)


# --- Reading one table's rows -----------------------------------------------------------


@dataclass
class RawRow:
    label: str
    folded: str
    line: int
    values: list[Token] = field(default_factory=list)
    block: str | None = None  # Table 2: the Art. 20 item numeral
    one_line: bool = False  # the label's line carries cells too: the row is a line


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
_T4_HEADER = (
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
_T2_HEADER = (
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
def _is_row_label(table: str, folded: str, started: bool) -> bool:
    if not folded:
        return False
    if table == "active":
        return any(k in folded for k in _T2_ROW_KEYS) and not any(
            h in folded for h in _T2_HEADER[1:]
        )
    if table == "apply":
        if folded in ("其他", "总计", "合计"):
            return started  # before the first row these are column headers
        return any(k in folded for k in _T3_ROW_KEYS) and "勾稽关系" not in folded
    return False


def _read_table(table: str, tokens: list[Token], start: int, line: int) -> tuple[RawTable, int]:
    """Read the rows of one table from ``tokens[start:]`` until a section heading; return the
    table and the index of the first token after it."""
    raw = RawTable(table, line)
    region: list[Token] = []
    i = start
    own = next(s for s in SECTIONS if s.table == table)
    after = SECTIONS.index(own)
    while i < len(tokens):
        t = tokens[i]
        if t.value is None and t.first:
            section = _section_of(t.text, after)
            if section is not None and section != own.id:
                break
            if table == "active" and _opens_table(t.text) == "apply":
                break
        region.append(t)
        i += 1
    raw.ended_in_table = i >= len(tokens)
    # Empty lines separate rows when cells of one row stand on consecutive lines.
    grouped = any(t.brk for t in region) and any(
        a.value is not None and b.value is not None and not b.brk and b.first
        for a, b in itertools.pairwise(region)
    )
    if table == "review":
        _read_review(raw, region)
        return raw, i
    current: RawRow | None = None
    block: str | None = None
    for n, t in enumerate(region):
        if grouped and t.brk:
            current = None
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
        m = _BLOCK.search(fold(t.text)) if table == "active" else None
        if m:
            block = m[1]
            raw.blocks.setdefault(block, [])
            current = None
            continue
        if _is_row_label(table, folded, bool(raw.rows)):
            nxt = region[n + 1] if n + 1 < len(region) else None
            current = RawRow(
                t.text, folded, t.line, block=block, one_line=nxt is not None and nxt.line == t.line
            )
            raw.rows.append(current)
            continue
        if (table == "active" and block is not None and not raw.rows) or (
            table == "active" and block is not None and any(h in folded for h in _T2_HEADER)
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
            and _unreadable_cell(folded)
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
            continue
        current = None
    return raw, i


_TABLE_WORDS = _T2_HEADER + _T4_HEADER + _T3_PARTS + ("申请人", "法人", "自然人", "信息内容", "项")


def _unreadable_cell(folded: str) -> bool:
    """Is this short text, standing where a row's values are, a cell that is not a number
    (「约52」「不详」) rather than a label the reader does not know?"""
    return 0 < len(folded) <= 6 and not any(h in folded for h in _TABLE_WORDS)


def _read_review(raw: RawTable, region: list[Token]) -> None:
    last_text = -1
    for n, t in enumerate(region):
        if t.value is None:
            folded = fold_label(t.text)
            if any(h in folded for h in _T4_HEADER) or not folded:
                last_text = n
                raw.header.append(t)
            elif n > last_text and any(v.value is not None for v in region[last_text + 1 : n]):
                break  # narrative after the numbers
            else:
                last_text = n
    row = RawRow("", "", region[last_text + 1].line if last_text + 1 < len(region) else raw.line)
    for t in region[last_text + 1 :]:
        if t.value is None:
            if not _unreadable_cell(fold_label(t.text)):
                break
            t = Token(
                t.text, t.line, t.brk, t.first, Value(ValueKind.INVALID, raw=t.text, line=t.line)
            )
        row.values.append(t)
    if row.values or raw.header:
        raw.rows.append(row)


def _opens_table(text: str) -> str | None:
    folded = fold_label(text)
    if _BLOCK.search(fold(text)):
        return "active"
    if "勾稽关系" in folded or folded == "申请人情况":
        return "apply"
    if folded in ("未经复议直接起诉",):
        return "review"
    return None


# --- Mapping raw rows onto the format ---------------------------------------------------


@dataclass
class _Out:
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


def _is_blank(tok: Token) -> bool:
    return tok.value is not None and tok.value.kind is ValueKind.BLANK


def _place(
    out: _Out,
    *,
    table: str,
    table_name: str,
    row_id: str,
    official: str,
    raw: RawRow,
    columns: tuple[Column, ...],
    last_in_text: bool,
) -> None:
    """Store one printed row's cells, or a finding when its cells do not fit the columns."""

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


@lru_cache(maxsize=1 << 14)
def _match_row(rows: tuple[Row, ...], folded: str) -> Row | None:
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


def _t2_version(raw: RawTable) -> Version | None:
    v2021 = v2019 = 0
    words = [fold_label(t.text) for toks in raw.blocks.values() for t in toks] + [
        r.folded for r in raw.rows
    ]
    for w in words:
        v2021 += sum(k in w for k in ("制发", "废止", "现行有效", "收费金额"))
        v2019 += sum(
            k in w
            for k in (
                "新制作",
                "新公开",
                "对外公开总",
                "上一年项目",
                "增减",
                "采购",
                "对外管理服务",
            )
        )
    if v2021 == v2019 == 0:
        return None
    return Version.V2021 if v2021 > v2019 else Version.V2019


def _map_active(raw: RawTable, version: Version, out: _Out, last_table: bool) -> None:
    spec = FORMATS[version].table("active")
    rows_by_block: dict[str, Block] = {b.item: b for b in spec.blocks}
    for n, r in enumerate(raw.rows):
        candidates = rows_by_block[r.block].rows if r.block in rows_by_block else spec.rows
        row = _match_row(candidates, r.folded) or _match_row(spec.rows, r.folded)
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
        )


def _t3_columns(raw: RawTable) -> tuple[Column, ...]:
    """The columns the Table 3 header prints, in order (a 小计 column is taken in)."""
    header = "".join(fold_label(t.text) for t in raw.header)
    if "小计" in header:
        return (*TABLE3_COLUMNS[:6], LE_SUBTOTAL, TABLE3_COLUMNS[6])
    return TABLE3_COLUMNS


def _map_apply(raw: RawTable, out: _Out, last_table: bool) -> None:
    spec = FORMATS[Version.V2021].table("apply")
    single_other = Row(
        "apply.result.other", "（六）其他处理", TABLE3_COLUMNS, ("其他处理",), table="apply"
    )
    columns = _t3_columns(raw)
    groups = {g.id: g for g in spec.groups}
    for n, r in enumerate(raw.rows):
        last = last_table and n == len(raw.rows) - 1
        group = next((g for g in spec.groups if any(k in r.folded for k in g.match)), None)
        if group is not None and not _match_row(spec.rows, r.folded):
            if not r.values:
                continue  # a label-only group row, as in the format
            label = (
                groups[group.id].label if group.id != "apply.result.other" else single_other.label
            )
            _place(
                out,
                table="apply",
                table_name="表三",
                row_id=group.id,
                official=label,
                raw=r,
                columns=columns,
                last_in_text=last,
            )
            continue
        row = _match_row(spec.rows, r.folded)
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
        )


def _map_review(raw: RawTable, out: _Out, last_table: bool) -> None:
    spec = FORMATS[Version.V2021].table("review")
    if not raw.rows:
        return
    values = _trim(raw.rows[0].values, 15)
    while len(values) > 15 and _is_blank(values[0]):
        values.pop(0)  # rows of empty cells before the data row (spacing rows of a page)
    line = raw.rows[0].line
    if not values:
        return
    combined = Row("review", "行政复议、行政诉讼", (), ())
    cols = [(r, c) for r in spec.rows for c in r.columns]
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
_ANNOUNCED = re.compile(
    r"(?:全文|本报告|报告)[^。]{0,60}?(?:共|分为|分|包括|由)[^。]{0,160}?([一二三四五六七八九十]|\d{1,2})(?:个|大)?(?:组成)?部分"
)
_NUMERALS_ALL = "一二三四五六七八九十"


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
    return {
        "published_on": published,
        "period_year": int(period[1]) if period else None,
        "announced_parts": announced,
    }


def _dominant_year(text: str) -> int | None:
    """With no title and no statistics period, the year the opening text keeps naming
    (「2019年…」 at least twice, and no other year as often)."""
    counts = Counter(re.findall(r"((?:19|20)\d\d)\s*年", text[:3000]))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    return int(ranked[0][0])


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
    tokens = _tokenise(lines)

    sections: dict[str, tuple[str, int]] = {}  # id -> (heading, line)
    section_ranges: list[tuple[str, int]] = []  # (id, heading line) in order
    raw_tables: dict[str, RawTable] = {}
    reading: list[Finding] = []
    last = -1
    i = 0
    while i < len(tokens):
        t = tokens[i]
        sec = _section_of(t.text, last) if t.value is None and t.first else None
        if sec is not None and sec not in sections:
            sections[sec] = (t.text, t.line)
            section_ranges.append((sec, t.line))
            last = max(last, [s.id for s in SECTIONS].index(sec))
            table = next(s.table for s in SECTIONS if s.id == sec)
            if table is not None and table not in raw_tables:
                raw, i = _read_table(table, tokens, i + 1, t.line)
                if raw.rows or raw.blocks or raw.orphans:
                    raw_tables[table] = raw
                continue
            i += 1
            continue
        anchor = _opens_table(t.text) if t.value is None else None
        if anchor is not None and anchor not in raw_tables:
            raw, end = _read_table(anchor, tokens, i, t.line)
            if raw.rows or raw.blocks:
                raw_tables[anchor] = raw
            last = max(last, [s.table for s in SECTIONS].index(anchor))
            # A table that ends where it starts (its anchor line also reads as another
            # section's heading) consumed nothing: step past the anchor, or this loops.
            i = max(end, i + 1)
            continue
        i += 1

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
    t2 = _t2_version(raw_tables["active"]) if "active" in raw_tables else None
    t3_rows = [r.folded for r in raw_tables["apply"].rows] if "apply" in raw_tables else []
    has_other_items = any(k in f for f in t3_rows for k in ("不补正", "缴纳费用", "收费通知"))
    t3 = Version.V2021 if has_other_items else None
    version = t2 or year_version or t3 or (Version.V2019 if t3_rows else None)

    out = _Out()
    last_table = _last_table(raw_tables)
    if "active" in raw_tables:
        _map_active(
            raw_tables["active"], t2 or version or Version.V2021, out, last_table == "active"
        )
    if "apply" in raw_tables:
        _map_apply(raw_tables["apply"], out, last_table == "apply")
    if "review" in raw_tables:
        _map_review(raw_tables["review"], out, last_table == "review")
    reading.extend(out.findings)

    truncated = _cut_off(lines, sections, out, last_table)

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
        **_front_matter(opening, first_line),
    )


def _last_table(raw_tables: dict[str, RawTable]) -> str | None:
    ended = [k for k, v in raw_tables.items() if v.ended_in_table]
    return ended[0] if ended else None


def _cut_off(
    lines: list[str],
    sections: dict[str, tuple[str, int]],
    out: _Out,
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
