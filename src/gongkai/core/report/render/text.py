"""A report as plain text, tables as 「|」 rows with the official labels.

The text reader reads the result back to the same body, year, format and cells.
A row the report shows no cell of is left out (as the source left it out or the
reader could not place its cells); a cell missing from a shown row is printed blank.
"""

from __future__ import annotations

from datetime import date

from gongkai.core.report.formats import (
    FORMATS,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    Column,
    Version,
)
from gongkai.core.report.model import AnnualReport, Value, ValueKind
from gongkai.core.report.render.closing import closing_lines

__all__ = ["render_text"]


def _cell(v: Value | None) -> str:
    if v is None or v.kind is ValueKind.BLANK:
        return ""
    if v.kind is ValueKind.NOT_APPLICABLE:
        return "/"
    if v.kind is ValueKind.INVALID:
        return v.raw.strip()
    return str(v.json_number())


def _row(report: AnnualReport, label: str, row_id: str, columns: tuple[Column, ...]) -> list[str]:
    """The row as one line, or nothing when the report shows none of its cells."""
    values = [report.cells.get(f"{row_id}.{c.id}") for c in columns]
    if all(v is None for v in values):
        return []
    return [f"| {label} | " + " | ".join(_cell(v) for v in values) + " |"]


def render_text(report: AnnualReport, *, issued_on: date | None = None) -> str:
    spec = FORMATS[report.format or Version.V2021]
    year = f"{report.year}年" if report.year else ""
    out = [f"{report.body or ''}{year}政府信息公开工作年度报告", ""]
    for sec in SECTIONS:
        out.append(sec.title)
        section = report.sections.get(sec.id)
        if section and section.text and sec.table is None:
            out.append(section.text)
        if sec.table == "active":
            for block in spec.table("active").blocks:
                out.append(f"| {block.label} |")
                out.append("| 信息内容 | " + " | ".join(c.label for c in block.columns) + " |")
                for r in block.rows:
                    out += _row(report, r.label, r.id, r.columns)
        elif sec.table == "apply":
            table = spec.table("apply")
            out.append(
                "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |"
            )
            out.append("| | 自然人 | 法人或其他组织 | 总计 |")
            out.append("| | | " + " | ".join(c.label for c in TABLE3_COLUMNS[1:6]) + " | |")
            heads = {g.rows[0]: g for g in table.groups}
            for r in table.rows:
                if r.id == "apply.result.grant":
                    out.append("| 三、本年度办理结果 |")
                if r.id in heads:
                    g = heads[r.id]
                    out += _row(report, g.label, g.id, TABLE3_COLUMNS) or [f"| {g.label} |"]
                out += _row(report, r.label, r.id, TABLE3_COLUMNS)
        elif sec.table == "review":
            labels = " | ".join(c.label for c in TABLE4_COLUMNS)
            out.append("| 行政复议 | 行政诉讼 |")
            out.append(f"| {labels} | 未经复议直接起诉 | 复议后起诉 |")
            out.append(f"| {labels} | {labels} |")
            rows = spec.table("review").rows
            if any(r.cell_id(c) in report.cells for r in rows for c in r.columns):
                out.append(
                    "| "
                    + " | ".join(
                        _cell(report.cells.get(r.cell_id(c))) for r in rows for c in r.columns
                    )
                    + " |"
                )
        out.append("")
    out += closing_lines(report, issued_on)  # the closing (落款): the unit, the date
    return "\n".join(out) + "\n"
