"""R1–R4 and the subtotal rules: the sums a report's tables must satisfy."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gongkai.core.report.formats import (
    APPLICANT_COLUMNS,
    FORMATS,
    LEGAL_ENTITY_COLUMNS,
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    Version,
)
from gongkai.core.report.model import AnnualReport, Finding, Location
from gongkai.core.report.rules._util import fmt, total
from gongkai.core.report.rules.catalogue import make

_APPLY = FORMATS[Version.V2021].table("apply")
_LABEL = {r.id: r.label for r in _APPLY.rows} | {g.id: g.label for g in _APPLY.groups}
_COL = {c.id: c.label for c in TABLE3_COLUMNS}
_RESULT_PARTS = ("apply.result.grant", "apply.result.partial")
_GROUPS = {g.id: g for g in _APPLY.groups}


def _loc(row: str, col: str | None = None, line: int | None = None) -> Location:
    return Location(
        table="apply",
        table_label="表三",
        row=row,
        row_label=_LABEL.get(row),
        column=col,
        column_label=_COL.get(col) if col else None,
        cell=f"{row}.{col}" if col else None,
        line=line,
    )


def _line(report: AnnualReport, row: str) -> int | None:
    shape = report.rows.get(row)
    return shape.line if shape else None


def group_terms(report: AnnualReport, group: str, col: str) -> list[str] | None:
    """The cells that make up a result group in one column: its numbered rows if the report
    prints them all, else the group's own printed row (the 2019 single （六） row)."""
    g = _GROUPS[group]
    items = [f"{r}.{col}" for r in g.rows]
    if all(c in report.cells for c in items):
        return items
    if f"{group}.{col}" in report.cells:
        return [f"{group}.{col}"]
    return None


def check(report: AnnualReport) -> Iterator[Finding]:
    yield from _r1(report)
    yield from _r2(report)
    yield from _r3(report)
    yield from _subtotals(report)
    yield from _r4(report)


def _r1(report: AnnualReport) -> Iterator[Finding]:
    for c in (col.id for col in TABLE3_COLUMNS):
        new, cin = report.number(f"apply.new.{c}"), report.number(f"apply.carried_in.{c}")
        res, cout = (
            report.number(f"apply.result.total.{c}"),
            report.number(f"apply.carried_out.{c}"),
        )
        if None in (new, cin, res, cout):
            continue
        assert new is not None and cin is not None and res is not None and cout is not None
        if new + cin != res + cout:
            yield make(
                "T3.E001",
                Location(table="apply", table_label="表三", column=c, column_label=_COL[c]),
                f"「{_COL[c]}」列：本年新收{fmt(new)}加上年结转{fmt(cin)}为{fmt(new + cin)}，"
                f"办理结果总计{fmt(res)}加结转下年度{fmt(cout)}为{fmt(res + cout)}，两者不等",
            )


def _r2(report: AnnualReport) -> Iterator[Finding]:
    for c in (col.id for col in TABLE3_COLUMNS):
        stated = report.number(f"apply.result.total.{c}")
        if stated is None:
            continue
        terms = [f"{r}.{c}" for r in _RESULT_PARTS]
        for g in _APPLY.groups:
            part = group_terms(report, g.id, c)
            if part is None:
                terms = []
                break
            terms += part
        if not terms:
            continue
        s = total(report, terms)
        if s is not None and s != stated:
            yield make(
                "T3.E002",
                _loc("apply.result.total", c, _line(report, "apply.result.total")),
                f"「{_COL[c]}」列：（一）至（六）各项办理结果合计{fmt(s)}，「（七）总计」为{fmt(stated)}",
            )


def _r3(report: AnnualReport) -> Iterator[Finding]:
    for row in report.rows:
        if not row.startswith("apply."):
            continue
        stated = report.number(f"{row}.total")
        s = total(report, (f"{row}.{c}" for c in APPLICANT_COLUMNS))
        if stated is None or s is None or s == stated:
            continue
        yield make(
            "T3.E003",
            _loc(row, "total", _line(report, row)),
            f"「{_LABEL.get(row, row)}」行：各类申请人合计{fmt(s)}，总计栏为{fmt(stated)}",
        )


def _subtotals(report: AnnualReport) -> Iterator[Finding]:
    for row in report.rows:
        if not row.startswith("apply."):
            continue
        stated = report.number(f"{row}.le_subtotal")
        s = total(report, (f"{row}.{c}" for c in LEGAL_ENTITY_COLUMNS))
        if stated is not None and s is not None and s != stated:
            yield make(
                "T3.E004",
                Location(
                    table="apply",
                    table_label="表三",
                    row=row,
                    row_label=_LABEL.get(row),
                    column="le_subtotal",
                    column_label="法人或其他组织小计",
                    cell=f"{row}.le_subtotal",
                    line=_line(report, row),
                ),
                f"「{_LABEL.get(row, row)}」行：法人或其他组织五类合计{fmt(s)}，小计栏为{fmt(stated)}",
            )
    for g in _APPLY.groups:
        for c in (col.id for col in TABLE3_COLUMNS):
            stated = report.number(f"{g.id}.{c}")
            items = [f"{r}.{c}" for r in g.rows]
            if stated is None or not all(i in report.cells for i in items):
                continue
            s = total(report, items)
            if s is not None and s != stated:
                yield make(
                    "T3.E005",
                    _loc(g.id, c, _line(report, g.id)),
                    f"「{g.label}」小计行「{_COL[c]}」列为{fmt(stated)}，其下各项合计{fmt(s)}",
                )


def _r4(report: AnnualReport) -> Iterator[Finding]:
    table = FORMATS[Version.V2021].table("review")
    parts = [c.id for c in TABLE4_COLUMNS if c.id != "total"]
    for row in table.rows:
        stated = report.number(f"{row.id}.total")
        s = total(report, (f"{row.id}.{c}" for c in parts))
        if stated is None or s is None or s == stated:
            continue
        detail = "、".join(
            f"{c.label}{fmt(report.number(row.cell_id(c)) or Decimal(0))}"
            for c in TABLE4_COLUMNS
            if c.id != "total"
        )
        yield make(
            "T4.E001",
            Location(
                table="review",
                table_label="表四",
                row=row.id,
                row_label=row.label,
                column="total",
                column_label="总计",
                cell=f"{row.id}.total",
                line=_line(report, row.id),
            ),
            f"「{row.label}」：{detail}，合计{fmt(s)}，总计栏为{fmt(stated)}",
        )
