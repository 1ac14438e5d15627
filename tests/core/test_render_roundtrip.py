"""Render, then read back: every fixture's report comes back with exactly the same
cells (numbers and blank / 「/」 / unreadable kinds), body, year and format, through
text, HTML, DOCX and PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.core import read_report
from gongkai.core.report.parse.files import InputKind, detect_kind, read_report_bytes
from gongkai.core.report.render import (
    render_docx,
    render_html,
    render_markdown,
    render_pdf,
    render_text,
    render_xlsx,
)
from support import FIXTURE_REPORTS, SEED, SHARED

ORIGINALS = sorted(
    p
    for p in (SHARED / "fixtures" / "original").iterdir()
    if p.suffix in (".html", ".pdf", ".docx")
)
SOURCES = [SEED, *FIXTURE_REPORTS, *ORIGINALS]
RENDERERS = {
    "text": (lambda r: render_text(r).encode("utf-8"), InputKind.TEXT),
    "html": (lambda r: render_html(r).encode("utf-8"), InputKind.HTML),
    "markdown": (lambda r: render_markdown(r).encode("utf-8"), InputKind.TEXT),
    "docx": (render_docx, InputKind.DOCX),
    "pdf": (render_pdf, InputKind.PDF),
}


def _cells(report):
    return {k: (v.kind, v.number) for k, v in report.cells.items()}


@pytest.mark.parametrize("kind", list(RENDERERS))
@pytest.mark.parametrize("path", SOURCES, ids=lambda p: Path(p).name)
def test_render_then_read_gives_the_same_report(path, kind):
    report = read_report(path)
    render, expected_kind = RENDERERS[kind]
    data = render(report)
    assert detect_kind(data) is expected_kind
    back = read_report_bytes(data, source=f"roundtrip.{kind}")
    assert _cells(back) == _cells(report)
    assert (back.body, back.year, back.format) == (report.body, report.year, report.format)


def test_the_seed_has_cells_to_lose():
    # Guards the test above against passing vacuously on empty reports.
    assert len(read_report(SEED).cells) == 179
    assert sum(len(read_report(p).cells) for p in ORIGINALS) > 900


def test_xlsx_has_one_sheet_per_table_in_the_official_shape():
    from io import BytesIO

    from openpyxl import load_workbook

    report = read_report(SEED)
    book = load_workbook(BytesIO(render_xlsx(report)))
    assert book.sheetnames == ["报告", "表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
    t3 = book["表三 依申请公开"]
    assert {str(r) for r in t3.merged_cells.ranges} >= {"A1:C3", "D1:J1", "D2:D3", "E2:I2", "J2:J3"}
    rows = {
        r[0] if r[1] is None or r[0] != "三、本年度办理结果" else (r[2] or r[1]): r[3:]
        for r in t3.iter_rows(min_row=4, values_only=True)
    }
    assert rows["一、本年新收政府信息公开申请数量"] == (52, 0, 2, 0, 0, 0, 52)
    assert rows["（六）其他处理"] == (0, 0, 0, 0, 0, 0, 0)
    assert "3.要求提供公开出版物" not in rows  # the row the report does not show in full
    t4 = list(book["表四 复议诉讼"].iter_rows(min_row=4, values_only=True))
    assert t4 == [(0,) * 15]
    t2 = {r[0]: r[1:] for r in book["表二 主动公开"].iter_rows(values_only=True)}
    assert t2["行政规范性文件"][:3] == (6, 11, 56) and t2["行政事业性收费"][0] == 142
