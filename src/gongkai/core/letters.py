"""Letters to applicants and consulted parties: the reply (答复书) for each outcome with its
legal basis, the correction notice (补正告知书), the extension notice (延期答复告知书) and the
consultation letters (征求第三方意见函 under Art. 32, 征求其他机关意见函 under Art. 34) —
laid out as 公文 (GB/T 9704-2012: A4; title in 小标宋 二号, body in 仿宋 三号, with free
fallbacks), with the document number (发文字号) under the title, the signature block with a
seal placeholder (（印章）) and the contact line as 附注.

Two parts, kept apart on purpose:

- the **statutory skeleton** (:func:`compose`): what the law makes each letter say, filled
  from what the clerk entered — the items to correct, the withheld parts and the legal
  basis, the consulted party and whether it is a third party or another agency — and the
  reply's remedy paragraph naming the review body and the court (:mod:`gongkai.core.remedy`).
  Not editable: an office's wording can never drop what the clerk wrote. A placeholder
  with no value stops the letter (:class:`LetterIncomplete`) instead of leaving a gap.
- the layout (:mod:`gongkai.core.letter_render`): HTML, PDF, DOCX.
- the **office's wording** (:class:`Wording`): the free paragraphs — extra notes, the
  closing, the signature block, the contact line — with a few placeholders
  (:data:`WORDING_PLACEHOLDERS`), checked by :func:`wording_check` when saved.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from gongkai.core.errors import GongkaiError
from gongkai.core.letter_render import (
    SEAL,
    letter_html,
    render_letter_docx,
    render_letter_pdf,
)

__all__ = [
    "DEFAULT_NUMBER_PATTERN",
    "DEFAULT_WORDING",
    "SEAL",
    "WORDING_PLACEHOLDERS",
    "Letter",
    "LetterError",
    "LetterFacts",
    "LetterIncomplete",
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


class LetterIncomplete(LetterError):
    """The letter uses a placeholder that has no value (no review body, no court): it is
    not issued, rather than printed with a gap (「向申请行政复议」). ``missing`` names them."""

    def __init__(self, message: str, missing: tuple[str, ...]) -> None:
        super().__init__(message)
        self.missing = missing


#: What the office's wording may use, with what each stands for.
#: Named in Chinese: the office types them into its wording.
WORDING_PLACEHOLDERS = {
    "机关名称": "本机关名称",
    "发文日期": "发文日期",
    "文号": "本文书的文号",
    "查询码": "申请的查询码",
    "复议机关": "行政复议机关",
    "管辖法院": "受理行政诉讼的人民法院",
}

#: Placeholders that may have no value, with what the office fills in for them, and where.
REMEDY_FILL = {
    "复议机关": "行政复议机关",
    "管辖法院": "管辖法院",
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
    reconsideration_body: str = ""  # 行政复议机关 of the issuing unit
    court: str = ""  # 管辖法院: the court that hears a suit against the issuing unit


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


#: The remedy paragraph (行政复议法 Art. 20: 60 days; 行政诉讼法 Art. 46: six months),
#: naming where to turn; filled like the office's wording, refused if a body is unknown.
_REMEDY = (
    "如对本答复不服，可以自收到本答复书之日起六十日内依法向{复议机关}申请行政复议，"
    "或者自收到本答复书之日起六个月内依法向{管辖法院}提起行政诉讼。"
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
        return ("政府信息公开申请答复书", f.applicant, [_opening(f), text])
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


def _used(texts: list[str]) -> set[str]:
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def _missing_message(unit: str, missing: tuple[str, ...]) -> str:
    what = "和".join(REMEDY_FILL[name] for name in missing)
    return (
        f"本文书须写明{what}，「{unit}」尚未填写，文书未出具。"
        f"请政府信息公开工作机构在「文书模板」页的「救济途径」中填写后再出具。"
    )


def compose(
    facts: LetterFacts, wording: Wording | None = None, *, mark_missing: bool = False
) -> Letter:
    """The letter: the statutory skeleton filled from the facts, then the office's notes
    and closing, the signature block and the contact line. A placeholder used with no
    value (the review body, the court) raises :class:`LetterIncomplete` — or, for a
    preview (``mark_missing``), shows 〔未填写…〕 where the name goes."""
    wording = wording or DEFAULT_WORDING.get(facts.kind, Wording())
    wording_check(wording)
    if not wording.signature.strip():
        wording = replace(wording, signature="{机关名称}")
    values = {
        "机关名称": facts.unit,
        "发文日期": cn_date(facts.date),
        "文号": facts.number,
        "查询码": facts.tracking_code,
        "复议机关": facts.reconsideration_body.strip(),
        "管辖法院": facts.court.strip(),
    }
    title, addressee, body = _skeleton(facts)
    # The skeleton's own templates (only these, never the clerk's text, are filled).
    templates = [_REMEDY] if facts.kind == LetterKind.REPLY else []
    texts = [*templates, *(getattr(wording, field) for field in _WORDING_FIELDS)]
    missing = tuple(name for name in REMEDY_FILL if name in _used(texts) and not values[name])
    if missing and not mark_missing:
        raise LetterIncomplete(_missing_message(facts.unit, missing), missing)
    for name in missing:
        values[name] = f"〔未填写{REMEDY_FILL[name]}〕"
    body = [*body, *(_fill(t, values) for t in templates)]
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
