"""R6 and R7: what a cell may hold."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from gongkai.core.report.formats import Column, Kind, Row
from gongkai.core.report.model import AnnualReport, Finding, Location, Value, ValueKind
from gongkai.core.report.rules._util import TABLE_NAMES, column_of, fmt, spec_rows
from gongkai.core.report.rules.catalogue import make


def check(report: AnnualReport) -> Iterator[Finding]:
    blanks: dict[str, list[str]] = defaultdict(list)
    marks: dict[str, list[str]] = defaultdict(list)
    for cell, value in report.cells.items():
        if value.kind is ValueKind.NUMBER and value.raw.isdigit():
            continue  # digits only: a whole number, not negative, no unit; most cells
        found = column_of(report, cell)
        if found is None:
            continue
        row, col = found
        # Most cells are plain counts: the location and the wording are made only for
        # a cell that has something to say.
        if value.kind is ValueKind.BLANK:
            blanks[row.id].append(col.label)
        elif value.kind is ValueKind.NOT_APPLICABLE:
            marks[row.id].append(col.label)
        elif value.kind is ValueKind.INVALID:
            yield _cell_finding(
                "VAL.E001", row, col, cell, value, f"填写「{value.raw.strip()}」，不是数字"
            )
        elif value.number is not None:
            n = value.number
            if n < 0 and col.kind is not Kind.DELTA:
                yield _cell_finding("VAL.E002", row, col, cell, value, f"为负数{fmt(n)}")
            elif col.kind is not Kind.AMOUNT and n != n.to_integral_value():
                yield _cell_finding("VAL.E003", row, col, cell, value, f"为{fmt(n)}，件数应为整数")
            if col.id == "amount_wan" and value.unit == "元":
                wan = n / Decimal(10000)
                yield _cell_finding(
                    "VAL.W003",
                    row,
                    col,
                    cell,
                    value,
                    f"填写「{value.raw.strip()}」，单位是元而本栏以万元计（折合{fmt(wan)}万元）",
                )
    for rows, rule, what in (
        (blanks, "VAL.W001", "空白"),
        (marks, "VAL.W002", "以「/」或「—」填写"),
    ):
        for row_id, labels in rows.items():
            shape = report.rows.get(row_id)
            table = row_id.split(".")[0]
            label = _row_label(report, row_id)
            yield make(
                rule,
                Location(
                    table=table,
                    table_label=TABLE_NAMES.get(table),
                    row=row_id,
                    row_label=label,
                    line=shape.line if shape else None,
                ),
                f"{TABLE_NAMES.get(table, '')}「{label}」行有{len(labels)}个单元格{what}（{'、'.join(labels)}），应填0",
            )


def _cell_finding(rule: str, row: Row, col: Column, cell: str, value: Value, what: str) -> Finding:
    """A finding about one cell: its location, and ``what`` after the cell's name."""
    table = row.table or cell.split(".")[0]
    loc = Location(
        table=table,
        table_label=TABLE_NAMES.get(table),
        row=row.id,
        row_label=row.label,
        column=col.id,
        column_label=col.label,
        cell=cell,
        line=value.line,
    )
    return make(rule, loc, f"{TABLE_NAMES.get(table, '')}「{row.label}」行「{col.label}」栏{what}")


def _row_label(report: AnnualReport, row_id: str) -> str:
    row = spec_rows(report).get(row_id)
    return row.label if row else row_id
