"""Finding the tables: where each section starts, and each statutory table's rows.

Section headings split the text; a table section's rows are read from its heading on.
A table anchor (「第二十条第（一）项」, 「本列数据的勾稽关系」) finds a table that no heading
announces. A heading that names a table section but is followed by prose (a narrative
before an annex) holds no table: the table is then found by its anchor further on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.core.report.formats import SECTIONS
from gongkai.core.report.parse.headings import opens_table, section_of
from gongkai.core.report.parse.rows import RawTable, read_table
from gongkai.core.report.parse.table4 import opens_review_at
from gongkai.core.report.parse.tokens import Token

__all__ = ["Found", "find_tables"]

_SECTION_IDS = [s.id for s in SECTIONS]
_SECTION_TABLES = [s.table for s in SECTIONS]


@dataclass
class Found:
    sections: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (heading, line)
    ranges: list[tuple[str, int]] = field(default_factory=list)  # (id, heading line) in order
    tables: dict[str, RawTable] = field(default_factory=dict)


def find_tables(tokens: list[Token]) -> Found:
    found = Found()
    sections, raw_tables = found.sections, found.tables
    last = -1
    i = 0
    while i < len(tokens):
        t = tokens[i]
        sec = section_of(t.text, last) if t.value is None and t.first else None
        if sec is not None and sec not in sections:
            sections[sec] = (t.text, t.line)
            found.ranges.append((sec, t.line))
            last = max(last, _SECTION_IDS.index(sec))
            table = _SECTION_TABLES[_SECTION_IDS.index(sec)]
            if table is not None and table not in raw_tables:
                raw, i = read_table(table, tokens, i + 1, t.line)
                if raw.rows or raw.blocks or raw.orphans:
                    raw_tables[table] = raw
                continue
            i += 1
            continue
        anchor = opens_table(t.text) if t.value is None else None
        if anchor is None and t.value is None and "复" in t.text and opens_review_at(tokens, i):
            anchor = "review"
        if anchor is not None and anchor not in raw_tables:
            raw, end = read_table(anchor, tokens, i, t.line)
            if raw.rows or raw.blocks:
                raw_tables[anchor] = raw
            last = max(last, _SECTION_TABLES.index(anchor))
            # A table that ends where it starts (its anchor line also reads as another
            # section's heading) consumed nothing: step past the anchor, or this loops.
            i = max(end, i + 1)
            continue
        i += 1
    return found
