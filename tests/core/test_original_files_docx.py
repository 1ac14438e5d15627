"""The DOCX reader and the checker against the official 2021 template, blank, as saved
by WPS.

For each file the test pins the issuing body and year as the title prints them, the
format, every cell of the three tables, the exact multiset of finding ids, and the key
numbers of the error findings (helpers in ``original_support``). Every expected value
was read by hand from the file itself, from its ``word/document.xml``; none was taken
from the program.
"""

from __future__ import annotations

from collections import Counter

from gongkai.core import Severity, ValueKind, check, read_report
from original_support import (
    ALL_SECTIONS,
    ALL_TABLES,
    ORIGINAL,
    R21,
    T3_ROWS_2021,
    B,
    Expect,
    assert_cells,
    blank_rows,
    only,
    row,
    table3,
    table4,
)

# --------------------------------------------------------------------------------------
# 06 — the official 2021 template, blank, WPS-saved DOCX
# --------------------------------------------------------------------------------------


def _template_cells() -> dict[str, Expect]:
    cells: dict[str, Expect] = {}
    cells |= row("active.rules", R21, [None, None, None])
    cells |= row("active.normative", R21, [None, None, None])
    cells |= {
        "active.licensing.decisions": B,
        "active.penalty.decisions": B,
        "active.coercion.decisions": B,
        "active.admin_fees.amount_wan": B,
    }
    cells |= table3(T3_ROWS_2021, [[None] * 7 for _ in T3_ROWS_2021])
    cells |= table4([None] * 15)
    return cells


def test_06_official_template_2021_blank_docx() -> None:
    report = read_report(ORIGINAL / "06-official-template-2021-blank.docx")
    findings = check(report)

    # Title 「政府信息公开工作年度报告格式模板」: no body, no year.
    assert report.body is None
    assert report.year is None
    assert report.format is not None and report.format.value == "2021"
    assert set(report.tables) == ALL_TABLES
    assert set(report.sections) == ALL_SECTIONS

    expected = _template_cells()
    assert len(expected) == 10 + 25 * 7 + 15
    assert_cells(report, expected)
    assert all(v.kind is ValueKind.BLANK for v in report.cells.values())

    # Blank everywhere: one VAL.W001 per row (6 + 25 + 3); no sum can fail (blank counts 0,
    # a blank 总计 states nothing); no year, so no format-version rule applies.
    rows = blank_rows(expected)
    assert len(rows) == 6 + 25 + 3
    # Each of the three tables is printed with no value at all: one STRUCT.W006 each.
    assert Counter(f.id for f in findings) == Counter(
        {"VAL.W001": len(rows), "META.W001": 1, "META.W002": 1, "STRUCT.W006": 3}
    )
    assert {f.location.row for f in only(findings, "VAL.W001")} == rows
    assert {f.location.table for f in only(findings, "STRUCT.W006")} == {
        "active",
        "apply",
        "review",
    }
    assert not [f for f in findings if f.severity is Severity.ERROR]
