"""Letters to applicants: the reply (答复书) for each outcome with its legal basis, the
correction notice (补正告知书), the extension notice (延期答复告知书) and the consultation
letter (征求意见函) — default texts, filled from the application's facts, laid out as
公文 (GB/T 9704-2012: A4; title in 小标宋 二号, body in 仿宋 三号, with free fallbacks).

Templates are plain text with ``{placeholders}``; a unit may keep its own wording
(the web layer stores it) and falls back to these.
"""

from __future__ import annotations

import io
import string
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from gongkai.core.errors import GongkaiError

__all__ = [
    "DEFAULT_TEMPLATES",
    "PLACEHOLDERS",
    "Letter",
    "LetterError",
    "LetterKind",
    "fill",
    "render_letter_docx",
    "render_letter_pdf",
    "template_key",
]


class LetterKind(StrEnum):
    REPLY = "reply"
    CORRECTION = "correction"
    EXTENSION = "extension"
    CONSULTATION = "consultation"


class LetterError(GongkaiError):
    """A template that cannot be filled (an unknown placeholder, a stray brace)."""


#: What a template may use.
PLACEHOLDERS = {
    "applicant": "申请人姓名或名称",
    "unit": "答复机关",
    "received": "收到申请日期",
    "description": "所申请的信息",
    "tracking_code": "查询码",
    "legal_basis": "法律依据",
    "date": "发文日期",
    "deadline": "补正或答复期限",
    "days": "延长的工作日数",
    "due": "延长后的答复期限",
    "party": "被征求意见的第三方或机关",
}

_REPLY_TITLE = "政府信息公开申请答复书"
_OPENING = "{applicant}：\n本机关于{received}收到您（单位）提出的政府信息公开申请（查询码：{tracking_code}），申请获取“{description}”。"
_CLOSING = "如对本答复不服，可以自收到本答复书之日起六十日内依法申请行政复议，或者自收到本答复书之日起六个月内依法提起行政诉讼。"

#: (kind, outcome group or "") -> (title, body)
DEFAULT_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    ("reply", "grant"): (
        _REPLY_TITLE,
        _OPENING
        + "\n经审查，您申请获取的政府信息属于公开范围，根据{legal_basis}的规定，现予以公开，相关信息随本答复书提供。\n"
        + _CLOSING,
    ),
    ("reply", "partial"): (
        _REPLY_TITLE,
        _OPENING
        + "\n经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理。根据{legal_basis}的规定，本机关向您提供可以公开的部分。\n"
        + _CLOSING,
    ),
    ("reply", "deny"): (
        _REPLY_TITLE,
        _OPENING
        + "\n经审查，您申请获取的政府信息依法不予公开，理由和依据为：{legal_basis}。\n"
        + _CLOSING,
    ),
    ("reply", "unable"): (
        _REPLY_TITLE,
        _OPENING
        + "\n经检索查找，本机关无法提供您申请获取的政府信息，依据为：{legal_basis}。\n"
        + _CLOSING,
    ),
    ("reply", "reject"): (
        _REPLY_TITLE,
        _OPENING + "\n经审查，您的申请依法不予处理，依据为：{legal_basis}。\n" + _CLOSING,
    ),
    ("reply", "other"): (
        _REPLY_TITLE,
        _OPENING + "\n本机关对您的申请作如下处理：{legal_basis}。\n" + _CLOSING,
    ),
    ("correction", ""): (
        "政府信息公开申请补正告知书",
        "{applicant}：\n本机关于{received}收到您（单位）提出的政府信息公开申请（查询码：{tracking_code}）。经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您于{deadline}前对申请作出补正，写明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。\n答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    ("extension", ""): (
        "政府信息公开申请延期答复告知书",
        "{applicant}：\n本机关于{received}收到您（单位）提出的政府信息公开申请（查询码：{tracking_code}）。因需要延长答复期限，经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，答复期限延长{days}个工作日，本机关将于{due}前作出答复。",
    ),
    ("consultation", ""): (
        "政府信息公开征求意见函",
        "{party}：\n本机关于{received}收到政府信息公开申请（查询码：{tracking_code}），申请获取“{description}”。该信息公开可能损害你方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你方意见，请于收到本函之日起十五个工作日内书面提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开。",
    ),
}


def template_key(kind: str, outcome: str = "") -> tuple[str, str]:
    """The template a letter uses: replies by outcome group (apply.result.<group>…)."""
    if kind != LetterKind.REPLY:
        return (kind, "")
    parts = outcome.split(".")
    return (kind, parts[2] if len(parts) > 2 else "other")


@dataclass(frozen=True)
class Letter:
    title: str
    paragraphs: tuple[str, ...]
    issuer: str
    date: str  # as printed: 2024年10月10日


def fill(title: str, body: str, values: dict[str, str], *, issuer: str, date: str) -> Letter:
    """A letter from a template and the application's facts. Raises LetterError for a
    placeholder the template may not use."""
    for _, name, _, _ in string.Formatter().parse(title + body):
        if name is not None and name not in PLACEHOLDERS:
            raise LetterError(
                f"模板中的「{{{name}}}」不是可用的占位符；可用："
                + "、".join(f"{{{k}}}" for k in PLACEHOLDERS)
            )
    try:
        text = body.format(**{k: values.get(k, "") for k in PLACEHOLDERS})
        heading = title.format(**{k: values.get(k, "") for k in PLACEHOLDERS})
    except (ValueError, IndexError) as err:
        raise LetterError(f"模板无法填写：{err}（大括号须成对，占位符写作{{applicant}}）") from None
    return Letter(heading, tuple(p.strip() for p in text.splitlines() if p.strip()), issuer, date)


# GB/T 9704-2012: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 小标宋 二号
# (22 pt) title, 仿宋 三号 (16 pt) body, 28 pt line spacing. Free fonts stand in.
_TITLE_FONTS = '"FZXiaoBiaoSong-B05S", "方正小标宋简体", "Noto Serif CJK SC", serif'
_BODY_FONTS = '"FangSong", "仿宋", "仿宋_GB2312", "Noto Serif CJK SC", serif'


def _html(letter: Letter) -> str:
    paras = "".join(
        f'<p class="{"salutation" if i == 0 else "body"}">{escape(p)}</p>'
        for i, p in enumerate(letter.paragraphs)
    )
    return f"""<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {_BODY_FONTS}; font-size: 16pt; line-height: 28pt; }}
h1 {{ font-family: {_TITLE_FONTS}; font-size: 22pt; text-align: center; font-weight: bold; margin: 0 0 28pt; }}
p {{ margin: 0; text-align: justify; }} p.body {{ text-indent: 2em; }}
.sign {{ text-align: right; margin-top: 28pt; }}
</style></head><body><h1>{escape(letter.title)}</h1>{paras}
<p class="sign">{escape(letter.issuer)}</p><p class="sign" style="margin-top:0">{escape(letter.date)}</p></body></html>"""


def render_letter_pdf(letter: Letter) -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string=_html(letter)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_letter_docx(letter: Letter) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def run(paragraph, text: str, *, size: int, font: str, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
        r = paragraph.add_run(text)
        r.font.size, r.font.bold, r.font.name = Pt(size), bold, font
        r._element.rPr.rFonts.set(qn("w:eastAsia"), font)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(title, letter.title, size=22, font="方正小标宋简体", bold=True)
    for i, text in enumerate(letter.paragraphs):
        p = doc.add_paragraph()
        p.paragraph_format.line_spacing = Pt(28)
        if i:
            p.paragraph_format.first_line_indent = Pt(32)
        run(p, text, size=16, font="仿宋_GB2312")
    for text in (letter.issuer, letter.date):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run(p, text, size=16, font="仿宋_GB2312")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
