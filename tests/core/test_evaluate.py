"""Scoring audit records, arranging them into a ranking, and the bulletin drawn from it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from gongkai.core.evaluate.bulletin import (
    BulletinError,
    draft_bulletin,
    read_bulletin,
    write_bulletin,
)
from gongkai.core.evaluate.bulletin_text import numeral, quoted
from gongkai.core.evaluate.results import evaluate
from gongkai.core.evaluate.scheme import default_scheme
from gongkai.core.evaluate.scoring import Scorer, points_text
from gongkai.core.report.batch import audit_file
from gongkai.core.report.rules.catalogue import CATALOGUE
from support import SEED

SCHEME = default_scheme()
SCORER = Scorer(SCHEME)


def finding(fid: str, **location) -> dict:
    info = CATALOGUE[fid]
    return {
        "id": fid,
        "rule": info.rule,
        "severity": info.severity.value,
        "location": location,
        "message": f"{fid} 的说明",
        "hint": info.hint,
    }


def record(body: str | None, year: int | None, *findings: dict, source: str = "") -> dict:
    return {
        "source": source or f"{body}-{year}.txt",
        "format": "2021",
        "body": body,
        "year": year,
        "cells": {},
        "findings": list(findings),
    }


def test_each_indicator_loses_at_most_its_weight():
    blanks = [finding("VAL.W001", table="apply") for _ in range(25)]
    scored = SCORER.score(record("示例县人民政府", 2023, *blanks))
    assert scored.lost["filling"] == 5 and scored.score == 95
    points = [d.points for d in scored.deductions]
    assert points[:10] == [Decimal("0.5")] * 10 and set(points[10:]) == {0}
    assert sum(points) == SCHEME.total - scored.score


def test_a_finding_goes_to_its_sections_indicator():
    scored = SCORER.score(
        record(
            "示例县人民政府",
            2023,
            finding("STRUCT.E001", table="apply", section="sec3"),
            finding("FMT.W004", table="review"),  # located by its table: 表四 is in 四
            finding("STRUCT.W003", section="sec5"),
            finding("STRUCT.W005", line=40),
        )
    )
    assert [d.indicator for d in scored.deductions] == ["sec3", "sec4", "sec5", "structure"]
    assert scored.score == 100 - 5 - 1 - 5 - 5
    assert scored.grade == "良好"


def test_a_finding_no_indicator_takes_is_kept_unscored():
    text = finding("T3.E001")
    text["id"] = "XX.E999"  # a record of a later gongkai
    scored = SCORER.score(record("示例县人民政府", 2023, text))
    assert scored.score == 100 and [f.id for f in scored.unscored] == ["XX.E999"]


def test_an_unreadable_record_is_not_scored():
    bad = {"source": "x.pdf", "error": {"message": "不是PDF文件", "line": 0}}
    scored = SCORER.score(bad, "示例县统计局")
    assert scored.score is None and scored.error == "不是PDF文件" and scored.unit == "示例县统计局"


def test_the_real_seed_report():
    scored = SCORER.score(audit_file(str(SEED)))
    assert {d.finding.id for d in scored.deductions} >= {"T3.E001", "T3.E003"}
    assert scored.lost["arithmetic"] == 6


def test_ranking_with_ties_years_and_leftovers():
    reports = [
        SCORER.score(record("甲县人民政府", 2023)),
        SCORER.score(record("甲县人民政府", 2022, finding("T3.E001"))),
        SCORER.score(record("乙县人民政府", 2023, finding("T3.E001"))),
        SCORER.score(record("丙县人民政府", 2023, finding("T3.E001"))),
        SCORER.score(record("丙县人民政府", 2023, source="丙-copy.pdf")),
        SCORER.score(record("丁县人民政府", 2021)),
        SCORER.score({"source": "broken.pdf", "error": {"message": "坏文件"}}),
    ]
    ev = evaluate(reports, SCHEME, year=2023)
    assert [(r.rank, r.report.unit) for r in ev.ranked] == [
        (1, "甲县人民政府"),
        (2, "丙县人民政府"),
        (2, "乙县人民政府"),
    ]
    first = ev.ranked[0]
    assert first.previous is not None and first.change == 3
    reasons = {u.report.source: u.reason for u in ev.unranked}
    assert (
        "未计入排名" in reasons["丙-copy.pdf"] and "丙县人民政府-2023.txt" in reasons["丙-copy.pdf"]
    )
    assert reasons["丁县人民政府-2021.txt"] == "不是本次检查的2023年度报告，未计入排名"
    assert "坏文件" in reasons["broken.pdf"]
    assert ev.grade_counts() == {"优秀": 3, "良好": 0, "合格": 0, "不合格": 0}
    [common] = ev.problems
    assert common.id == "T3.E001" and common.units == ("丙县人民政府", "乙县人民政府")
    # Without a year, each unit's latest report is ranked.
    latest = evaluate(reports, SCHEME)
    assert {r.report.unit: r.report.year for r in latest.ranked}["丁县人民政府"] == 2021
    assert latest.year_text == "2021至2023"


def test_numbers_in_words():
    assert [numeral(n) for n in (1, 9, 10, 11, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十三",
    ]
    assert points_text(Decimal("87.50")) == "87.5" and points_text(Decimal("90.0")) == "90"
    assert quoted("表三「总计」栏") == "表三“总计”栏"


def _evaluation():
    reports = [
        SCORER.score(record("甲县人民政府", 2023)),
        SCORER.score(record("乙县财政局", 2023, finding("T3.E001"), finding("PUB.W001"))),
        SCORER.score(record("丙镇人民政府", 2023, *[finding("VAL.W001")] * 4)),
        SCORER.score({"source": "丁.pdf", "error": {"message": "坏文件"}}, "丁县统计局"),
    ]
    return evaluate(reports, SCHEME, year=2023)


def test_the_bulletin_draft_in_plain_official_chinese():
    b = draft_bulletin(_evaluation(), issued_on=date(2024, 4, 8), issuer="示例市人民政府办公室")
    assert b.title == "关于2023年度政府信息公开工作年度报告检查情况的通报"
    assert b.date == "2024年4月8日" and b.issuer == "示例市人民政府办公室"
    scope, method, unreadable = b.parts[0].paragraphs
    assert scope == (
        "本次共检查3个单位的2023年度政府信息公开工作年度报告，"
        "其中人民政府1个、政府部门1个、乡镇（街道）1个。"
    )
    assert "满分100分。" in method
    assert unreadable.startswith("另有1份报告文件无法读取")
    overview, late = b.parts[1].paragraphs
    assert overview == (
        "检查的3个单位平均得分95分，最高分100分（甲县人民政府），最低分87分（乙县财政局）。"
        "按照评分方案，评定为优秀的2个、良好的1个（见下表）。"
    )
    assert late == "1个单位未在条例第四十九条规定的时限内公布年度报告：乙县财政局。"
    assert b.parts[1].table == "grades"
    problems = b.parts[2].paragraphs
    assert (
        problems[0] == "（一）统计表单元格留空，未填写“0”。1个单位存在此问题，共4处：丙镇人民政府。"
    )
    assert [g.grade for g in b.grades] == ["优秀", "良好", "合格", "不合格"]
    assert b.units == ("甲县人民政府", "丙镇人民政府", "乙县财政局", "丁县统计局")
    assert b.annex[0].problems == ("未发现问题。",)
    assert b.annex[2].problems[0].endswith("（扣3分）。")
    assert b.annex[3].grade == "未评分" and "坏文件" in b.annex[3].problems[0]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_draft_reads_back_as_written(tmp_path, suffix):
    b = draft_bulletin(_evaluation(), issued_on=date(2024, 4, 8))
    path = tmp_path / f"draft{suffix}"
    write_bulletin(b, path)
    assert read_bulletin(path) == b
    assert b.issuer == "（发文机关署名）"


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (lambda d: d.pop("title"), "title", "缺少此项"),
        (lambda d: d.update(format="x"), "format", "不是 gongkai 的通报草稿"),
        (lambda d: d["parts"][1].update(paragraphs="文字"), "parts[1].paragraphs", "应为列表"),
        (
            lambda d: d["parts"][0]["paragraphs"].append(None),
            "parts[0].paragraphs[3]",
            "应为文字，而不是空值",
        ),
        (lambda d: d["parts"][1].update(table="chart"), "parts[1].table", "应为 grades 或 null"),
        (lambda d: d["annex"][1].pop("grade"), "annex[1].grade", "缺少此项"),
        (lambda d: d.pop("parts"), "parts", "缺少此项"),
        (lambda d: d["annex"][0].update(unit=None), "annex[0].unit", "应为文字，而不是空值"),
        (lambda d: d.update(grades={}), "grades", "应为列表"),
        (lambda d: d["grades"][0].update(count=-1), "grades[0].count", "应为不小于0的整数"),
    ],
)
def test_a_broken_draft_names_the_key(tmp_path, change, key, message):
    data = draft_bulletin(_evaluation(), issued_on=date(2024, 4, 8)).to_json()
    change(data)
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BulletinError) as caught:
        read_bulletin(path)
    assert caught.value.key == key and message in caught.value.message


def test_a_score_edited_as_a_number_is_taken(tmp_path):
    data = draft_bulletin(_evaluation(), issued_on=date(2024, 4, 8)).to_json()
    data["annex"][0]["score"] = 99.5
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert read_bulletin(path).annex[0].score == "99.5"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(BulletinError, match="无法读取"):
        read_bulletin(path)


def test_a_long_ranking_names_no_units_in_the_body_table():
    reports = [SCORER.score(record(f"示例{i}县人民政府", 2023)) for i in range(61)]
    b = draft_bulletin(evaluate(reports, SCHEME), issued_on=date(2024, 4, 8))
    top = b.grades[0]
    assert (top.grade, top.count, top.units, top.named) == ("优秀", 61, (), "见附件1")
    assert b.grades[-1].named == "无"
    assert len(b.annex) == 61
    short = draft_bulletin(evaluate(reports[:60], SCHEME), issued_on=date(2024, 4, 8))
    assert len(short.grades[0].units) == 60
