"""Each consistency rule on a report that breaks it, and on one that does not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.core import Severity, Version, check, parse_text
from gongkai.core.report.render import render_text
from support import COLS, CONSISTENT, model


def findings(text: str, prior: str | None = None) -> list:
    prior_report = parse_text(prior, source="prior") if prior else None
    return check(parse_text(text, source="test"), prior_report)


def ids(text: str, prior: str | None = None) -> list[str]:
    return sorted(f.id for f in findings(text, prior))


def test_consistent_report_has_no_findings(build):
    assert findings(build()) == []


def test_r1_names_the_column_and_its_numbers(build):
    # 科研机构: new 1 -> 3, with the row total, so that R3 still holds and R1 fails
    # in the 科研机构 and 总计 columns (16 + 2 != 15 + 1).
    text = build({"apply.new.le_res": 3, "apply.new.total": 16}, narrative={})
    found = findings(text)
    assert sorted(f.id for f in found if f.severity is Severity.ERROR) == ["T3.E001", "T3.E001"]
    by_col = {f.location.column: f for f in found if f.id == "T3.E001"}
    assert set(by_col) == {"le_res", "total"}
    f = by_col["le_res"]
    assert (f.rule, f.location.column_label) == ("R1", "科研机构")
    assert (
        f.message
        == "「科研机构」列：本年新收3加上年结转0为3，办理结果总计1加结转下年度0为1，两者不等"
    )
    # Without the row total, R3 fails as well
    assert ids(build({"apply.new.le_res": 3}, narrative={})).count("T3.E003") == 1


def test_r1_total_column(build):
    text = build(
        {
            "apply.carried_out.np": 2,
            "apply.carried_out.total": 2,
            "apply.new.np": 11,
            "apply.new.total": 15,
        },
        narrative={},
    )
    # np balances (11+2 = 11+2) and total balances (15+2 = 15+2): no finding at all
    assert ids(text) == []


def test_r2_result_total_against_the_outcomes(build):
    text = build({"apply.result.grant.np": 6, "apply.result.grant.total": 7})
    found = findings(text)
    assert sorted(f.id for f in found) == ["T3.E002", "T3.E002"]
    by_col = {f.location.column: f for f in found}
    assert set(by_col) == {"np", "total"}
    assert "合计12" in by_col["np"].message and "「（七）总计」为11" in by_col["np"].message


def test_r2_uses_the_single_2019_other_row(build):
    text = build(
        {f"apply.result.other.{c}": v for c, v in zip(COLS, (0, 1, 0, 0, 0, 0, 1), strict=True)},
        drop=tuple(
            f"apply.result.other.{k}.{c}"
            for k in ("no_correction", "fee_unpaid", "misc")
            for c in COLS
        ),
    )
    assert ids(text) == ["FMT.W001"]
    broken = text.replace("| （六）其他处理 | 0 | 1 |", "| （六）其他处理 | 0 | 4 |")
    assert "T3.E002" in ids(broken)


def test_r3_message_matches_the_spec_wording(build):
    text = build({"apply.new.np": 12})
    f = next(f for f in findings(text) if f.id == "T3.E003")
    assert f.message == "「一、本年新收政府信息公开申请数量」行：各类申请人合计16，总计栏为14"
    assert f.location.row == "apply.new" and f.location.cell == "apply.new.total"


def test_r4_each_group(build):
    text = build({"lit_after_review.pending": 2})
    [f] = findings(text)
    assert (f.id, f.rule) == ("T4.E001", "R4")
    assert f.location.row == "lit_after_review" and f.location.cell == "lit_after_review.total"
    assert "合计2，总计栏为0" in f.message


@pytest.mark.parametrize(
    ("cell", "printed", "rule_id"),
    [
        ("active.penalty.decisions", "-3", "VAL.E002"),
        ("apply.result.grant.le_oth", "1.5", "VAL.E003"),
        ("review.other", "约2", "VAL.E001"),
    ],
)
def test_r6_values(build, cell, printed, rule_id):
    text = build({cell: 777777})
    text = text.replace("777777", printed)
    found = findings(text)
    hit = [f for f in found if f.id == rule_id]
    assert len(hit) == 1, [f.id for f in found]
    assert hit[0].location.cell == cell
    assert printed in hit[0].message


def test_r6_fee_in_yuan_is_converted_and_flagged(build, parse):
    text = build({"active.admin_fees.amount_wan": 777777}).replace("777777", "125000元")
    report = parse(text)
    assert report.cells["active.admin_fees.amount_wan"].number == Decimal(125000)
    [f] = [f for f in check(report) if f.id == "VAL.W003"]
    assert "12.5万元" in f.message


def test_r6_fee_decimal_is_fine(build):
    assert findings(build({"active.admin_fees.amount_wan": "7730.28"})) == []


def test_r7_blank_and_dash_cells_are_warnings_and_count_zero(build):
    text = build({"apply.carried_in.le_law": 777777, "apply.carried_in.le_soc": 888888})
    text = text.replace("777777", "").replace("888888", "—")
    found = findings(text)
    assert sorted(f.id for f in found) == ["VAL.W001", "VAL.W002"]
    blank = next(f for f in found if f.id == "VAL.W001")
    assert blank.location.row == "apply.carried_in" and "法律服务机构" in blank.message


def test_r8_narrative_contradicts_table(build):
    text = build(
        narrative={"sec1": "全年共收到政府信息公开申请20件。", "sec5": "无。", "sec6": "无。"}
    )
    [f] = findings(text)
    assert (f.id, f.rule) == ("NAR.W001", "R8")
    assert "20件" in f.message and "14" in f.message
    assert f.location.section == "sec1"


def test_r8_accepts_new_plus_carried_in(build):
    text = build(
        narrative={
            "sec1": "共受理政府信息公开申请16件（含上年结转2件）。",
            "sec5": "无。",
            "sec6": "无。",
        }
    )
    assert findings(text) == []


def test_r8_review_count(build):
    text = build(
        narrative={"sec1": "发生政府信息公开行政复议5件。", "sec5": "无。", "sec6": "无。"}
    )
    [f] = findings(text)
    assert "行政复议总计为3" in f.message


def test_r5_and_r9_with_prior(build):
    prior = render_text(
        model(
            {
                "apply.carried_out.np": 3,
                "apply.carried_out.total": 3,
                "active.normative.in_force": 10,
            },
            year=2022,
        )
    )
    found = findings(build(), prior)
    assert sorted(f.id for f in found) == ["YR.I001", "YR.W001", "YR.W001"]
    r5 = {f.location.column: f for f in found if f.id == "YR.W001"}
    assert set(r5) == {"np", "total"}
    assert "上年结转2" in r5["np"].message and "结转下年度3" in r5["np"].message
    r9 = next(f for f in found if f.id == "YR.I001")
    assert "上年现行有效10加本年制发3减本年废止1为12，本年现行有效为20" in r9.message


def test_prior_of_another_year_is_flagged(build):
    prior = render_text(model(year=2020))
    assert "YR.W002" in ids(build(), prior)


def test_subtotal_column_and_group_rows(parse):
    base = render_text(model())
    # A 小计 column after 其他, and a （三）不予公开 subtotal row
    lines = []
    for line in base.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| | | 商业企业"):
            line = "| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 小计 | |"
        elif len(cells) == 8 and cells[1].isdigit():
            le = sum(int(c) for c in cells[2:7])
            le = le + 1 if cells[0].startswith("二、") else le
            line = "| " + " | ".join([*cells[:7], str(le), cells[7]]) + " |"
        elif cells == ["（三）不予公开"]:
            line = "| （三）不予公开 | 2 | 0 | 0 | 0 | 1 | 0 | 1 | 3 |"
        lines.append(line)
    report = parse("\n".join(lines))
    assert report.cells["apply.new.le_subtotal"].number == 4
    found = check(report)
    assert sorted(f.id for f in found) == ["T3.E004", "T3.E005", "T3.E005"]
    sub = next(f for f in found if f.id == "T3.E004")
    assert sub.location.row == "apply.carried_in" and "小计栏为1" in sub.message
    groups = {f.location.column: f for f in found if f.id == "T3.E005"}
    assert set(groups) == {"np", "total"}
    assert groups["total"].location.row == "apply.result.deny"
    assert "「总计」列为3，其下各项合计2" in groups["total"].message


def test_a_2019_format_table_in_a_2021_report():
    text = render_text(model({"active.rules.new_made": 0}, version=Version.V2019, year=2023))
    assert "FMT.W001" in ids(text)


def test_consistent_cells_are_all_read(build, parse):
    report = parse(build())
    assert {k: v.number for k, v in report.cells.items()} == {
        k: Decimal(str(v)) for k, v in CONSISTENT.items()
    }


# --- Practice: what evaluators check beyond arithmetic ------------------------------------


def _with_line_after_title(text: str, line: str) -> str:
    title, rest = text.split("\n", 1)
    return f"{title}\n{line}\n{rest}"


@pytest.mark.parametrize(
    ("body", "published", "late"),
    [
        ("示例县教育局", "2024-02-05", True),  # departments: 31 January
        ("示例县教育局", "2024-01-31", False),
        ("示例县人民政府", "2024-03-31", False),  # governments: 31 March
        ("示例县人民政府", "2024-04-02", True),
        ("示例县城关镇", "2024-06-30", False),  # townships: no statutory date
    ],
)
def test_late_publication(body, published, late):
    text = _with_line_after_title(
        render_text(model(body=body, narrative={})), f"发布日期：{published}"
    )
    found = [f for f in findings(text) if f.id == "PUB.W001"]
    assert len(found) == (1 if late else 0)
    if late:
        assert (
            published in found[0].message
            and "2024-0" in found[0].message
            and "天" in found[0].message
        )


@pytest.mark.parametrize(
    ("body", "flagged"),
    [
        ("示例县城关镇", True),
        ("示例县教育局", True),
        ("示例县人民政府", True),
        ("河北省人民政府", False),
        ("上海市人民政府办公厅", False),
    ],
)
def test_rules_from_a_body_that_cannot_make_them(body, flagged):
    text = render_text(
        model({"active.rules.issued": 1, "active.rules.in_force": 1}, body=body, narrative={})
    )
    assert ("T2.W001" in ids(text)) is flagged


def test_statistics_of_an_earlier_year_in_the_narrative(build):
    text = build(
        narrative={
            "sec1": "2022年，我县共收到政府信息公开申请14件。",
            "sec5": "无。",
            "sec6": "无。",
        }
    )
    [f] = [f for f in findings(text) if f.id == "NAR.W003"]
    assert "2022年" in f.message and f.location.section == "sec1"
    plan = build(
        narrative={
            "sec1": "2024年，我县将继续做好公开工作，计划发布信息100条。",
            "sec5": "无。",
            "sec6": "无。",
        }
    )
    assert "NAR.W003" not in ids(plan)


def test_title_year_against_the_statistics_period(build):
    text = _with_line_after_title(
        build(narrative={}), "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    )
    [f] = [f for f in findings(text) if f.id == "META.W003"]
    assert "2023" in f.message and "2022" in f.message


def test_misnumbered_section_and_announced_parts(build):
    text = build().replace("五、存在的主要问题及改进情况", "四、存在的主要问题及改进情况")
    [f] = [f for f in findings(text) if f.id == "STRUCT.W007"]
    assert f.location.section == "sec5"
    announced = _with_line_after_title(build(), "全文包括总体情况等五部分。")
    [g] = [f for f in findings(announced) if f.id == "STRUCT.W008"]
    assert "5部分" in g.message and "6部分" in g.message


def test_2019_cumulative_below_this_years_count():
    cells = {
        "active.rules.new_made": 0,
        "active.rules.new_published": 0,
        "active.rules.total_published": 0,
        "active.normative.new_made": 5,
        "active.normative.new_published": 5,
        "active.normative.total_published": 3,
    }
    text = render_text(model(cells, version=Version.V2019, year=2020, narrative={}))
    [f] = [f for f in findings(text) if f.id == "VAL.W004"]
    assert "3" in f.message and "5" in f.message and f.location.row == "active.normative"


def test_table_printed_with_no_values(build):
    text = build({"review.upheld": 777777}).replace(
        "| 777777 | 1 | 0 | 1 | 3 | 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |", "|" + " |" * 15
    )
    [f] = [f for f in findings(text) if f.id == "STRUCT.W006"]
    assert f.location.table == "review"


COPIED = (
    "本年度，我县坚持以公开为常态、不公开为例外，围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障，"
    "扎实推进政府信息公开工作，全年主动公开政府信息{n}条，依法办理政府信息公开申请，未发生泄密事件。"
)


def test_narrative_copied_from_last_year():
    prior = render_text(
        model(year=2022, narrative={"sec1": COPIED.format(n=1200), "sec5": "无。", "sec6": "无。"})
    )
    now = render_text(
        model(year=2023, narrative={"sec1": COPIED.format(n=1350), "sec5": "无。", "sec6": "无。"})
    )
    [f] = [f for f in findings(now, prior) if f.id == "YR.W003"]
    assert f.location.section == "sec1" and "相似度为100%" in f.message
    fresh = render_text(
        model(
            year=2023,
            narrative={
                "sec1": "本年度重点推进基层政务公开标准化，新建政务公开专区12个，开展业务培训6场，群众满意度调查显示满意率97%。各乡镇按月更新公开目录。",
                "sec5": "无。",
                "sec6": "无。",
            },
        )
    )
    assert "YR.W003" not in ids(fresh, prior)


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        ("全年共收到政府信息公开申请999件。", "本年新收申请数（或加上年结转）"),
        ("办理依申请公开999件。", "本年新收申请数（或加上年结转）"),
        ("已办结999件。", "办理结果总计"),
        ("予以公开及部分公开999件。", "「（一）予以公开」与「（二）部分公开」总计之和"),
        ("其中部分公开999件。", "「（二）部分公开」总计"),
        ("不予公开999件。", "「（三）不予公开」各项总计之和"),
        ("无法提供999件。", "「（四）无法提供」各项总计之和"),
        ("不予处理999件。", "「（五）不予处理」各项总计之和"),
        ("其中予以公开999件。", "「（一）予以公开」总计"),
        ("结转下年度继续办理999件。", "「四、结转下年度继续办理」总计"),
        ("999件结转至2024年度。", "「四、结转下年度继续办理」总计"),
        ("发生行政复议999件。", "行政复议总计"),
        ("发生行政诉讼999件。", "行政诉讼总计"),
    ],
)
def test_r8_every_phrasing_is_found(build, sentence, what):
    # Each claim of R8 in a sentence of its own, in every narrative section.
    for section in ("sec1", "sec5", "sec6"):
        narrative = {"sec1": "无。", "sec5": "无。", "sec6": "无。", section: sentence}
        found = findings(build(narrative=narrative))
        assert [f.id for f in found] == ["NAR.W001"], (section, found)
        assert what in found[0].message and "999件" in found[0].message
        assert found[0].location.section == section
