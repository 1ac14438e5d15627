"""Letters to applicants and consulted parties: the reply (答复书) for each outcome with its
legal basis, the correction notice (补正告知书), the extension notice (延期答复告知书) and the
consultation letters (征求第三方意见函 under Art. 32, 征求其他机关意见函 under Art. 34) —
laid out as 公文 (GB/T 9704-2012: A4; title in 小标宋 二号, body in 仿宋 三号, with free
fallbacks), with the document number (发文字号) under the title, the signature block with a
seal placeholder (（印章）) and the contact line as 附注.

:func:`compose` makes a letter from parts kept apart on purpose, each a module:

- the facts and the letter (:mod:`gongkai.core.letter_model`): :class:`LetterFacts`, what
  the clerk entered; :class:`Letter`, what is printed; the errors that stop one.
- the **statutory skeleton** (:mod:`gongkai.core.letter_skeleton`): what the law makes
  each letter say, filled from what the clerk entered — the items to correct, the
  withheld parts and the legal basis, the consulted party and whether it is a third
  party or another agency — and the reply's remedy paragraph naming the review body and
  the court (:mod:`gongkai.core.remedy`). Not editable: an office's wording can never
  drop what the clerk wrote. A placeholder with no value stops the letter
  (:class:`LetterIncomplete`) instead of leaving a gap.
- the **office's wording** (:mod:`gongkai.core.letter_wording`, :class:`Wording`): the
  free paragraphs — extra notes, the closing, the signature block, the contact line —
  with a few placeholders (:data:`WORDING_PLACEHOLDERS`), checked by
  :func:`wording_check` when saved; and the number pattern (:func:`number_format`).
- the layout (:mod:`gongkai.core.letter_render`): HTML, PDF, DOCX.

The rest of gongkai imports all of these from here.
"""

from __future__ import annotations

import re
import string
from dataclasses import replace

from gongkai.core.letter_model import (
    Letter,
    LetterError,
    LetterFacts,
    LetterIncomplete,
    LetterKind,
    PartyKind,
    cn_date,
)
from gongkai.core.letter_render import (
    SEAL,
    letter_html,
    render_letter_docx,
    render_letter_pdf,
)
from gongkai.core.letter_skeleton import REMEDY, quote_request, skeleton
from gongkai.core.letter_wording import (
    DEFAULT_NUMBER_PATTERN,
    DEFAULT_WORDING,
    REMEDY_FILL,
    WORDING_FIELDS,
    WORDING_PLACEHOLDERS,
    Wording,
    number_check,
    number_format,
    wording_check,
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
    title, addressee, body = skeleton(facts)
    # The skeleton's own templates (only these, never the clerk's text, are filled).
    templates = [REMEDY] if facts.kind == LetterKind.REPLY else []
    texts = [*templates, *(getattr(wording, field) for field in WORDING_FIELDS)]
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
