"""Folding printed labels and reading printed values.

Real reports print the same label many ways: full-width or ASCII brackets,
「（一）」「(一)」「一、」「1.」「1、」 numbering, spaces inside words (「商 业 企 业」),
traditional characters on mirror sites. :func:`fold_label` reduces a label to a
key that the format's ``match`` strings are compared with. :func:`read_value`
reads one cell.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from gongkai.core.report.model import Value, ValueKind

__all__ = ["fold", "fold_label", "numbered", "read_value", "to_simplified"]

# Traditional -> simplified, for the characters of the report's labels and titles.
_TRAD = (
    "開开條条項项規规範范總总數数內内實实處处決决許许強强罰罚費费業业術术務务會会機机構构織织請请審审"
    "結结轉转於于屬属國国險险穩稳護护權权類类過过執执詢询無无現现補补確确訴诉議议維维糾纠復复經经發发"
    "廢废減减對对採采購购額额際际與与報报況况問问題题進进為为關关應应稱称當当門门廳厅縣县鄉乡鎮镇"
    "區区辦办號号設设製制頒颁錄录導导單单準准統统計计讓让體体態态錢钱資资據据衛卫環环保保鬥斗龍龙"
    "華华東东書书險险單单證证齊齐產产員员監监督督獲获勵励醫医療疗慶庆務务幣币歲岁劃划層层傳传網网"
    "頁页處处據据將将節节屆届戶户難难讀读後后來来話话時时間间樣样這这個个們们與与愛爱義义區区標标"
    "準准項项總总費费務务徵征詢询範范圍围濟济場场財财稅税質质驗验動动態态嚴严禁禁數数據据覆复蓋盖"
    "辭辞職职歷历屆届雜杂錯错誤误遲迟違违規规濫滥謂谓簡简況况擔担責责據据顯显聯联繫系係系級级"
)
_TRAD_MAP = {
    ord(_TRAD[i]): _TRAD[i + 1] for i in range(0, len(_TRAD) - 1, 2) if _TRAD[i] != _TRAD[i + 1]
}
_QUOTES = {
    ord(a): b
    for a, b in {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "〝": '"',
        "〞": '"',
        "「": '"',
        "」": '"',
    }.items()
}
_ZERO_WIDTH: dict[int, str | None] = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
#: One table for one pass: zero-width characters out, traditional label characters
#: simplified, curly quotes unified.
_FOLD: dict[int, str | None] = {**_TRAD_MAP, **_QUOTES, **_ZERO_WIDTH}
#: The characters of that table: ``str.translate`` looks every character up in the
#: table, which costs far more than a regex search, and most text has none of them.
_FOLDED_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")


def to_simplified(text: str) -> str:
    return text.translate(_TRAD_MAP)


#: Strings up to this length are cached (labels and numbers repeat endlessly across
#: reports); longer ones (narrative) rarely repeat across reports and would only fill
#: the caches.
CACHED_LENGTH = 48
#: How many longer strings are kept: reading one report folds the same narrative lines
#: and sections several times (headings, table anchors, title and front matter, the
#: narrative rules), so the last few hundred serve those repeats.
RECENT_LONG = 256


def fold(text: str) -> str:
    """NFKC (full-width digits, letters, brackets and spaces to ASCII), zero-width
    characters removed, traditional label characters simplified, curly quotes unified."""
    if text.isascii():
        return text
    return _fold_cached(text) if len(text) <= CACHED_LENGTH else _fold_recent(text)


#: The full-width forms Chinese text is full of, each with its NFKC form (an ASCII
#: character). ``unicodedata.normalize`` runs its composition pass (about a thousand
#: instructions per CJK character) over any string holding one of them; replaced first
#: (which NFKC would do anyway: the result is the same), most strings are left with
#: nothing to normalise, and ``normalize`` returns them after its quick check.
_WIDE_FORMS = tuple((w, unicodedata.normalize("NFKC", w)) for w in "，：（）；！？％／．　")


def _fold(text: str) -> str:
    for wide, narrow in _WIDE_FORMS:
        if wide in text:
            text = text.replace(wide, narrow)
    text = unicodedata.normalize("NFKC", text)
    return text.translate(_FOLD) if _FOLDED_CHARS.search(text) else text


_fold_cached = lru_cache(maxsize=1 << 14)(_fold)
_fold_recent = lru_cache(maxsize=RECENT_LONG)(_fold)


_NUMBERING = re.compile(
    r"""^\s*(?:
        [(（]\s*[一二三四五六七八九十]+\s*[)）]\s*[、.．]?    # (一) （一）
      | [一二三四五六七八九十]+\s*[、.．]                    # 一、
      | [(（]?\s*\d{1,2}\s*[)）]?\s*[、.．](?!\d)            # 1. 1、 (1).
      | [(（]\s*\d{1,2}\s*[)）]                              # (1)
    )""",
    re.VERBOSE,
)
_NOT_KEY = re.compile(r"[\s\W_]+", re.UNICODE)


def numbered(text: str) -> bool:
    """Does the text start with a label's numbering (「一、」「（一）」「1.」「(1)」)?"""
    return _NUMBERING.match(fold(text)) is not None


@lru_cache(maxsize=1 << 14)
def fold_label(text: str) -> str:
    """A printed label reduced to its words: no numbering, punctuation or spaces."""
    text = fold(text)
    text = _NUMBERING.sub("", text, count=1)
    return _NOT_KEY.sub("", text)


#: Longer numbers are not counts or amounts of any report (and would not survive JSON).
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 8

_NA = {
    "/",
    "\\",
    "-",
    "--",
    "—",
    "——",
    "–",
    "－",
    "―",
    "─",
    "一",
    "无",
    "-/-",
    "×",
    "x",
    "X",
    "*",
}
_NUMBER = re.compile(
    r"""^(?P<sign>[+-])?\s*
        (?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?
        \s*(?P<unit>万元|元|件|条|个|项|次|宗|起|人|份)?
        (?:\((?!(?:万元|元|件|条|个|项|次|宗|起|人|份)\))[^()]*[\u4e00-\u9fff][^()]*\))?$""",
    re.VERBOSE,
)


def read_value(raw: str, *, line: int | None = None) -> Value:
    """Read one printed cell: a number (with its sign, decimals and unit), a blank,
    a not-applicable mark, or invalid text. A note in brackets glued to the number, in
    words (「22（其中修订16件）」, 「0(含1件)」), is the number's: the number is read and the
    note stays in ``raw``; brackets of digits alone (「22(16)」) say nothing certain."""
    kind, number, unit = read_parts(raw)
    return Value.read(kind, number, raw, unit, line)


def read_parts(raw: str) -> tuple[ValueKind, Decimal | None, str | None]:
    """What :func:`read_value` makes a :class:`Value` of: the kind, the number and the unit."""
    return _read_cached(raw) if len(raw) <= CACHED_LENGTH else _read_text(raw)


def _read_text(raw: str) -> tuple[ValueKind, Decimal | None, str | None]:
    compact = "".join(fold(raw).split())  # no whitespace at all
    if not compact:
        return ValueKind.BLANK, None, None
    if compact in _NA or not compact.strip("-—–/"):
        return ValueKind.NOT_APPLICABLE, None, None
    m = _NUMBER.match(compact)
    if m is None:
        return ValueKind.INVALID, None, None
    digits = m["digits"].replace(",", "") + (m["frac"] or "")
    if (
        len(digits.split(".")[0].lstrip("0")) > MAX_INTEGER_DIGITS
        or len(m["frac"] or "") > MAX_FRACTION_DIGITS + 1
    ):
        return ValueKind.INVALID, None, None  # no count or amount is this long
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return ValueKind.INVALID, None, None
    if m["sign"] == "-":
        number = -number
    return ValueKind.NUMBER, number, m["unit"]


_read_cached = lru_cache(maxsize=1 << 14)(_read_text)
