"""Where an applicant turns (救济途径): the review body and court derived from the unit
tree, and the reply's remedy paragraph naming them — never printed with a gap."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from gongkai.core.letters import LetterFacts, LetterIncomplete, Wording, compose
from gongkai.core.remedy import RemedyBodies, county_court, remedy_defaults


@pytest.mark.parametrize(
    ("government", "court"),
    [
        ("示例县人民政府", "示例县人民法院"),
        ("某某自治县人民政府", "某某自治县人民法院"),
        ("某市某某区人民政府", "某市某某区人民法院"),
        ("某某旗人民政府", "某某旗人民法院"),
        ("示例市人民政府", ""),  # a city: prefecture-level or county-level, not guessed
        ("示例县政府", ""),
        ("", ""),
    ],
)
def test_the_county_court_is_derived_only_from_a_county_government(government, court):
    assert county_court(government) == court


@pytest.mark.parametrize("kind", ["department", "township", "other"])
def test_a_department_or_township_turns_to_the_county(kind):
    got = remedy_defaults(kind=kind, governments_above=["示例县人民政府", "示例市人民政府"])
    assert got == RemedyBodies(reconsideration_body="示例县人民政府", court="示例县人民法院")


def test_a_government_turns_to_the_government_above_and_its_court_is_not_guessed():
    # Art. 24 (2): the government one level up; Art. 15 行政诉讼法: an intermediate court.
    got = remedy_defaults(kind="government", governments_above=["示例市人民政府"])
    assert got == RemedyBodies(reconsideration_body="示例市人民政府", court="")
    assert remedy_defaults(kind="government", governments_above=[]) == RemedyBodies("", "")


def test_a_department_of_a_city_gets_the_city_but_no_court():
    got = remedy_defaults(kind="department", governments_above=["示例市人民政府"])
    assert got == RemedyBodies(reconsideration_body="示例市人民政府", court="")


def _reply(**kw):
    base = {
        "kind": "reply",
        "date": date(2026, 3, 2),
        "number": "测教依申〔2026〕3号",
        "unit": "测试县教育局",
        "tracking_code": "GKX",
        "applicant": "张三",
        "received": date(2026, 2, 20),
        "description": "学校划片方案{年份}。",  # braces typed by the applicant stay as typed
        "outcome": "apply.result.grant",
        "legal_basis": "《中华人民共和国政府信息公开条例》第二十条",
        "reconsideration_body": "测试县人民政府",
        "court": "测试县人民法院",
    }
    base.update(kw)
    return LetterFacts(**base)


REMEDY = (
    "如对本答复不服，可以自收到本答复书之日起六十日内依法向测试县人民政府申请行政复议，"
    "或者自收到本答复书之日起六个月内依法向测试县人民法院提起行政诉讼。"
)


@pytest.mark.parametrize(
    "outcome",
    [
        "apply.result.grant",
        "apply.result.partial",
        "apply.result.deny.state_secret",
        "apply.result.unable.not_held",
        "apply.result.reject.repeat",
        "apply.result.other.x",
    ],
)
def test_every_reply_names_the_reconsideration_body_and_the_court(outcome):
    letter = compose(_reply(outcome=outcome))
    assert letter.paragraphs[-2:] == (REMEDY, "特此答复。")
    assert "“学校划片方案{年份}”" in letter.paragraphs[1]


def test_a_reply_without_a_reconsideration_body_or_court_is_refused_naming_them():
    with pytest.raises(LetterIncomplete, match="行政复议机关和管辖法院") as err:
        compose(_reply(reconsideration_body="", court=" "))
    assert err.value.missing == ("复议机关", "管辖法院")
    assert "「测试县教育局」尚未填写" in str(err.value) and "「救济途径」" in str(err.value)
    with pytest.raises(LetterIncomplete, match=re.escape("须写明管辖法院，")):
        compose(_reply(court=""))


def test_the_preview_marks_the_gap_instead():
    letter = compose(_reply(reconsideration_body=""), mark_missing=True)
    assert "依法向〔未填写行政复议机关〕申请行政复议" in letter.paragraphs[-2]


def test_letters_without_a_remedy_paragraph_need_no_bodies():
    for kind in ("correction", "extension", "consultation"):
        letter = compose(
            _reply(kind=kind, reconsideration_body="", court="", days=20, due="2026年4月1日")
        )
        assert not any("行政复议" in p or "向申请" in p for p in letter.paragraphs)


def test_wording_may_name_the_bodies_and_is_refused_when_they_are_unknown():
    wording = Wording(notes="对本告知不服的，可以向{复议机关}反映。", closing="特此告知。")
    facts = _reply(kind="correction", items="文件名称")
    assert "对本告知不服的，可以向测试县人民政府反映。" in compose(facts, wording).paragraphs
    with pytest.raises(LetterIncomplete, match="须写明行政复议机关，"):
        compose(replace(facts, reconsideration_body=""), wording)
