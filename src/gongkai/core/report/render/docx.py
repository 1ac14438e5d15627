"""A report as a Word document (python-docx): title, the narrative sections, and the
three tables in the official shapes with their merged cells. Rows the report does not
show are left out, as the other renderers do."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from gongkai.core.report.formats import FORMATS, SECTIONS, TABLE3_COLUMNS, TABLE4_COLUMNS, Version
from gongkai.core.report.model import AnnualReport, Value, ValueKind
from gongkai.core.report.render.closing import closing_lines

__all__ = ["render_docx"]


def _v(value: Value | None) -> str:
    if value is None or value.kind is ValueKind.BLANK:
        return ""
    if value.kind in (ValueKind.NOT_APPLICABLE, ValueKind.INVALID):
        return value.raw.strip() or "/"
    return str(value.json_number())


def _set(cell: Any, text: str) -> None:
    cell.text = text


def _active(doc: Any, report: AnnualReport, version: Version) -> None:
    blocks = FORMATS[version].table("active").blocks
    width = 1 + max(len(b.columns) for b in blocks)
    rows: list[tuple[str, list[str]]] = []
    for b in blocks:
        rows.append(("block", [b.label]))
        rows.append(("head", ["信息内容", *(c.label for c in b.columns)]))
        for r in b.rows:
            values = [report.cells.get(r.cell_id(c)) for c in r.columns]
            if any(v is not None for v in values):
                rows.append(("data", [r.label, *(_v(v) for v in values)]))
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for i, (kind, texts) in enumerate(rows):
        cells = table.rows[i].cells
        if kind == "block":
            merged = cells[0].merge(cells[width - 1])
            _set(merged, texts[0])
        else:
            for j, t in enumerate(texts):
                _set(cells[j], t)


def _apply(doc: Any, report: AnnualReport, version: Version) -> None:
    spec = FORMATS[version].table("apply")
    heads = {g.rows[0]: g for g in spec.groups}
    labels = {g.id: g.label for g in spec.groups}
    cols = [c.id for c in TABLE3_COLUMNS]
    printed: list[tuple[str, str, str | None, list[str]]] = []
    for r in spec.rows:
        if r.id in heads:
            g = heads[r.id]
            own = [report.cells.get(f"{g.id}.{c}") for c in cols]
            if any(v is not None for v in own):
                printed.append(("result2", g.label, None, [_v(v) for v in own]))
        values = [report.cells.get(f"{r.id}.{c}") for c in cols]
        if all(v is None for v in values):
            continue
        kind = (
            "result3" if r.group else ("top" if not r.id.startswith("apply.result.") else "result2")
        )
        printed.append((kind, r.label, labels.get(r.group or ""), [_v(v) for v in values]))
    table = doc.add_table(rows=3 + len(printed), cols=10)
    table.style = "Table Grid"
    head = table.rows
    _set(
        head[0].cells[0].merge(head[2].cells[2]),
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    )
    _set(head[0].cells[3].merge(head[0].cells[9]), "申请人情况")
    _set(head[1].cells[3].merge(head[2].cells[3]), "自然人")
    _set(head[1].cells[4].merge(head[1].cells[8]), "法人或其他组织")
    _set(head[1].cells[9].merge(head[2].cells[9]), "总计")
    for j, c in enumerate(TABLE3_COLUMNS[1:6]):
        _set(head[2].cells[4 + j], c.label)
    results = [i for i, p in enumerate(printed) if p[0] != "top"]
    for i, (kind, label, _group, texts) in enumerate(printed):
        row = table.rows[3 + i].cells
        if kind == "top":
            _set(row[0].merge(row[2]), label)
        elif kind == "result2":
            _set(row[1].merge(row[2]), label)
        else:
            _set(row[2], label)
        for j, text in enumerate(texts):
            _set(row[3 + j], text)
    if results:
        first, last = 3 + results[0], 3 + results[-1]
        _set(table.rows[first].cells[0].merge(table.rows[last].cells[0]), "三、本年度办理结果")
        i = 0
        while i < len(printed):
            group = printed[i][2]
            if printed[i][0] == "result3" and group is not None:
                j = i
                while j + 1 < len(printed) and printed[j + 1][2] == group:
                    j += 1
                _set(table.rows[3 + i].cells[1].merge(table.rows[3 + j].cells[1]), group)
                i = j + 1
            else:
                i += 1


def _review(doc: Any, report: AnnualReport, version: Version) -> None:
    rows = FORMATS[version].table("review").rows
    values = [report.cells.get(r.cell_id(c)) for r in rows for c in r.columns]
    shown = any(v is not None for v in values)
    table = doc.add_table(rows=4 if shown else 3, cols=15)
    table.style = "Table Grid"
    r0, r1, r2 = table.rows[0].cells, table.rows[1].cells, table.rows[2].cells
    _set(r0[0].merge(r0[4]), "行政复议")
    _set(r0[5].merge(r0[14]), "行政诉讼")
    for j, c in enumerate(TABLE4_COLUMNS):
        _set(table.rows[1].cells[j].merge(table.rows[2].cells[j]), c.label)
    _set(r1[5].merge(r1[9]), "未经复议直接起诉")
    _set(r1[10].merge(r1[14]), "复议后起诉")
    for j, c in enumerate(TABLE4_COLUMNS):
        _set(r2[5 + j], c.label)
        _set(r2[10 + j], c.label)
    if shown:
        for j, v in enumerate(values):
            _set(table.rows[3].cells[j], _v(v))


def render_docx(report: AnnualReport, *, issued_on: date | None = None) -> bytes:
    """The report as a 公文 (GB/T 9704-2012): A4 with its margins, the title in 小标宋
    二号, headings in 黑体 三号, text in 仿宋 三号 (free Noto CJK fonts stand in where those
    are missing), the three tables with their merged cells, the issuing body and date."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "仿宋_GB2312", Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")

    def para(
        text: str,
        *,
        size: int = 16,
        font: str = "仿宋_GB2312",
        bold: bool = False,
        align: Any = None,
        indent: bool = False,
    ) -> None:
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        run = p.add_run(text)
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    version = report.format or Version.V2021
    if report.body:
        para(
            report.body, size=22, font="方正小标宋简体", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
    year = f"{report.year}年" if report.year else ""
    para(
        f"{year}政府信息公开工作年度报告",
        size=22,
        font="方正小标宋简体",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    for sec in SECTIONS:
        para(sec.title, font="黑体")
        if sec.table == "active":
            _active(doc, report, version)
        elif sec.table == "apply":
            _apply(doc, report, version)
        elif sec.table == "review":
            _review(doc, report, version)
        else:
            section_text = report.sections.get(sec.id)
            for line in section_text.text.splitlines() if section_text else []:
                if line.strip():
                    para(line, indent=True)
    # The closing (落款): the unit, then the date, right-aligned under the last section.
    closing = closing_lines(report, issued_on)
    if closing:
        doc.add_paragraph()  # a blank line between the text and the closing
    for line in closing:
        para(line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for r in p.runs:
                        r.font.size = Pt(10.5)  # 五号 in tables
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
