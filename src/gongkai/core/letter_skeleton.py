"""The statutory skeleton of each letter: what the law makes it say, filled from what the
clerk entered -- the request quoted, the items to correct, the withheld parts and the
legal basis, the consulted party and whether it is a third party (Art. 32) or another
agency (Art. 34) -- and the reply's remedy paragraph (:data:`REMEDY`). Not editable by
an office. :func:`gongkai.core.letters.compose` adds the office's wording.
"""

from __future__ import annotations

import re

from gongkai.core.letter_model import LetterError, LetterFacts, LetterKind, PartyKind, cn_date

__all__ = ["REMEDY", "quote_request", "skeleton"]

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
REMEDY = (
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


def skeleton(f: LetterFacts) -> tuple[str, str, list[str]]:
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
