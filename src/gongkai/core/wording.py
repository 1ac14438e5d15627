"""Wording checked before publishing (严重表述错误): a text checked against a lexicon of
wrong forms and their correct forms (names of laws, institutions and places, the unit's
own name, standard political expressions, banned words), dates that do not exist or whose
weekday does not match, and document numbers written with the wrong brackets.

Pure Python: the web layer passes the office's lexicon and shows each :class:`Hit` in
place. A wrong form found inside an occurrence of a correct form (「新时代中国特色社会主义
思想」 inside 「习近平新时代中国特色社会主义思想」) is not a hit: correct text gives none.
The starting lexicon ships as ``wording-lexicon.csv``; its sources are in
docs/proactive.md.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources

#: The shipped starting lexicon (columns wrong, correct, category, source).
LEXICON_FILE = "wording-lexicon.csv"
CATEGORIES = ("law", "institution", "place", "own_name", "political", "banned")
WEEKDAYS = "一二三四五六日"


class HitKind(enum.StrEnum):
    LEXICON = "lexicon"  # a wrong form of the lexicon
    DATE = "date"  # a date that does not exist
    WEEKDAY = "weekday"  # a weekday that does not match its date
    DOC_NUMBER = "doc_number"  # a document number's year in the wrong brackets


@dataclass(frozen=True)
class Entry:
    """A wrong form and its correct form (empty for a banned word with no replacement)."""

    wrong: str
    correct: str
    category: str = "other"
    source: str = ""


@dataclass(frozen=True)
class Hit:
    """``text[start:end] == found``; ``suggestion`` replaces it (None: no replacement known)."""

    kind: HitKind
    start: int
    end: int
    found: str
    suggestion: str | None
    category: str = ""


def load_lexicon(text: str | None = None) -> list[Entry]:
    """The entries of a lexicon in CSV (``wrong,correct,category,source``, a header row);
    the shipped one by default. Rows without a wrong form are skipped."""
    if text is None:
        text = resources.files(__package__).joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    entries = []
    for row in csv.DictReader(io.StringIO(text)):
        wrong = (row.get("wrong") or "").strip()
        if wrong:
            entries.append(
                Entry(
                    wrong=wrong,
                    correct=(row.get("correct") or "").strip(),
                    category=(row.get("category") or "other").strip(),
                    source=(row.get("source") or "").strip(),
                )
            )
    return entries


def _spans(text: str, needle: str) -> Iterable[tuple[int, int]]:
    start = text.find(needle)
    while start != -1:
        yield start, start + len(needle)
        start = text.find(needle, start + 1)


def _lexicon_hits(text: str, lexicon: Iterable[Entry]) -> list[Hit]:
    entries = [e for e in lexicon if e.wrong and e.wrong != e.correct]
    correct = [s for e in entries if e.correct for s in _spans(text, e.correct)]
    hits = []
    for e in entries:
        for start, end in _spans(text, e.wrong):
            if any(cs <= start and end <= ce for cs, ce in correct):
                continue  # part of a correct form
            hits.append(Hit(HitKind.LEXICON, start, end, e.wrong, e.correct or None, e.category))
    return hits


#: 2026年2月30日, optionally followed by its weekday: （星期一）, (星期一), 星期一, 周一.
DATE = re.compile(
    r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日"
    r"(?:\s*[（(]?\s*(?P<wd>(?:星期|周)(?P<day>[一二三四五六日天]))\s*[）)]?)?"
)


def _date_hits(text: str) -> list[Hit]:
    hits = []
    for m in DATE.finditer(text):
        year, month, day = (int(g) for g in m.group(1, 2, 3))
        try:
            d = date(year, month, day)
        except ValueError:
            hits.append(
                Hit(HitKind.DATE, m.start(), m.end(3) + 1, text[m.start() : m.end(3) + 1], None)
            )
            continue
        if m.group("wd") is None:
            continue
        written = WEEKDAYS.index("日" if m.group("day") == "天" else m.group("day"))
        if written != d.weekday():
            prefix = m.group("wd")[:-1]  # 星期 or 周
            hits.append(
                Hit(
                    HitKind.WEEKDAY,
                    m.start("wd"),
                    m.end("wd"),
                    m.group("wd"),
                    prefix + WEEKDAYS[d.weekday()],
                )
            )
    return hits


#: A document number's year in brackets other than 〔〕, before its number and 号:
#: 示政发[2026]3号, 示政发(2026)3号, 示政发（2026）3号, 示政发【2026】3号, 示政发［2026］3号.
DOC_NUMBER = re.compile(r"([\[(（【［〔])((?:19|20)\d{2})([\])）】］〕])(?=\s*第?\d{1,5}号)")


def _doc_number_hits(text: str) -> list[Hit]:
    hits = []
    for m in DOC_NUMBER.finditer(text):
        if m.group(1) == "〔" and m.group(3) == "〕":
            continue
        hits.append(Hit(HitKind.DOC_NUMBER, m.start(), m.end(), m.group(0), f"〔{m.group(2)}〕"))
    return hits


def check_wording(text: str, lexicon: Iterable[Entry] = ()) -> list[Hit]:
    """Every hit in ``text``, in the order they occur (overlapping lexicon hits: the
    longer first)."""
    hits = [*_lexicon_hits(text, lexicon), *_date_hits(text), *_doc_number_hits(text)]
    return sorted(hits, key=lambda h: (h.start, -(h.end - h.start), h.kind.value))


def apply_correction(text: str, hit: Hit) -> str:
    """``text`` with the hit replaced by its suggestion; ValueError if the text at the
    hit's place is no longer what was found, or if there is no suggestion."""
    if hit.suggestion is None:
        raise ValueError("no correct form is known for this hit")
    if text[hit.start : hit.end] != hit.found:
        raise ValueError("the text has changed since it was checked")
    return text[: hit.start] + hit.suggestion + text[hit.end :]


__all__ = [
    "CATEGORIES",
    "LEXICON_FILE",
    "WEEKDAYS",
    "Entry",
    "Hit",
    "HitKind",
    "apply_correction",
    "check_wording",
    "load_lexicon",
]
