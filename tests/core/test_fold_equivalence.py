"""Shortcuts taken for speed (bench/README.md, issue 14) give what they replace.

fold() replaces the common full-width forms before NFKC: the result must be exactly
what NFKC of the whole string gives, whatever follows those forms (combining marks
included) and whatever else the string holds. The tokeniser finds a run of two
whitespace characters from ``str.split``: exactly where the regex ``\\s{2,}`` finds one."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.report.parse import normalize
from gongkai.core.report.parse.tokens import _has_space_run

# The forms replaced first, their ASCII results, characters that compose with those
# (combining marks), other full-width and compatibility characters, CJK text, and the
# characters the fold translates afterwards (traditional, quotes, zero-width).
_ALPHABET = st.sampled_from(
    [
        *"，：（）；！？％／．\u3000,:()%/.!?;",
        *"\u0301\u0308\u0338\u20d2\u0327\u3099",
        *"１２Ａｚ＋－＝ｶﾞ㈠①⑴㎡ﬁ\u00a0\u2002",
        *"总计本年新收申请公开情况一二三",
        *"開條項“”「」\u200b\ufeff\u00ad",
    ]
)


def _reference(text: str) -> str:
    """fold() as defined: NFKC of the whole string, then the translation table."""
    text = unicodedata.normalize("NFKC", text)
    return text.translate(normalize._FOLD)


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=80))
def test_fold_equals_nfkc_of_the_whole_string(text: str) -> None:
    assert normalize._fold(text) == _reference(text)


def test_fold_of_long_narrative_text_equals_nfkc() -> None:
    text = (
        "本机关全年共收到政府信息公开申请５２件（其中：自然人４０件；法人１２件），　办结率１００％．"
        * 4
    )
    assert len(text) > normalize.CACHED_LENGTH
    assert normalize.fold(text) == _reference(text)
    assert "," in normalize.fold(text) and "52" in normalize.fold(text)


_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def test_str_split_knows_whitespace_as_the_regex_does() -> None:
    regex_spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert regex_spaces == _SPACES
    assert all(f"a{ch}b".split() == ["a", "b"] for ch in _SPACES)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from([*_SPACES, *"ab中文12，|-"]), min_size=1, max_size=16))
def test_space_run_is_what_the_regex_finds(text: str) -> None:
    stripped = text.strip()
    if stripped:
        assert _has_space_run(stripped) == bool(re.search(r"\s{2,}", stripped))
