"""What the tests of published reports in their original file formats share: the folder
``shared/fixtures/original/`` (see its ``SOURCES.md``), the row and column ids of the
2021 and 2019 layouts, builders of the expected cells (a number as a Decimal, a cell
printed empty as ``ValueKind.BLANK``), and the assertions on cells and findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from gongkai.core import AnnualReport, Finding, ValueKind

ORIGINAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "original"

#: A cell printed empty (``&nbsp;``, ``<o:p> </o:p>``, an empty or ideographic-space DOCX cell).
B = ValueKind.BLANK

Expect = Decimal | ValueKind

# Column ids in printed order.
T3_COLS = ("np", "le_com", "le_res", "le_soc", "le_law", "le_oth", "total")
T4_COLS = ("upheld", "corrected", "other", "pending", "total")
R21 = ("issued", "repealed", "in_force")  # 2021 Table 2, 第二十条第（一）项
R19 = ("new_made", "new_published", "total_published")  # 2019 Table 2, 第二十条第（一）项
S19 = ("prev_items", "change", "decisions")  # 2019 Table 2, 第二十条第（五）（六）项

# Table 3 row ids, top to bottom, for the 2021 layout (three （六） sub-rows).
T3_ROWS_2021 = (
    "apply.new",
    "apply.carried_in",
    "apply.result.grant",
    "apply.result.partial",
    "apply.result.deny.state_secret",
    "apply.result.deny.law_prohibited",
    "apply.result.deny.security_stability",
    "apply.result.deny.third_party",
    "apply.result.deny.internal_affairs",
    "apply.result.deny.process_info",
    "apply.result.deny.enforcement_file",
    "apply.result.deny.admin_query",
    "apply.result.unable.not_held",
    "apply.result.unable.needs_creation",
    "apply.result.unable.unclear_after_correction",
    "apply.result.reject.petition",
    "apply.result.reject.duplicate",
    "apply.result.reject.publication",
    "apply.result.reject.mass_repetitive",
    "apply.result.reject.confirm_or_reissue",
    "apply.result.other.no_correction",
    "apply.result.other.fee_unpaid",
    "apply.result.other.misc",
    "apply.result.total",
    "apply.carried_out",
)
_OTHER_ITEMS = (
    "apply.result.other.no_correction",
    "apply.result.other.fee_unpaid",
    "apply.result.other.misc",
)
# The same with （六）其他处理 printed as a single row (2019 trial layout).
T3_ROWS_SINGLE_OTHER = tuple(
    "apply.result.other" if r == _OTHER_ITEMS[0] else r
    for r in T3_ROWS_2021
    if r not in _OTHER_ITEMS[1:]
)
T4_ROWS = ("review", "lit_direct", "lit_after_review")

ALL_TABLES = {"active", "apply", "review"}
ALL_SECTIONS = {"sec1", "sec2", "sec3", "sec4", "sec5", "sec6"}


def row(
    prefix: str, cols: tuple[str, ...], values: Sequence[int | str | None]
) -> dict[str, Expect]:
    """Cells of one printed row, in printed order; ``None`` is a cell printed empty."""
    assert len(cols) == len(values), f"{prefix}: {len(values)} values for {len(cols)} columns"
    return {
        f"{prefix}.{c}": B if v is None else Decimal(v) for c, v in zip(cols, values, strict=True)
    }


def table3(
    rows: tuple[str, ...], values: Sequence[Sequence[int | str | None]]
) -> dict[str, Expect]:
    assert len(rows) == len(values)
    cells: dict[str, Expect] = {}
    for prefix, vals in zip(rows, values, strict=True):
        cells |= row(prefix, T3_COLS, vals)
    return cells


def table4(values: Sequence[int | str | None]) -> dict[str, Expect]:
    """The fifteen printed numbers: 行政复议, then 未经复议直接起诉, then 复议后起诉."""
    assert len(values) == 15
    cells: dict[str, Expect] = {}
    for i, prefix in enumerate(T4_ROWS):
        cells |= row(prefix, T4_COLS, values[5 * i : 5 * i + 5])
    return cells


def shown(report: AnnualReport) -> dict[str, Expect]:
    """What the reader read: the number of a numeric cell, else the kind of the cell."""
    return {
        k: v.number if v.kind is ValueKind.NUMBER and v.number is not None else v.kind
        for k, v in report.cells.items()
    }


def assert_cells(report: AnnualReport, expected: dict[str, Expect]) -> None:
    got = shown(report)
    wrong = {
        k: (expected.get(k, "absent"), got.get(k, "absent"))
        for k in sorted(set(expected) | set(got))
        if expected.get(k, "absent") != got.get(k, "absent")
    }
    assert not wrong, "cells (expected, got):\n" + "\n".join(
        f"  {k}: expected {e}, got {g}" for k, (e, g) in wrong.items()
    )


def numbers(message: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", message)


def blank_rows(expected: dict[str, Expect]) -> set[str]:
    """Rows with at least one cell printed empty: each draws one VAL.W001."""
    return {k.rpartition(".")[0] for k, v in expected.items() if v is B}


def only(findings: list[Finding], fid: str) -> list[Finding]:
    return [f for f in findings if f.id == fid]
