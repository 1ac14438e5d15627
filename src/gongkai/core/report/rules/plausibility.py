"""Checks an evaluator makes by eye: Table 2 columns that cannot both be true, a 总计
cell left blank where the row's other cells say what it should be, and the report
naming itself for another year in its opening.

Each is a warning: a document can expire without being repealed, and a blank is a
filling fault, not a wrong number. The messages state the numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from gongkai.core.report.formats import (
    APPLICANT_COLUMNS,
    FORMATS,
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    Version,
)
from gongkai.core.report.model import AnnualReport, Finding, Location, ValueKind
from gongkai.core.report.rules._util import fmt, spec_rows, table_rows, total
from gongkai.core.report.rules.arithmetic import group_terms
from gongkai.core.report.rules.catalogue import make

_STOCK_ROWS = (("active.rules", "规章"), ("active.normative", "行政规范性文件"))
_STOCK_ROWS_2019 = (("active.rules", "规章"), ("active.normative", "规范性文件"))
_COL3 = {c.id: c.label for c in TABLE3_COLUMNS}
_RESULT_GROUPS = ("apply.result.grant", "apply.result.partial")


def check(report: AnnualReport) -> Iterator[Finding]:
    yield from _stock(report)
    yield from _blank_totals(report)
    yield from _named_year(report)


def _t2_location(row: str, label: str, cell: str | None = None) -> Location:
    return Location(
        table="active", table_label="表二", row=row, row_label=label, cell=cell, column=None
    )


def _stock(report: AnnualReport) -> Iterator[Finding]:
    if report.format is Version.V2019:
        for row, label in _STOCK_ROWS_2019:
            made = report.number(f"{row}.new_made")
            new = report.number(f"{row}.new_published")
            cumulative = report.number(f"{row}.total_published")
            if made is None or new is None or cumulative is None:
                continue
            if made > 0 and new == 0 and cumulative == 0:
                yield make(
                    "T2.W003",
                    _t2_location(row, label),
                    f"表二「{label}」本年新制作{fmt(made)}件，但本年新公开为0、对外公开总数量为0",
                )
        return
    if report.format is not Version.V2021:
        return
    for row, label in _STOCK_ROWS:
        issued = report.number(f"{row}.issued")
        in_force = report.number(f"{row}.in_force")
        if issued is None or in_force is None:
            continue
        repealed = report.number(f"{row}.repealed") or Decimal(0)
        if in_force < issued - repealed:
            repealed_text = f"、本年废止{fmt(repealed)}件" if repealed else ""
            yield make(
                "T2.W002",
                _t2_location(row, label, f"{row}.in_force"),
                f"表二「{label}」本年制发{fmt(issued)}件{repealed_text}，"
                f"现行有效却只有{fmt(in_force)}件，少于{fmt(issued - repealed)}件",
            )


def _blank(report: AnnualReport, cell: str) -> bool:
    value = report.cells.get(cell)
    return value is not None and value.kind is ValueKind.BLANK


def _filled(report: AnnualReport, cells: Iterable[str]) -> bool:
    """Whether any of the cells holds a number other than 0: a row of blanks and zeros
    says nothing a 总计 should repeat (the blanks draw VAL.W001 already)."""
    for c in cells:
        value = report.cells.get(c)
        if value is not None and value.number:
            return True
    return False


def _blank_totals(report: AnnualReport) -> Iterator[Finding]:
    rows = spec_rows(report)
    # Table 3: a row's 总计 column (R3), and the （七）总计 row of each column (R1, R2).
    for row_id in report.rows:
        if not row_id.startswith("apply.") or not _blank(report, f"{row_id}.total"):
            continue
        terms = [f"{row_id}.{c}" for c in APPLICANT_COLUMNS]
        if not _filled(report, terms):  # first: a blank form's rows end here
            continue
        expected = total(report, terms)
        if expected is None:
            continue
        label = rows[row_id].label if row_id in rows else row_id
        yield _blank_finding(
            "apply",
            "表三",
            row_id,
            label,
            "total",
            "总计",
            [f"按各类申请人之和（R3）应为{fmt(expected)}"],
        )
    for col in TABLE3_COLUMNS:
        cell = f"apply.result.total.{col.id}"
        if col.id == "total" or not _blank(report, cell):
            continue
        reasons = []
        new, cin = report.number(f"apply.new.{col.id}"), report.number(f"apply.carried_in.{col.id}")
        cout = report.number(f"apply.carried_out.{col.id}")
        flow = [f"apply.new.{col.id}", f"apply.carried_in.{col.id}"]
        if new is not None and cin is not None and cout is not None and _filled(report, flow):
            reasons.append(f"按本年新收加上年结转减结转下年度（R1）应为{fmt(new + cin - cout)}")
        terms = [f"{r}.{col.id}" for r in _RESULT_GROUPS]
        for g in FORMATS[Version.V2021].table("apply").groups:
            part = group_terms(report, g.id, col.id)
            if part is None:
                terms = []
                break
            terms += part
        s = total(report, terms) if terms else None
        if s is not None and _filled(report, terms):
            reasons.append(f"按（一）至（六）之和（R2）应为{fmt(s)}")
        if reasons:
            yield _blank_finding(
                "apply",
                "表三",
                "apply.result.total",
                "（七）总计",
                col.id,
                _COL3[col.id],
                reasons,
            )
    # Table 4: each group's 总计 (R4).
    parts = [c.id for c in TABLE4_COLUMNS if c.id != "total"]
    for row_id, row in table_rows(report, "review"):
        if not _blank(report, f"{row_id}.total"):
            continue
        cells = [f"{row_id}.{c}" for c in parts]
        if not _filled(report, cells):
            continue
        s = total(report, cells)
        if s is not None:
            yield _blank_finding(
                "review",
                "表四",
                row_id,
                row.label,
                "total",
                "总计",
                [f"按结果维持、结果纠正、其他结果、尚未审结之和（R4）应为{fmt(s)}"],
            )


def _blank_finding(
    table: str,
    table_label: str,
    row: str,
    row_label: str,
    column: str,
    column_label: str,
    reasons: list[str],
) -> Finding:
    return make(
        "VAL.W005",
        Location(
            table=table,
            table_label=table_label,
            row=row,
            row_label=row_label,
            column=column,
            column_label=column_label,
            cell=f"{row}.{column}",
        ),
        f"{table_label}「{row_label}」行「{column_label}」栏留空；{'，'.join(reasons)}",
    )


def _named_year(report: AnnualReport) -> Iterator[Finding]:
    if report.named_as is None:
        return
    year, title = report.named_as
    period = report.period_year if report.period_year is not None else report.year
    if period is None or year == period:
        return
    basis = "统计期限" if report.period_year is not None else "标题"
    yield make(
        "META.W004",
        Location(line=1),
        f"报告开头称本报告为《{title}》（{year}年），而{basis}所示为{period}年",
    )
