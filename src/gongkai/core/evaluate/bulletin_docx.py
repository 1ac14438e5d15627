"""A bulletin (通报) as a Word document (python-docx), laid out as GB/T 9704-2012 lays out
an official document: A4, margins 37/35/28/26 mm, the title in 2号小标宋, the body in
3号仿宋 on a fixed 28-point line, first-level headings in 黑体, second-level in 楷体,
the page number 「— 1 —」 in the footer, the annexes on pages of their own after the
signature and date — 附件1 each unit's score, 附件2 its problems. The fonts are named as offices have them installed (方正小标宋简体,
仿宋_GB2312, 黑体, 楷体_GB2312); Word and WPS substitute where one is missing."""

from __future__ import annotations

import io
import re
from typing import Any

from gongkai.core.evaluate.bulletin import Bulletin
from gongkai.core.evaluate.bulletin_text import UNSCORED

__all__ = ["render_bulletin_docx"]

TITLE_FONT, BODY_FONT, HEI, KAI = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
#: A run-in second-level heading: 「（一）抓好问题整改。」
RUN_IN = re.compile(r"^（[一二三四五六七八九十]+）[^。：]{1,40}。")


def _font(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc: Any, *, align: str = "justify", indent: bool = True, line: float = 28) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 3号
    return p


def _text(doc: Any, text: str, *, font: str = BODY_FONT, size: float = 16, **kw: Any) -> Any:
    p = _paragraph(doc, **kw)
    head = RUN_IN.match(text) if font == BODY_FONT else None
    if head:
        _font(p.add_run(head.group(0)), KAI, size)
        text = text[head.end() :]
    _font(p.add_run(text), font, size)
    return p


def _page_setup(doc: Any) -> None:
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    footer = section.footer.paragraphs[0]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), "宋体", 14)
    _field(footer, "PAGE")
    _font(footer.add_run(" —"), "宋体", 14)


def _field(paragraph: Any, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (
        ("begin", None),
        (None, code),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        _font(run, "宋体", 14)
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._element.append(el)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
            run._element.append(el)
        else:
            run.text = text


def _cell(
    cell: Any,
    lines: list[str] | tuple[str, ...],
    *,
    size: float = 12,
    bold: bool = False,
    center: bool = False,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cell.text = ""
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(line), HEI if bold else BODY_FONT, size)


def _table(
    doc: Any,
    header: list[str],
    rows: list[list[list[str]]],
    widths: list[float],
    *,
    size: float = 12,
    centered: tuple[int, ...] = (),
) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the grid's: set both. Rows are added one
    # at a time and their cells taken once (``table.rows[i]`` walks the whole table).
    for j, w in enumerate(widths):
        table.columns[j].width = Mm(w)
    head = table.rows[0].cells
    for j, h in enumerate(header):
        _cell(head[j], [h], size=size, bold=True, center=True)
        head[j].width = Mm(widths[j])
    for row in rows:
        cells = table.add_row().cells
        for j, lines in enumerate(row):
            _cell(cells[j], lines, size=size, center=j in centered)
            cells[j].width = Mm(widths[j])


def _annex_page(doc: Any, label: str, title: str) -> None:
    from docx.enum.text import WD_BREAK

    _paragraph(doc, indent=False).add_run().add_break(WD_BREAK.PAGE)
    _text(doc, label, font=HEI, indent=False)
    _text(doc, title, font=TITLE_FONT, size=22, align="center", indent=False, line=35)
    _text(doc, "", indent=False)


def render_bulletin_docx(b: Bulletin) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    _page_setup(doc)
    if b.number:
        _text(doc, b.number, align="center", indent=False)
    _text(doc, b.title, font=TITLE_FONT, size=22, align="center", indent=False, line=35)
    _text(doc, "", indent=False)
    if b.recipients:
        _text(doc, b.recipients, indent=False)
    _text(doc, b.opening)
    for part in b.parts:
        _text(doc, part.heading, font=HEI)
        for paragraph in part.paragraphs:
            _text(doc, paragraph)
        if part.table == "grades" and b.grades:
            if b.grades_title:
                _text(doc, b.grades_title, font=HEI, size=14, align="center", indent=False)
            _table(
                doc,
                ["等次", "分数段", "单位数", "单位"],
                [[[g.grade], [g.band], [str(g.count)], [g.named]] for g in b.grades],
                [19, 40, 18, 79],
                size=12,
                centered=(0, 1, 2),
            )
    if b.closing:
        _text(doc, b.closing)
    _text(doc, "", indent=False)
    # 附件说明: the second name aligned under the first (GB/T 9704, 7.3.4).
    _text(doc, f"附件：1.{b.scores_title}")
    p = _text(doc, f"2.{b.problems_title}")
    p.paragraph_format.first_line_indent = Pt(80)
    for _ in range(2):
        _text(doc, "", indent=False)
    _signature(doc, b)
    _annex_page(doc, "附件1", b.scores_title)
    _table(
        doc,
        ["序号", "单位", "年度", "得分", "等次"],
        [
            [[str(i)], [r.unit], [r.year], [r.score], [r.grade]]
            for i, r in enumerate(b.annex, start=1)
        ],
        [14, 80, 20, 20, 22],
        size=12,
        centered=(0, 2, 3, 4),
    )
    _annex_page(doc, "附件2", b.problems_title)
    for i, r in enumerate(b.annex, start=1):
        said = f"{r.score}分，{r.grade}" if r.grade != UNSCORED else r.grade
        head = _text(doc, f"{i}.{r.unit}（{said}）", size=14, line=24)
        for run in head.runs:
            run.font.bold = True
        for problem in r.problems:
            _text(doc, problem, size=14, line=24)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _signature(doc: Any, b: Bulletin) -> None:
    from docx.shared import Pt

    for text in (b.issuer, b.date):
        p = _text(doc, text, align="right", indent=False)
        p.paragraph_format.right_indent = Pt(64)  # 右空四字
