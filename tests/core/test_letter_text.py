"""The letters' text in core: the request quoted with one full stop, the office's wording
checked, the entered items numbered, the consultation's wording by addressee."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.letters import (
    LetterError,
    LetterFacts,
    Wording,
    compose,
    number_format,
    quote_request,
    wording_check,
)


@pytest.mark.parametrize("ending", ["。", "！", "？", ".", "", "。 \n", "!?"])
def test_the_request_is_quoted_without_its_closing_stop(ending):
    assert quote_request("学校划片计划表" + ending) == "“学校划片计划表”"


@given(st.text(min_size=1, max_size=40))
def test_a_quoted_request_never_ends_in_a_stop_before_the_quote(text):
    quoted = quote_request(text)
    assert quoted.startswith("“") and quoted.endswith("”")
    assert not quoted[:-1].endswith(("。", "！", "？", ".", "!", "?"))


def _facts(**kw):
    base = {
        "kind": "correction",
        "date": date(2026, 3, 2),
        "number": "示发改依申〔2026〕12号",
        "unit": "示例县发展和改革局",
        "tracking_code": "GKX",
        "applicant": "李四",
        "received": date(2026, 2, 27),
        "description": "项目批复文件。",
    }
    base.update(kw)
    return LetterFacts(**base)


def test_items_are_numbered_only_when_the_clerk_did_not():
    letter = compose(_facts(items="文件名称\n形成时间"))
    assert "（一）文件名称。" in letter.paragraphs and "（二）形成时间。" in letter.paragraphs
    letter = compose(_facts(items="1. 文件名称；\n2. 形成时间。"))
    assert "1. 文件名称；" in letter.paragraphs and "2. 形成时间。" in letter.paragraphs


def test_wording_placeholders_are_checked():
    wording_check(Wording(notes="{机关名称}于{发文日期}作出，文号{文号}，查询码{查询码}。"))
    with pytest.raises(LetterError, match=re.escape("「{applicant}」不是可用的占位符")):
        wording_check(Wording(contact="{applicant}"))
    with pytest.raises(LetterError, match="大括号须成对"):
        wording_check(Wording(closing="特此{"))


def test_the_number_and_the_wording_are_filled():
    assert (
        number_format("示发改依申〔{年份}〕{序号}号", year=2026, n=12) == "示发改依申〔2026〕12号"
    )
    letter = compose(_facts(), Wording(closing="特此告知。", contact="文号：{文号}"))
    assert (
        letter.number == "示发改依申〔2026〕12号"
        and letter.contact == "文号：示发改依申〔2026〕12号"
    )
    assert letter.date == "2026年3月2日" and letter.paragraphs[0] == "李四："


def test_the_agency_letter_does_not_use_the_third_party_wording():
    agency = "".join(
        compose(_facts(kind="consultation", party="县财政局", party_kind="agency")).paragraphs
    )
    third = "".join(
        compose(_facts(kind="consultation", party="某公司", party_kind="third_party")).paragraphs
    )
    assert "可能损害你方合法权益" not in agency and "第三方" not in agency and "贵机关" in agency
    assert "可能损害第三方合法权益" in third and "第三十二条" in third
    assert "李四" not in agency + third  # the applicant is not named to the consulted


def test_the_applicant_is_addressed_as_a_person_or_an_organisation():
    person = compose(_facts()).paragraphs[1]
    firm = compose(_facts(applicant="某某有限公司", organisation=True)).paragraphs[1]
    assert "收到您提出的" in person and "（单位）" not in person
    assert "收到贵单位提出的" in firm and "（单位）" not in firm
