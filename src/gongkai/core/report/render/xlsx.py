"""A report as an XLSX workbook (openpyxl): one sheet per table in the official shape,
merged cells included, and a sheet with the title and the narrative."""

from __future__ import annotations

import io
from typing import Any

from gongkai.core.report.formats import FORMATS, SECTIONS, TABLE3_COLUMNS, TABLE4_COLUMNS, Version
from gongkai.core.report.model import AnnualReport, Value, ValueKind

__all__ = ["render_xlsx"]


def _v(value: Value | None) -> Any:
    if value is None or value.kind is ValueKind.BLANK:
        return None
    if value.kind in (ValueKind.NOT_APPLICABLE, ValueKind.INVALID):
        return value.raw.strip() or "/"
    return value.json_number()


def render_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    version = report.format or Version.V2021
    spec = FORMATS[version]
    book = Workbook()
    info = book.active
    assert info is not None
    info.title = "报告"
    year = f"{report.year}年" if report.year else ""
    info.append([f"{report.body or ''}{year}政府信息公开工作年度报告"])
    for sec in SECTIONS:
        section = report.sections.get(sec.id)
        info.append([sec.title, section.text if section and sec.table is None else ""])

    sheet = book.create_sheet("表二 主动公开")
    width = 1 + max(len(b.columns) for b in spec.table("active").blocks)
    for block in spec.table("active").blocks:
        sheet.append([block.label])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
        )
        sheet.append(["信息内容", *(c.label for c in block.columns)])
        for r in block.rows:
            values = [report.cells.get(r.cell_id(c)) for c in r.columns]
            if any(v is not None for v in values):
                sheet.append([r.label, *(_v(v) for v in values)])

    sheet = book.create_sheet("表三 依申请公开")
    sheet.append(
        [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            None,
            None,
            "申请人情况",
        ]
    )
    sheet.append([None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"])
    sheet.append([None, None, None, None, *(c.label for c in TABLE3_COLUMNS[1:6]), None])
    sheet.merge_cells("A1:C3")
    sheet.merge_cells("D1:J1")
    sheet.merge_cells("D2:D3")
    sheet.merge_cells("E2:I2")
    sheet.merge_cells("J2:J3")
    table = spec.table("apply")
    heads = {g.rows[0]: g for g in table.groups}
    labels = {g.id: g.label for g in table.groups}
    for r in table.rows:
        if r.id in heads:
            g = heads[r.id]
            own = [report.cells.get(f"{g.id}.{c.id}") for c in TABLE3_COLUMNS]
            if any(v is not None for v in own):
                sheet.append(["三、本年度办理结果", g.label, None, *(_v(v) for v in own)])
        values = [report.cells.get(r.cell_id(c)) for c in TABLE3_COLUMNS]
        if all(v is None for v in values):
            continue
        if r.group in labels:
            sheet.append(["三、本年度办理结果", labels[r.group], r.label, *(_v(v) for v in values)])
        elif r.id.startswith("apply.result."):
            sheet.append(["三、本年度办理结果", r.label, None, *(_v(v) for v in values)])
        else:
            sheet.append([r.label, None, None, *(_v(v) for v in values)])

    sheet = book.create_sheet("表四 复议诉讼")
    cols = [c.label for c in TABLE4_COLUMNS]
    sheet.append(["行政复议", None, None, None, None, "行政诉讼"])
    sheet.append([*cols, "未经复议直接起诉", None, None, None, None, "复议后起诉"])
    sheet.append([None] * 5 + cols + cols)
    for rng in ("A1:E1", "F1:O1", "F2:J2", "K2:O2", *(f"{c}2:{c}3" for c in "ABCDE")):
        sheet.merge_cells(rng)
    rows = spec.table("review").rows
    values = [report.cells.get(r.cell_id(c)) for r in rows for c in r.columns]
    if any(v is not None for v in values):
        sheet.append([_v(v) for v in values])
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
