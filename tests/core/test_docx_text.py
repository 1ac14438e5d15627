"""The DOCX reader's paragraph text is python-docx's ``Paragraph.text``, for every kind of
run content, in the official template and in a document made to hold them all."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from gongkai.core import ParseError
from gongkai.core.report.parse.docx import docx_to_text, paragraph_text
from gongkai.core.report.render import render_docx
from support import SHARED, model

TEMPLATE = SHARED / "fixtures" / "original" / "06-official-template-2021-blank.docx"


def _every_kind_of_run_content() -> bytes:
    document = docx.Document()
    p = document.add_paragraph("申请人\t情况")  # a tab
    p.add_run("第一行\n第二行")  # a line break
    p.add_run("分页").add_break(WD_BREAK.PAGE)  # a page break: no text
    p.add_run("分栏").add_break(WD_BREAK.COLUMN)
    run = p.add_run("软回车")
    for tag in ("w:cr", "w:noBreakHyphen", "w:ptab"):
        run._r.append(OxmlElement(tag))
    empty_t = OxmlElement("w:t")  # <w:t/> holds no text
    run._r.append(empty_t)
    link = OxmlElement("w:hyperlink")
    link_run = OxmlElement("w:r")
    link_text = OxmlElement("w:t")
    link_text.text = "链接文字"
    link_run.append(link_text)
    link.append(link_run)
    p._p.append(link)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(0, 0).text = "合并\t单元格"
    inner = table.cell(1, 2).add_table(rows=1, cols=2)  # a table nested in a cell
    inner.cell(0, 1).text = "嵌套"
    document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraphs(data: bytes) -> list:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = parse_xml(z.read("word/document.xml"))
    return list(root.iter(qn("w:p")))


@pytest.mark.parametrize(
    "data",
    [TEMPLATE.read_bytes(), _every_kind_of_run_content(), render_docx(model())],
    ids=["official-template", "every-run-content", "rendered"],
)
def test_paragraph_text_is_python_docx_text(data):
    paragraphs = _paragraphs(data)
    assert paragraphs
    for p in paragraphs:
        assert paragraph_text(p) == Paragraph(p, None).text  # type: ignore[arg-type]


def test_every_kind_of_run_content_reads_as_text():
    text = docx_to_text(_every_kind_of_run_content())
    assert text.splitlines() == [
        "申请人 情况第一行 第二行分页分栏软回车 - 链接文字",
        "| 合并 单元格 |  |",
        "|  |  | 嵌套 |",
    ]


def test_a_package_without_a_body_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
        )
    with pytest.raises(ParseError):
        docx_to_text(out.getvalue())
