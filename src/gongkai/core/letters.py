"""Letters to applicants and consulted parties: the reply (答复书) for each outcome with its
legal basis, the correction notice (补正告知书), the extension notice (延期答复告知书) and the
consultation letters (征求第三方意见函 under Art. 32, 征求其他机关意见函 under Art. 34) —
laid out as 公文 (GB/T 9704-2012: A4; title in 小标宋 二号, body in 仿宋 三号, with free
fallbacks), with the document number (发文字号) under the title, the signature block with a
seal placeholder (（印章）) and the contact line as 附注.

Two parts, kept apart on purpose:

- the **statutory skeleton** (:func:`compose`): what the law makes each letter say, filled
  from what the clerk entered — the items to correct, the withheld parts and the legal
  basis, the consulted party and whether it is a third party or another agency. Not
  editable: an office's wording can never drop what the clerk wrote.
- the **office's wording** (:class:`Wording`): the free paragraphs — extra notes, the
  closing, the signature block, the contact line — with a few placeholders
  (:data:`WORDING_PLACEHOLDERS`), checked by :func:`wording_check` when saved.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from html import escape

from gongkai.core.errors import GongkaiError

__all__ = [
    "DEFAULT_NUMBER_PATTERN",
    "DEFAULT_WORDING",
    "WORDING_PLACEHOLDERS",
    "Letter",
    "LetterError",
    "LetterFacts",
    "LetterKind",
    "PartyKind",
    "Wording",
    "cn_date",
    "compose",
    "letter_html",
    "number_check",
    "number_format",
    "quote_request",
    "render_letter_docx",
    "render_letter_pdf",
    "wording_check",
]


class LetterKind(StrEnum):
    REPLY = "reply"
    CORRECTION = "correction"
    EXTENSION = "extension"
    CONSULTATION = "consultation"


class PartyKind(StrEnum):
    """Whom a consultation asks: a third party (Art. 32) or another agency (Art. 34)."""

    THIRD_PARTY = "third_party"
    AGENCY = "agency"


class LetterError(GongkaiError):
    """Wording that cannot be used (an unknown placeholder, a stray brace), or a number
    pattern without its counter."""


SEAL = "（印章）"

#: What the office's wording may use, with what each stands for.
#: Named in Chinese: the office types them into its wording.
WORDING_PLACEHOLDERS = {
    "机关名称": "本机关名称",
    "发文日期": "发文日期",
    "文号": "本文书的文号",
    "查询码": "申请的查询码",
}

#: The number pattern when neither the unit nor one above it set one.
DEFAULT_NUMBER_PATTERN = "依申〔{年份}〕{序号}号"
NUMBER_PLACEHOLDERS = {"年份": "发文年份", "序号": "本单位本年的顺序号"}


@dataclass(frozen=True)
class Wording:
    """The free paragraphs of one kind of letter, as a unit's office wrote them."""

    notes: str = ""  # extra paragraphs after the statutory text
    closing: str = ""  # 特此答复。
    signature: str = "{机关名称}"  # the issuer's name in the signature block
    contact: str = ""  # 附注: 联系人、联系电话


DEFAULT_WORDING: dict[str, Wording] = {
    LetterKind.REPLY: Wording(closing="特此答复。"),
    LetterKind.CORRECTION: Wording(closing="特此告知。"),
    LetterKind.EXTENSION: Wording(closing="特此告知。"),
    LetterKind.CONSULTATION: Wording(closing="特此函告。"),
}


@dataclass(frozen=True)
class LetterFacts:
    """What a letter says about its application and its step, as the clerk entered it."""

    kind: str
    date: dt.date  # the step's date in the ledger: the letter is dated with it
    number: str  # 文号
    unit: str
    tracking_code: str
    applicant: str = ""
    organisation: bool = False  # the applicant is a legal person or other organisation
    received: dt.date | None = None
    description: str = ""
    outcome: str = ""  # reply: the Table 3 row id
    legal_basis: str = ""  # reply
    withheld: str = ""  # reply, partial: what is withheld
    items: str = ""  # correction: 需补正的事项, one a line
    deadline: dt.date | None = None  # correction: the applicant's deadline
    days: int | None = None  # extension
    reason: str = ""  # extension
    due: str = ""  # extension: the new due date as printed
    party: str = ""  # consultation: the addressee
    party_kind: str = PartyKind.THIRD_PARTY


@dataclass(frozen=True)
class Letter:
    title: str
    number: str
    paragraphs: tuple[str, ...]  # the first is the salutation
    issuer: str
    date: str  # as printed: 2024年10月10日
    contact: str = ""  # 附注, printed under the date


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


_TRAILING = "。．.！!？?；;，,、：:…  \t\r\n"


def _clause(text: str) -> str:
    """Entered text to be set inside a sentence: trimmed, without its closing stop."""
    return text.strip().rstrip(_TRAILING).strip()


def quote_request(description: str) -> str:
    """The request as quoted in a letter: 「申请获取“…”。」 with one full stop, whatever the
    applicant ended it with (。！？. or nothing). Line breaks inside become spaces."""
    return "“" + " ".join(_clause(description).split()) + "”"


_NUMBERED = re.compile(
    r"^\s*(\d+[.．、)）]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)"
)
_CN_NUMERALS = "一二三四五六七八九十"


def _items(text: str) -> list[str]:
    """The entered items, one a paragraph; several unnumbered lines are numbered （一）（二）…"""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and not any(_NUMBERED.match(line) for line in lines):
        lines = [
            f"（{_CN_NUMERALS[i] if i < 10 else i + 1}）{line}" for i, line in enumerate(lines)
        ]
    return [line if line[-1] in "。！？；.;" else line + "。" for line in lines]


_REMEDY = (
    "如对本答复不服，可以自收到本答复书之日起六十日内依法申请行政复议，"
    "或者自收到本答复书之日起六个月内依法提起行政诉讼。"
)
_REPLY_TEXT = {
    "grant": "经审查，您申请获取的政府信息属于公开范围，根据{basis}的规定，现予以公开，相关信息随本答复书提供。",
    "deny": "经审查，您申请获取的政府信息依法不予公开，理由和依据为：{basis}。",
    "unable": "经检索查找，本机关无法提供您申请获取的政府信息，依据为：{basis}。",
    "reject": "经审查，您的申请依法不予处理，依据为：{basis}。",
    "other": "本机关对您的申请作如下处理：{basis}。",
}


def _outcome_group(outcome: str) -> str:
    parts = outcome.split(".")
    return parts[2] if len(parts) > 2 else "other"


def _opening(f: LetterFacts) -> str:
    """The first sentence: the applicant is addressed as 您, an organisation as 贵单位 —
    never the form's 「您（单位）」, which left the choice to the reader."""
    you = "贵单位" if f.organisation else "您"
    received = cn_date(f.received) if f.received else "近日"
    return (
        f"本机关于{received}收到{you}提出的政府信息公开申请（查询码：{f.tracking_code}），"
        f"申请获取{quote_request(f.description)}。"
    )


def _skeleton(f: LetterFacts) -> tuple[str, str, list[str]]:
    """(title, addressee, statutory paragraphs) of the letter."""
    basis = _clause(f.legal_basis)
    if f.kind == LetterKind.REPLY:
        group = _outcome_group(f.outcome)
        if group == "partial":
            withheld = _clause(f.withheld) or "不应当公开的内容"
            text = (
                "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，"
                f"但能够作区分处理。其中，{withheld}不予公开，依据为{basis or '相关法律法规'}。"
                "根据《中华人民共和国政府信息公开条例》第三十七条的规定，"
                "本机关向您提供可以公开的部分，相关信息随本答复书提供。"
            )
        else:
            text = _REPLY_TEXT.get(group, _REPLY_TEXT["other"]).format(basis=basis)
        return ("政府信息公开申请答复书", f.applicant, [_opening(f), text, _REMEDY])
    if f.kind == LetterKind.CORRECTION:
        deadline = cn_date(f.deadline) if f.deadline else "规定期限"
        items = _items(f.items) or [
            "写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。"
        ]
        return (
            "政府信息公开申请补正告知书",
            f.applicant,
            [
                _opening(f) + "经审查，您的申请内容不明确，请对以下事项作出补正：",
                *items,
                "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您于"
                f"{deadline}前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起计算。"
                "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            ],
        )
    if f.kind == LetterKind.EXTENSION:
        reason = _clause(f.reason)
        why = (
            f"因{reason.removeprefix('因')}，本机关不能在规定期限内作出答复。"
            if reason
            else "因需要延长答复期限，"
        )
        return (
            "政府信息公开申请延期答复告知书",
            f.applicant,
            [
                _opening(f),
                f"{why}经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》"
                f"第三十三条第二款的规定，答复期限延长{f.days or ''}个工作日，本机关将于{f.due}前作出答复。",
            ],
        )
    if f.kind == LetterKind.CONSULTATION:
        received = cn_date(f.received) if f.received else "近日"
        opening = (
            f"本机关于{received}收到一件政府信息公开申请（查询码：{f.tracking_code}），"
            f"申请获取{quote_request(f.description)}。"
        )
        if f.party_kind == PartyKind.AGENCY:
            return (
                "政府信息公开征求其他机关意见函",
                f.party,
                [
                    opening + "经审查，该政府信息涉及贵机关。根据《中华人民共和国政府信息公开条例》"
                    "第三十四条的规定，现征求贵机关意见，请于收到本函之日起十五个工作日内"
                    "书面提出是否同意公开的意见。逾期未提出意见的，视为同意公开。"
                ],
            )
        return (
            "政府信息公开征求第三方意见函",
            f.party,
            [
                opening
                + "经审查，该政府信息公开可能损害第三方合法权益。根据《中华人民共和国政府信息公开条例》"
                "第三十二条的规定，现书面征求你方意见，请于收到本函之日起十五个工作日内书面提出意见；"
                "不同意公开的，请说明理由。逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
            ],
        )
    raise LetterError(f"未知的文书种类：{f.kind}")


def _check(text: str, allowed: dict[str, str], what: str) -> None:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text)]
    except ValueError:
        raise LetterError(
            f"{what}中的大括号须成对，占位符写作 {{机关名称}} 这样；要写大括号本身，请写两个（{{{{）。"
        ) from None
    for name in names:
        if name is not None and name not in allowed:
            raise LetterError(
                f"{what}中的「{{{name}}}」不是可用的占位符。可用的占位符："
                + "、".join(f"{{{k}}}（{v}）" for k, v in allowed.items())
            )


_WORDING_FIELDS = {
    "notes": "其他说明",
    "closing": "结束语",
    "signature": "落款",
    "contact": "联系方式",
}


def wording_check(wording: Wording) -> None:
    """Raise LetterError, in Chinese, naming the part and the placeholder, for wording
    that could not be filled."""
    for field, what in _WORDING_FIELDS.items():
        _check(getattr(wording, field), WORDING_PLACEHOLDERS, f"「{what}」")


def number_check(pattern: str) -> None:
    """A number pattern must hold its counter ``{序号}`` (else two letters share a number)."""
    _check(pattern, NUMBER_PLACEHOLDERS, "「文号格式」")
    if "{序号}" not in pattern:
        raise LetterError(
            "「文号格式」须含顺序号占位符 {序号}，例如：示发改依申〔{年份}〕{序号}号。"
        )


def number_format(pattern: str, *, year: int, n: int) -> str:
    number_check(pattern)
    return pattern.format(**{"年份": year, "序号": n})


def _fill(text: str, values: dict[str, str]) -> str:
    return text.format(**values).strip() if text else ""


def compose(facts: LetterFacts, wording: Wording | None = None) -> Letter:
    """The letter: the statutory skeleton filled from the facts, then the office's notes
    and closing, the signature block and the contact line."""
    wording = wording or DEFAULT_WORDING.get(facts.kind, Wording())
    wording_check(wording)
    if not wording.signature.strip():
        wording = replace(wording, signature="{机关名称}")
    values = {
        "机关名称": facts.unit,
        "发文日期": cn_date(facts.date),
        "文号": facts.number,
        "查询码": facts.tracking_code,
    }
    title, addressee, body = _skeleton(facts)
    notes = [p.strip() for p in _fill(wording.notes, values).splitlines() if p.strip()]
    closing = _fill(wording.closing, values)
    return Letter(
        title=title,
        number=facts.number,
        paragraphs=(f"{addressee.strip()}：", *body, *notes, *([closing] if closing else [])),
        issuer=_fill(wording.signature, values),
        date=cn_date(facts.date),
        contact=re.sub(r"\s*\n\s*", "　", _fill(wording.contact, values)),
    )


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
