"""Scoring schemes: the default ships whole and valid; a scheme that cannot be used is
refused with the key at fault named."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from gongkai.core.evaluate import scheme as sch
from gongkai.core.evaluate.problems import PROBLEMS
from gongkai.core.evaluate.scheme import SchemeError, default_scheme, parse_scheme
from gongkai.core.report.rules import CATALOGUE


def default_data() -> dict:
    from importlib import resources

    text = resources.files("gongkai.core.evaluate").joinpath(sch.DEFAULT_SCHEME).read_text("utf-8")
    return yaml.safe_load(text)


def test_the_default_scheme_scores_every_finding_once_per_place():
    scheme = default_scheme()
    assert scheme.total == 100 and sum(i.weight for i in scheme.indicators) == 100
    assert [g for g, _ in scheme.grades] == ["优秀", "良好", "合格", "不合格"]
    covered = {i for ind in scheme.indicators for i in ind.points}
    assert covered == set(CATALOGUE)
    # An id taken by several indicators is taken by section: each place goes to one.
    for finding_id in covered:
        takers = [ind for ind in scheme.indicators if finding_id in ind.points]
        sections = [ind.section for ind in takers]
        assert len(takers) == 1 or (None not in sections and len(set(sections)) == len(takers))
    families = {
        "on_time": {"ART49"},
        "copy": {"COPY"},
        "cross_year": {"R5", "R9"},
        "narrative": {"R8", "PRACTICE"},
    }
    for ident, rules in families.items():
        assert {CATALOGUE[i].rule for i in scheme.indicator(ident).points} == rules


def test_every_finding_has_a_problem_phrase():
    assert set(PROBLEMS) == set(CATALOGUE)
    assert all(p and not p.endswith("。") for p in PROBLEMS.values())


def test_points_go_to_the_most_specific_key():
    scheme = default_scheme()
    fmt = scheme.indicator("format")
    assert fmt.points == {"FMT.W001": 5, "FMT.W002": 5, "FMT.W003": 1, "FMT.W005": 1}
    arithmetic = scheme.indicator("arithmetic")
    assert arithmetic.points["T3.E001"] == 3 and arithmetic.points["VAL.W003"] == 1
    cross = scheme.indicator("cross_year")
    assert cross.points["YR.I001"] == 0  # info: no deduct key for it
    data = default_data()
    data["indicators"]["arithmetic"]["match"] = ["R1", "VAL.*"]
    data["indicators"]["arithmetic"]["deduct"] = {"error": 2, "VAL.*": 1, "R1": 4, "VAL.E001": 3}
    own = parse_scheme(yaml.safe_dump(data, allow_unicode=True))  # keys sorted: any order
    points = own.indicator("arithmetic").points
    assert [g for g, _ in own.grades] == ["优秀", "良好", "合格", "不合格"]
    assert points["T3.E001"] == 4 and points["VAL.E001"] == 3 and points["VAL.E002"] == 1


def test_grade_bands_in_words():
    scheme = default_scheme()
    assert [scheme.band(g) for g, _ in scheme.grades] == [
        "90分以上",
        "80分以上不满90分",
        "60分以上不满80分",
        "不满60分",
    ]
    assert scheme.grade(Decimal(90)) == "优秀" and scheme.grade(Decimal("89.5")) == "良好"
    assert scheme.grade(Decimal(0)) == "不合格"


def _mutated(change) -> str:
    data = default_data()
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _set(path: str, value):
    def change(data):
        *parents, last = path.split(".")
        node = data
        for p in parents:
            node = node[p]
        node[last] = value

    return change


def _drop(path: str):
    def change(data):
        *parents, last = path.split(".")
        node = data
        for p in parents:
            node = node[p]
        del node[last]

    return change


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (_set("indicators.format.weight", "十"), "indicators.format.weight", "应为不小于0的数"),
        (_set("indicators.format.weight", True), "indicators.format.weight", "真假值"),
        (_set("indicators.format.weight", 11), "indicators", "各指标分值之和为101，应等于满分100"),
        (_set("indicators.copy.match", ["R10"]), "indicators.copy.match[0]", "「R10」既不是"),
        (_set("indicators.copy.match", []), "indicators.copy.match", "应为非空列表"),
        (
            _set("indicators.copy.deduct", {"T3.E001": 1}),
            "indicators.copy.deduct.T3.E001",
            "也不在本指标的 match 之内",
        ),
        (
            _set("indicators.copy.deduct", {"warning": 6}),
            "indicators.copy.deduct.warning",
            "每项扣6分，超过本指标的分值5分",
        ),
        (_set("indicators.sec1.section", "sec7"), "indicators.sec1.section", "sec1 至 sec6"),
        (_set("indicators.copy.weights", 5), "indicators.copy.weights", "不认识的键"),
        (_drop("indicators.copy.label"), "indicators.copy.label", "缺少此项"),
        (_set("indicators.copy.label", ""), "indicators.copy.label", "应为非空文字"),
        (_set("indicators", []), "indicators", "应为键值对"),
        (_drop("grades"), "grades", "缺少此项"),
        (
            _set("grades", {"优秀": 90, "良好": 90, "差": 0}),
            "grades.良好",
            "与「优秀」的最低分同为90分",
        ),
        (_set("grades", {"优秀": 90, "合格": 60}), "grades.合格", "最低的等次应从0分起"),
        (_set("grades", {"优秀": 120, "差": 0}), "grades.优秀", "超出0至满分100的范围"),
        (_set("total", 0), "total", "应为大于0的数"),
        (_set("nmae", "x"), "nmae", "不认识的键"),
    ],
)
def test_a_bad_scheme_names_the_key(change, key, message):
    with pytest.raises(SchemeError) as caught:
        parse_scheme(_mutated(change), source="my.yaml")
    err = caught.value
    assert err.key == key
    assert message in err.message
    assert str(err).startswith(f"my.yaml：{key}：")


def test_yaml_errors_and_repeated_keys_name_the_line():
    with pytest.raises(SchemeError, match="不是有效的YAML：第3行"):
        parse_scheme("name: x\nindicators: [a\n", source="s.yaml")
    text = "name: x\ntotal: 100\ntotal: 90\ngrades: {a: 0}\nindicators: {}\n"
    with pytest.raises(SchemeError, match="第3行重复出现键「total」"):
        parse_scheme(text)
    with pytest.raises(SchemeError, match="应为键值对"):
        parse_scheme("- a\n- b\n")


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("name: 方案\n".encode("gbk"))
    with pytest.raises(SchemeError, match="不是UTF-8"):
        sch.load_scheme(path)
