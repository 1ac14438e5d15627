"""A report as Markdown: headings, the narrative, and the tables as pipe tables (Markdown
has no merged cells, so a group's label, such as （三）不予公开, stands on a row of its own
above its numbered rows)."""

from __future__ import annotations

from datetime import date

from gongkai.core.report.formats import FORMATS, SECTIONS, TABLE3_COLUMNS, TABLE4_COLUMNS, Version
from gongkai.core.report.model import AnnualReport, Value, ValueKind
from gongkai.core.report.render.closing import closing_lines

__all__ = ["render_markdown"]


def _v(value: Value | None) -> str:
    if value is None or value.kind is ValueKind.BLANK:
        return " "
    if value.kind in (ValueKind.NOT_APPLICABLE, ValueKind.INVALID):
        return value.raw.strip().replace("|", "｜") or "/"
    return str(value.json_number())


def _row(label: str, values: list[Value | None]) -> str:
    return f"| {label} | " + " | ".join(_v(v) for v in values) + " |"


def render_markdown(report: AnnualReport, *, issued_on: date | None = None) -> str:
    version = report.format or Version.V2021
    spec = FORMATS[version]
    year = f"{report.year}年" if report.year else ""
    out = [f"# {report.body or ''}{year}政府信息公开工作年度报告", ""]
    for sec in SECTIONS:
        out += [f"## {sec.title}", ""]
        if sec.table == "active":
            for block in spec.table("active").blocks:
                out += [
                    f"**{block.label}**",
                    "",
                    "| 信息内容 | " + " | ".join(c.label for c in block.columns) + " |",
                ]
                out.append("|" + "---|" * (len(block.columns) + 1))
                for r in block.rows:
                    values = [report.cells.get(r.cell_id(c)) for c in r.columns]
                    if any(v is not None for v in values):
                        out.append(_row(r.label, values))
                out.append("")
        elif sec.table == "apply":
            table = spec.table("apply")
            out += [
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                "",
                "| 申请人情况 | " + " | ".join(c.label for c in TABLE3_COLUMNS) + " |",
                "|" + "---|" * (len(TABLE3_COLUMNS) + 1),
            ]
            heads = {g.rows[0]: g for g in table.groups}
            for r in table.rows:
                if r.id in heads:
                    # The group's label on a row of its own (with its cells where the
                    # report prints the group as one row, as the 2019 （六） is).
                    g = heads[r.id]
                    own = [report.cells.get(f"{g.id}.{c.id}") for c in TABLE3_COLUMNS]
                    out.append(
                        _row(g.label, own) if any(v is not None for v in own) else f"| {g.label} |"
                    )
                values = [report.cells.get(r.cell_id(c)) for c in TABLE3_COLUMNS]
                if any(v is not None for v in values):
                    out.append(_row(r.label, values))
            out.append("")
        elif sec.table == "review":
            rows = spec.table("review").rows
            values = [report.cells.get(r.cell_id(c)) for r in rows for c in r.columns]
            columns = [
                f"{r.label} {c.label}" if r.id != "review" else f"行政复议 {c.label}"
                for r in rows
                for c in TABLE4_COLUMNS
            ]
            out += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
            if any(v is not None for v in values):
                out.append("| " + " | ".join(_v(v) for v in values) + " |")
            out.append("")
        else:
            section = report.sections.get(sec.id)
            if section and section.text:
                out += [section.text, ""]
    # The closing (落款): Markdown cannot align right, so each is a paragraph of its own.
    for line in closing_lines(report, issued_on):
        out += [line, ""]
    return "\n".join(out) + "\n"
