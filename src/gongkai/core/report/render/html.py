"""A report as HTML, its three tables in the official layout (the merged cells of the
2021 format, and of the 2019 trial format for older years).

``render_html`` gives a whole page (for download and for PDF); ``render_tables_html``
only the tables (for pages that frame them). Rows the report does not show are left
out, as the text renderer does, so that what is read back is what was rendered.
"""

from __future__ import annotations

from datetime import date
from html import escape

from gongkai.core.report.formats import FORMATS, SECTIONS, TABLE3_COLUMNS, TABLE4_COLUMNS, Version
from gongkai.core.report.model import AnnualReport, Value, ValueKind
from gongkai.core.report.render.closing import closing_lines

__all__ = ["render_html", "render_tables_html"]

CSS = """
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 12pt; line-height: 1.6; }
h1 { font-size: 18pt; text-align: center; font-weight: bold; margin: 0 0 .2em; }
h1 + .body { text-align: center; margin-bottom: 1.2em; }
h2 { font-size: 14pt; font-family: "Noto Sans CJK SC", "SimHei", sans-serif; margin: 1em 0 .4em; }
p { text-indent: 2em; margin: .3em 0; }
table.report { border-collapse: collapse; width: 100%; margin: .4em 0 1em; font-size: 10pt; page-break-inside: auto; }
table.report th, table.report td { border: 0.75pt solid #000; padding: 2pt 4pt; text-align: center; vertical-align: middle; }
table.report td.label { text-align: left; }
table.report td.num { text-align: center; }
tr { page-break-inside: avoid; }
.closing { margin-top: 2em; break-inside: avoid; page-break-inside: avoid; }
.closing p { text-align: right; text-indent: 0; margin: 0; }
"""


def _v(value: Value | None) -> str:
    if value is None or value.kind is ValueKind.BLANK:
        return ""
    if value.kind is ValueKind.NOT_APPLICABLE:
        return escape(value.raw.strip() or "/")
    if value.kind is ValueKind.INVALID:
        return escape(value.raw.strip())
    return str(value.json_number())


def _cells(
    report: AnnualReport, row_id: str, columns: tuple[str, ...]
) -> list[Value | None] | None:
    values = [report.cells.get(f"{row_id}.{c}") for c in columns]
    return None if all(v is None for v in values) else values


def _tds(values: list[Value | None]) -> str:
    return "".join(f'<td class="num">{_v(v)}</td>' for v in values)


def _active(report: AnnualReport, version: Version) -> str:
    out = ['<table class="report" id="table-active">']
    width = 1 + max(len(b.columns) for b in FORMATS[version].table("active").blocks)
    for block in FORMATS[version].table("active").blocks:
        pad = width - 1 - len(block.columns)
        # Each block a row group of its own, kept on one page in print (a few rows).
        out.append('<tbody class="block">')
        out.append(f'<tr><th colspan="{width}">{escape(block.label)}</th></tr>')
        out.append(
            "<tr><th>信息内容</th>"
            + "".join(f"<th>{escape(c.label)}</th>" for c in block.columns)
            + ("<th></th>" * pad)
            + "</tr>"
        )
        for row in block.rows:
            values = _cells(report, row.id, tuple(c.id for c in row.columns))
            if values is not None:
                out.append(
                    f'<tr><td class="label">{escape(row.label)}</td>{_tds(values)}'
                    + ("<td></td>" * pad)
                    + "</tr>"
                )
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _apply_flat(report: AnnualReport, version: Version) -> str:
    """Table 3 with every label on a line of its own (group labels as rows of their own,
    no cells spanning rows): for print, where a label wrapped beside other rows' numbers
    would no longer read as one label in the PDF's text."""
    table = FORMATS[version].table("apply")
    cols = tuple(c.id for c in TABLE3_COLUMNS)
    heads = {g.rows[0]: g for g in table.groups}
    out = [
        '<table class="report flat" id="table-apply">',
        "<thead>",
        '<tr><th rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，<br>等于第三项加第四项之和）</th><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>',
        "<tr>" + "".join(f"<th>{escape(c.label)}</th>" for c in TABLE3_COLUMNS[1:6]) + "</tr>",
        "</thead>",
        "<tbody>",
    ]
    for r in table.rows:
        if r.id == "apply.result.grant":
            out.append(
                '<tr class="lead"><td class="label" colspan="8">三、本年度办理结果</td></tr>'
            )
        if r.id in heads:
            g = heads[r.id]
            own = _cells(report, g.id, cols)
            out.append(
                f'<tr><td class="label">{escape(g.label)}</td>{_tds(own)}</tr>'
                if own
                else f'<tr class="lead"><td class="label">{escape(g.label)}</td><td colspan="7"></td></tr>'
            )
        values = _cells(report, r.id, cols)
        if values is not None:
            indent = ' style="padding-left:2em"' if r.group else ""
            out.append(f'<tr><td class="label"{indent}>{escape(r.label)}</td>{_tds(values)}</tr>')
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _apply(report: AnnualReport, version: Version) -> str:
    table = FORMATS[version].table("apply")
    cols = tuple(c.id for c in TABLE3_COLUMNS)
    groups = {g.rows[0]: g for g in table.groups}
    group_label = {g.id: g.label for g in table.groups}
    result_rows = [
        r for r in table.rows if r.id.startswith("apply.result.") and r.id != "apply.result.total"
    ]
    # The printed rows, in order: (kind, label, group label, values); a group's own row
    # (a subtotal, or the 2019 single （六）) is printed where the format has its label.
    printed: list[tuple[str, str, str | None, list[Value | None]]] = []
    for r in table.rows:
        if r.id in groups:
            g = groups[r.id]
            own = _cells(report, g.id, cols)
            if own is not None:
                printed.append(("result2", g.label, None, own))
        values = _cells(report, r.id, cols)
        if values is None:
            continue
        kind = (
            "result3"
            if r.group
            else ("result2" if r in result_rows or r.id == "apply.result.total" else "top")
        )
        printed.append((kind, r.label, group_label.get(r.group or ""), values))
    out = [
        '<table class="report" id="table-apply">',
        "<thead>",
        '<tr><th colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th colspan="7">申请人情况</th></tr>',
        '<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>',
        "<tr>" + "".join(f"<th>{escape(c.label)}</th>" for c in TABLE3_COLUMNS[1:6]) + "</tr>",
        "</thead>",
        "<tbody>",
    ]
    n_result = sum(1 for k, *_ in printed if k != "top")
    first_result = True
    i = 0
    while i < len(printed):
        kind, label, group, values = printed[i]
        cells = []
        if kind == "top":
            cells.append(f'<td class="label" colspan="3">{escape(label)}</td>')
        else:
            if first_result:
                cells.append(f'<td rowspan="{n_result}">三、本年度办理结果</td>')
                first_result = False
            if kind == "result2":
                cells.append(f'<td class="label" colspan="2">{escape(label)}</td>')
            else:
                if group is not None and (i == 0 or printed[i - 1][2] != group):
                    span = 1
                    while i + span < len(printed) and printed[i + span][2] == group:
                        span += 1
                    cells.append(f'<td rowspan="{span}">{escape(group)}</td>')
                cells.append(f'<td class="label">{escape(label)}</td>')
        out.append("<tr>" + "".join(cells) + _tds(values) + "</tr>")
        i += 1
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _review(report: AnnualReport, version: Version) -> str:
    rows = FORMATS[version].table("review").rows
    labels = "".join(f"<th>{escape(c.label)}</th>" for c in TABLE4_COLUMNS)
    out = [
        '<table class="report" id="table-review">',
        "<thead>",
        '<tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>',
        "<tr>"
        + "".join(f'<th rowspan="2">{escape(c.label)}</th>' for c in TABLE4_COLUMNS)
        + '<th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>',
        f"<tr>{labels}{labels}</tr>",
        "</thead>",
    ]
    values = [report.cells.get(r.cell_id(c)) for r in rows for c in r.columns]
    if any(v is not None for v in values):
        out.append("<tbody><tr>" + _tds(values) + "</tr></tbody>")
    out.append("</table>")
    return "\n".join(out)


def render_tables_html(report: AnnualReport, *, flat: bool = False) -> dict[str, str]:
    """The three tables, by table id, in the official layout (``flat``: Table 3 without
    cells spanning rows, for print)."""
    version = report.format or Version.V2021
    return {
        "active": _active(report, version),
        "apply": _apply_flat(report, version) if flat else _apply(report, version),
        "review": _review(report, version),
    }


PRINT_CSS = """
@page { size: A4 landscape; margin: 15mm 20mm; }
table.report { font-size: 8pt; }
table.report th, table.report td { white-space: nowrap; padding: 1.5pt 3pt; }
h1, h2 { break-after: avoid; page-break-after: avoid; }
thead { display: table-header-group; break-inside: avoid; page-break-inside: avoid; }
thead tr, tr.lead { break-after: avoid; page-break-after: avoid; }
tbody.block { break-inside: avoid; page-break-inside: avoid; }
.closing { break-before: avoid; page-break-before: avoid; }
"""


def render_html(
    report: AnnualReport, *, for_print: bool = False, issued_on: date | None = None
) -> str:
    """The whole report as a page, ending with its closing (the unit and ``issued_on``,
    right-aligned); ``for_print`` lays it out for PDF (A4 landscape, every label on one
    line)."""
    tables = render_tables_html(report, flat=for_print)
    year = f"{report.year}年" if report.year else ""
    title = f"{report.body or ''}{year}政府信息公开工作年度报告"
    parts = [
        "<!doctype html>",
        f'<html lang="zh-Hans"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{CSS}{PRINT_CSS if for_print else ""}</style></head><body>',
        f"<h1>{escape(report.body or '')}</h1>" if report.body else "",
        f"<h1>{escape(year)}政府信息公开工作年度报告</h1>",
    ]
    for sec in SECTIONS:
        parts.append(f"<h2>{escape(sec.title)}</h2>")
        section = report.sections.get(sec.id)
        if sec.table is not None:
            parts.append(tables[sec.table])
        elif section is not None and section.text:
            parts += [
                f"<p>{escape(line)}</p>" for line in section.text.splitlines() if line.strip()
            ]
    closing = closing_lines(report, issued_on)
    if closing:
        parts.append(
            '<div class="closing">' + "".join(f"<p>{escape(c)}</p>" for c in closing) + "</div>"
        )
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p)
