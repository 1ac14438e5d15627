"""Small helpers shared by the rule modules."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import cache

from gongkai.core.report.formats import FORMATS, LE_SUBTOTAL, TABLE3_COLUMNS, Column, Row, Version
from gongkai.core.report.model import AnnualReport

TABLE_NAMES = {"active": "表二", "apply": "表三", "review": "表四"}


def fmt(n: Decimal) -> str:
    """A number as a report prints it: 52, 7730.28, -8."""
    if n == n.to_integral_value():
        return str(int(n))
    return format(n.normalize(), "f")


def total(report: AnnualReport, cells: Iterable[str]) -> Decimal | None:
    """The sum of the cells as printed, or None if any is not shown or unreadable."""
    terms = report.terms
    s = Decimal(0)
    for c in cells:
        v = terms.get(c)
        if v is None:
            return None
        s += v
    return s


def spec_rows(report: AnnualReport) -> dict[str, Row]:
    """Every row the report's format has, and the Table 3 group rows a report may print."""
    return _spec_rows(report.format or Version.V2021)


@cache
def _spec_rows(version: Version) -> dict[str, Row]:
    rows = dict(FORMATS[version].rows)
    for g in FORMATS[Version.V2021].table("apply").groups:
        rows.setdefault(g.id, Row(g.id, g.label, TABLE3_COLUMNS, g.match, table="apply"))
    return rows


def table_rows(report: AnnualReport, table: str) -> tuple[tuple[str, Row], ...]:
    """The (id, row) pairs of :func:`spec_rows` in one table, in their order."""
    return _table_rows(report.format or Version.V2021, table)


@cache
def _table_rows(version: Version, table: str) -> tuple[tuple[str, Row], ...]:
    return tuple((k, r) for k, r in _spec_rows(version).items() if r.table == table)


def column_of(report: AnnualReport, cell: str) -> tuple[Row, Column] | None:
    return _column_of(report.format or Version.V2021, cell)


@cache
def _column_of(version: Version, cell: str) -> tuple[Row, Column] | None:
    rows = _spec_rows(version)
    row_id, _, col_id = cell.rpartition(".")
    row = rows.get(row_id)
    if row is None:
        for v in FORMATS.values():
            if row_id in v.rows:
                row = v.rows[row_id]
                break
    if row is None:
        return None
    if col_id == LE_SUBTOTAL.id:
        return row, LE_SUBTOTAL
    col = next((c for c in row.columns if c.id == col_id), None)
    return (row, col) if col else None
