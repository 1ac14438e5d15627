"""Letters laid out as 公文 (GB/T 9704-2012): the HTML of a letter (a whole A4 page for
WeasyPrint, or a fragment for a preview), its PDF and its DOCX, with the document number
under the title, the signature block with a seal placeholder (（印章）) and the contact
line as 附注. The text comes from :func:`gongkai.core.letters.compose`."""

from __future__ import annotations

import io
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.core.letter_model import Letter

__all__ = ["SEAL", "letter_html", "render_letter_docx", "render_letter_pdf"]

SEAL = "（印章）"

# GB/T 9704-2012: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 小标宋 二号
# (22 pt) title, 仿宋 三号 (16 pt) body, 28 pt line spacing. Free fonts stand in.
_TITLE_FONTS = '"FZXiaoBiaoSong-B05S", "方正小标宋简体", "Noto Serif CJK SC", serif'
_BODY_FONTS = '"FangSong", "仿宋", "仿宋_GB2312", "Noto Serif CJK SC", serif'


def letter_html(letter: Letter, *, page: bool = True) -> str:
    """The letter as HTML: a whole A4 page for WeasyPrint, or (``page=False``) a fragment
    for a preview on a web page."""
    paras = "".join(
        f'<p class="{"salutation" if i == 0 else "body"}">{escape(p)}</p>'
        for i, p in enumerate(letter.paragraphs)
    )
    contact = f'<p class="note">（{escape(letter.contact)}）</p>' if letter.contact else ""
    inner = f"""<h1>{escape(letter.title)}</h1><p class="number">{escape(letter.number)}</p>{paras}
<div class="signblock"><div class="seal">{SEAL}</div><p class="sign">{escape(letter.issuer)}</p>
<p class="sign">{escape(letter.date)}</p></div>{contact}"""
    style = f"""
.letter {{ font-family: {_BODY_FONTS}; font-size: 16pt; line-height: 28pt; color: #000; }}
.letter h1 {{ font-family: {_TITLE_FONTS}; font-size: 22pt; line-height: 32pt; text-align: center; font-weight: bold; margin: 0 0 14pt; }}
.letter p {{ margin: 0; text-align: justify; }} .letter p.body {{ text-indent: 2em; }}
.letter p.number {{ text-align: center; margin-bottom: 14pt; }}
.letter .signblock {{ position: relative; margin-top: 56pt; text-align: right; padding-right: 2em; }}
.letter .sign {{ text-align: right; }}
.letter .seal {{ position: absolute; right: 1em; top: -64pt; width: 40mm; height: 40mm; box-sizing: border-box;
  border: 1.5pt solid #c00; border-radius: 50%; color: #c00; font-size: 14pt; line-height: 20pt;
  padding-top: 7mm; text-align: center; }}
.letter p.note {{ margin-top: 28pt; text-indent: 2em; }}
"""
    if not page:
        return f'<style>{style}</style><div class="letter">{inner}</div>'
    return f"""<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}{style}</style></head>
<body class="letter">{inner}</body></html>"""


def render_letter_pdf(letter: Letter) -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string=letter_html(letter)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_letter_docx(letter: Letter) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def run(paragraph, text: str, *, size: int, font: str, bold: bool = False):  # type: ignore[no-untyped-def]
        r = paragraph.add_run(text)
        r.font.size, r.font.bold, r.font.name = Pt(size), bold, font
        r._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        return r

    def para(text: str, *, align=None, indent: bool = False, size: int = 16):  # type: ignore[no-untyped-def]
        p = doc.add_paragraph()
        p.paragraph_format.line_spacing = Pt(28)
        p.paragraph_format.space_after = Pt(0)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        run(p, text, size=size, font="仿宋_GB2312")
        return p

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(title, letter.title, size=22, font="方正小标宋简体", bold=True)
    para(letter.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    for i, text in enumerate(letter.paragraphs):
        para(text, indent=bool(i))
    # The seal placeholder: a bordered square cell, right-aligned above the signature.
    table = doc.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    table.autofit = False
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(Mm(40).twips)))
    width.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(width)
    table.columns[0].width = Mm(40)
    cell = table.cell(0, 0)
    cell.width = Mm(40)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(Mm(40).twips)))
    height.set(qn("w:hRule"), "exact")
    tr_pr.append(height)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "12")
        b.set(qn("w:color"), "CC0000")
        borders.append(b)
    table._tbl.tblPr.append(borders)
    seal = cell.paragraphs[0]
    seal.alignment = WD_ALIGN_PARAGRAPH.CENTER
    seal.paragraph_format.space_before = Pt(40)
    run(seal, SEAL, size=14, font="仿宋_GB2312").font.color.rgb = RGBColor(0xCC, 0, 0)
    for text in (letter.issuer, letter.date):
        para(text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if letter.contact:
        para(f"（{letter.contact}）", indent=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
