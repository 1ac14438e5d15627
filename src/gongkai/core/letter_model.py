"""What a letter is made from and what it is: the kinds of letter, the facts the clerk
entered (:class:`LetterFacts`), the composed :class:`Letter`, and the errors that stop one
(:class:`LetterError`, :class:`LetterIncomplete`). Imported from
:mod:`gongkai.core.letters`, which composes the letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.core.errors import GongkaiError

__all__ = [
    "Letter",
    "LetterError",
    "LetterFacts",
    "LetterIncomplete",
    "LetterKind",
    "PartyKind",
    "cn_date",
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
