"""The office's wording of its letters (:class:`Wording`: the free paragraphs -- extra
notes, the closing, the signature block, the contact line) and its number pattern
(文号格式), with the placeholders each may use and the checks that refuse, in Chinese,
what could not be filled (:func:`wording_check`, :func:`number_check`). The letter is
composed in :mod:`gongkai.core.letters`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from gongkai.core.letter_model import LetterError, LetterKind

__all__ = [
    "DEFAULT_NUMBER_PATTERN",
    "DEFAULT_WORDING",
    "NUMBER_PLACEHOLDERS",
    "REMEDY_FILL",
    "WORDING_FIELDS",
    "WORDING_PLACEHOLDERS",
    "Wording",
    "number_check",
    "number_format",
    "wording_check",
]


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


WORDING_FIELDS = {
    "notes": "其他说明",
    "closing": "结束语",
    "signature": "落款",
    "contact": "联系方式",
}


def wording_check(wording: Wording) -> None:
    """Raise LetterError, in Chinese, naming the part and the placeholder, for wording
    that could not be filled."""
    for field, what in WORDING_FIELDS.items():
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
