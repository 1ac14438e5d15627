"""The PDF reader on PDFs made for the purpose: table cells broken over lines, a
table running over pages with running headers and page numbers, content drawn inside
form XObjects, a page turned by /Rotate, and damaged files.

The PDFs are printed from HTML by WeasyPrint (as the published reports are printed
from word processors) and rearranged with pypdfium2; the expected text is what the
page shows."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from weasyprint import HTML

from gongkai.core import ParseError, read_report
from gongkai.core.report.parse.files import read_report_bytes
from gongkai.core.report.parse.pdf import pdf_to_text
from gongkai.core.report.render import render_docx, render_pdf
from support import SEED


def _pdf(body: str, page_css: str = "size: A5; margin: 2cm") -> bytes:
    css = (
        f"@page {{ {page_css} }}"
        " table { border-collapse: collapse }"
        " td { border: 1px solid black; padding: 2px 4px; font-size: 11pt }"
    )
    pdf = HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>")
    data = pdf.write_pdf()
    assert data is not None
    return bytes(data)


def _plain_text(data: bytes) -> str:
    """PDFium's own text of the whole file, line breaks where the page breaks lines."""
    pdf = pdfium.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in pdf)


def _cells(report):
    return {k: (v.kind, v.number) for k, v in report.cells.items()}


def test_a_number_wrapped_in_a_narrow_cell_is_rejoined():
    data = _pdf(
        "<table><tr><td>行政处罚</td>"
        '<td style="width: 1.2em; word-break: break-all">3985758</td>'
        "<td>件</td></tr></table>"
    )
    assert "3985758" not in _plain_text(data).replace(" ", "")  # printed over lines
    assert pdf_to_text(data).splitlines() == ["| 行政处罚 | 3985758 | 件 |"]


def test_a_label_printed_one_character_per_line_is_rejoined():
    data = _pdf(
        '<table><tr><td style="width: 1em">三、本年度办理结果</td><td>（一）予以公开</td>'
        "<td>12</td></tr></table>"
    )
    assert pdf_to_text(data).splitlines() == ["| 三、本年度办理结果 | （一）予以公开 | 12 |"]


def test_a_table_over_pages_without_running_headers_and_page_numbers():
    rows = "".join(f"<tr><td>第{n}行</td><td>{n * 7}</td></tr>" for n in range(1, 61))
    data = _pdf(
        f"<p>表格前的说明</p><table>{rows}</table><p>表格后的说明</p>",
        page_css=(
            "size: A6; margin: 2cm 1.5cm;"
            ' @top-center { content: "某某县人民政府办公室" }'
            ' @bottom-center { content: "- " counter(page) " -" }'
        ),
    )
    assert len(pdfium.PdfDocument(data)) >= 3
    shown = _plain_text(data)
    assert "某某县人民政府办公室" in shown and "- 2 -" in shown
    lines = pdf_to_text(data).splitlines()
    assert lines == [
        "表格前的说明",
        *(f"| 第{n}行 | {n * 7} |" for n in range(1, 61)),
        "表格后的说明",
    ]


def test_a_libreoffice_pdf_keeps_its_lines_whole(tmp_path):
    """LibreOffice sets the punctuation of Chinese text in another font than the
    characters around it; a line's characters must still read as one line (a box from
    each font's own descent put the commas a line of their own)."""
    import subprocess

    docx = tmp_path / "r.docx"
    seed = read_report(SEED)
    docx.write_bytes(render_docx(seed))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/p",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    data = (tmp_path / "r.pdf").read_bytes()
    lines = pdf_to_text(data).splitlines()
    assert "（一）加强组织领导" in lines
    assert not [line for line in lines if re.fullmatch(r"[\s，。、；：（）“”]+", line)]
    opening = next(line for line in lines if "兴隆县人民政府坚持以习近平新时代中国特色" in line)
    assert "，" in opening  # the comma stays in its line
    back = read_report_bytes(data, source="libreoffice.pdf")
    shown = {k: (v.kind, v.number) for k, v in back.cells.items()}
    expected = _cells(seed)
    # Tables 2 and 3 come back whole. (LibreOffice sets the heading of Table 4 so close
    # under Table 3 that the heading's box reaches into the table and is not read as
    # text, so Table 4 is not found -- as with pdfminer's boxes before.)
    assert {k: v for k, v in shown.items() if k.startswith(("active.", "apply."))} == {
        k: v for k, v in expected.items() if k.startswith(("active.", "apply."))
    }


def _rearranged(data: bytes, *, rotate: bool) -> bytes:
    """Each page of ``data`` drawn as a form XObject on a new page: shrunk and moved,
    or turned a quarter so that the new page, turned back by /Rotate 90, shows it
    upright."""
    src = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    for i in range(len(src)):
        width, height = src[i].get_size()
        obj = src.page_as_xobject(i, out).as_pageobject()
        if rotate:
            page = out.new_page(height, width)
            obj.set_matrix(pdfium.PdfMatrix().rotate(-90).translate(height, 0))
        else:
            page = out.new_page(width, height)
            obj.set_matrix(pdfium.PdfMatrix().scale(0.9, 0.8).translate(25, 40))
        page.insert_obj(obj)
        page.gen_content()
        if rotate:
            page.set_rotation(90)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_tables_drawn_inside_form_xobjects_are_read():
    report = read_report(SEED)
    data = _rearranged(render_pdf(report), rotate=False)
    back = read_report_bytes(data, source="forms.pdf")
    assert len(back.cells) == 179
    assert _cells(back) == _cells(report)


def test_a_page_turned_by_rotate_is_read():
    # Such pages are read by pdfplumber (PDFium's character boxes are not pdfminer's
    # there); their text comes out upright.
    data = _rearranged(render_pdf(read_report(SEED)), rotate=True)
    lines = pdf_to_text(data).splitlines()
    assert "2023年政府信息公开工作年度报告" in lines
    assert "二、主动公开政府信息情况" in lines


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.6, 0.95])
def test_a_cut_off_pdf_raises_parse_error(fraction):
    data = render_pdf(read_report(SEED))
    with pytest.raises(ParseError, match="PDF"):
        read_report_bytes(data[: int(len(data) * fraction)], source="cut.pdf")


@pytest.mark.parametrize("seed", range(12))
def test_a_pdf_with_damaged_bytes_is_read_or_raises_parse_error(seed):
    data = bytearray(render_pdf(read_report(SEED)))
    rng = random.Random(seed)
    for _ in range(rng.choice([1, 20, 400])):
        at = rng.randrange(16, len(data))  # past the header: still a PDF
        data[at] = rng.randrange(256)
    try:
        report = read_report_bytes(bytes(data), source="damaged.pdf")
    except ParseError as err:
        assert err.source == "damaged.pdf"
    else:
        assert report.source == "damaged.pdf"


def test_a_pdf_without_text_raises_parse_error():
    data = _pdf('<div style="width: 5cm; height: 3cm; border: 2px solid black"></div>')
    with pytest.raises(ParseError, match="没有可提取的文字"):
        pdf_to_text(data, source="scan.pdf")


def test_page_numbers_in_common_forms_are_dropped():
    pages = "".join(
        f'<div style="page-break-after: always"><p>第{n}部分正文</p><p>{number}</p></div>'
        for n, number in enumerate(["1", "第 2 页", "3 / 4", "第4页 共4页"], start=1)
    )
    lines = pdf_to_text(_pdf(pages)).splitlines()
    assert lines == [f"第{n}部分正文" for n in range(1, 5)]
    assert not any(re.search(r"\d+\s*/\s*\d+|页", line) for line in lines)


def test_a_damaged_page_tree_read_through_the_fallback_is_a_parse_error():
    """Found by the long fuzz run (fuzz/fuzz_pdf.py): a real report with its page dictionary
    damaged goes to pdfplumber's fallback, which refuses it; closing pdfplumber then walked
    the pages again and let its PdfminerException escape instead of the ParseError."""
    data = (Path(__file__).parent / "regressions" / "pdf-fallback-close.pdf").read_bytes()
    with pytest.raises(ParseError, match="无法读取PDF第1页"):
        read_report_bytes(data, source="damaged.pdf")
