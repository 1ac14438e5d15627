"""Wording checked before publishing: the lexicon's wrong forms, dates that do not exist,
weekdays that do not match, document numbers in the wrong brackets; and no false hit on
correct text (Hypothesis writes it)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.wording import (
    CATEGORIES,
    WEEKDAYS,
    Entry,
    HitKind,
    apply_correction,
    check_wording,
    load_lexicon,
)

LEXICON = load_lexicon()


def test_the_shipped_lexicon_is_sound():
    assert len(LEXICON) >= 20
    wrongs = [e.wrong for e in LEXICON]
    assert len(wrongs) == len(set(wrongs))
    for e in LEXICON:
        assert e.category in CATEGORIES and e.source and e.wrong != e.correct
        # a correct form is never itself a hit
        assert check_wording(e.correct, LEXICON) == [], e


def test_a_wrong_law_title_is_found_with_its_correct_form():
    text = "根据《中华人民共和国信息公开条例》第二十条，现予公开。"
    [hit] = check_wording(text, LEXICON)
    assert hit.kind == HitKind.LEXICON and hit.category == "law"
    assert text[hit.start : hit.end] == "中华人民共和国信息公开条例"
    assert (
        apply_correction(text, hit) == "根据《中华人民共和国政府信息公开条例》第二十条，现予公开。"
    )


def test_a_wrong_form_inside_its_correct_form_is_no_hit():
    assert check_wording("深入学习习近平新时代中国特色社会主义思想。", LEXICON) == []
    [hit] = check_wording("深入学习新时代中国特色社会主义思想。", LEXICON)
    assert hit.suggestion == "习近平新时代中国特色社会主义思想"


def test_the_units_own_name():
    lexicon = [Entry("示列县", "示例县", "own_name")]
    [hit] = check_wording("示列县人民政府办公室", lexicon)
    assert (hit.found, hit.suggestion, hit.category) == ("示列县", "示例县", "own_name")


def test_a_date_that_does_not_exist():
    [hit] = check_wording("定于2026年2月30日召开", LEXICON)
    assert hit.kind == HitKind.DATE and hit.found == "2026年2月30日" and hit.suggestion is None
    assert check_wording("2024年2月29日", LEXICON) == []  # a leap day
    assert [h.found for h in check_wording("2025年2月29日和2026年13月1日", LEXICON)] == [
        "2025年2月29日",
        "2026年13月1日",
    ]


@pytest.mark.parametrize(
    ("text", "found", "suggestion"),
    [
        ("2026年12月5日（星期一）", "星期一", "星期六"),
        ("2026年12月5日(星期日)", "星期日", "星期六"),
        ("2026年12月6日 周六", "周六", "周日"),
        ("2026年12月7日星期天", "星期天", "星期一"),
    ],
)
def test_a_weekday_that_does_not_match(text, found, suggestion):
    [hit] = check_wording(text, LEXICON)
    assert (hit.kind, hit.found, hit.suggestion) == (HitKind.WEEKDAY, found, suggestion)
    assert text[hit.start : hit.end] == found


@pytest.mark.parametrize("bracketed", ["[2026]", "(2026)", "（2026）", "【2026】", "［2026］"])
def test_a_document_number_in_the_wrong_brackets(bracketed):
    text = f"示政发{bracketed}3号"
    [hit] = check_wording(text, LEXICON)
    assert hit.kind == HitKind.DOC_NUMBER and hit.suggestion == "〔2026〕"
    assert apply_correction(text, hit) == "示政发〔2026〕3号"


def test_brackets_that_are_not_a_document_number_are_no_hit():
    assert check_wording("全县（2026）年度计划；示政发〔2026〕3号", LEXICON) == []


def test_a_correction_of_text_that_changed_is_refused():
    [hit] = check_wording("示政发[2026]3号", LEXICON)
    with pytest.raises(ValueError):
        apply_correction("示政发〔2026〕3号", hit)


# Correct text: correct forms of the lexicon, real dates with their weekdays, document
# numbers in 〔〕, and neutral words between them.
NEUTRAL = [
    "关于",
    "做好",
    "工作",
    "的",
    "通知",
    "，",
    "。",
    "全县",
    "各乡镇",
    "现将",
    "有关",
    "事项",
    "公开",
    "\n",
]
CORRECT_FORMS = sorted({e.correct for e in LEXICON if e.correct})


def _date_text(d: date, style: int) -> str:
    text = f"{d.year}年{d.month}月{d.day}日"
    weekday = WEEKDAYS[d.weekday()]
    return [text, f"{text}（星期{weekday}）", f"{text}(周{weekday})", f"{text} 星期{weekday}"][
        style
    ]


pieces = st.one_of(
    st.sampled_from(NEUTRAL),
    st.sampled_from(CORRECT_FORMS),
    st.builds(
        _date_text,
        st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
        st.integers(0, 3),
    ),
    st.builds(
        lambda prefix, year, n: f"{prefix}〔{year}〕{n}号",
        st.sampled_from(["示政发", "示政办发", "示教"]),
        st.integers(1990, 2099),
        st.integers(1, 999),
    ),
)


@settings(max_examples=300)
@given(st.lists(pieces, max_size=30))
def test_no_false_hit_on_correct_text(parts):
    text = "".join(parts)
    assert check_wording(text, LEXICON) == []


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), st.integers(1, 6))
def test_every_wrong_weekday_is_found_and_corrected(d, shift):
    wrong = WEEKDAYS[(d.weekday() + shift) % 7]
    text = f"{d.year}年{d.month}月{d.day}日（星期{wrong}）"
    [hit] = check_wording(text, LEXICON)
    assert apply_correction(text, hit) == _date_text(d, 1)


def test_no_date_is_taken_from_a_longer_number():
    # 12026年: five digits are not a year, so no "2026年2月30日" is read out of them.
    assert check_wording("编号12026年2月30日", []) == []
