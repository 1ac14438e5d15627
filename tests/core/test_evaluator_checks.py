"""The checks an evaluator makes by eye (issue 14, deliver 4): each on a report that
breaks it, with the numbers in its message, and silent on the reports that do not."""

from __future__ import annotations

from gongkai.core import Severity, Version, check, parse_text
from gongkai.core.report.render import render_text
from support import model


def findings(text: str) -> list:
    return check(parse_text(text, source="test"))


def of(text: str, rule: str) -> list:
    return [f for f in findings(text) if f.id == rule]


# --- Table 2: columns that cannot both be true --------------------------------------


def test_in_force_below_issued_less_repealed(build):
    text = build(
        {
            "active.normative.issued": 9,
            "active.normative.repealed": 2,
            "active.normative.in_force": 5,
        }
    )
    [f] = of(text, "T2.W002")
    assert f.severity is Severity.WARNING
    assert f.location.row == "active.normative"
    assert f.message == (
        "表二「行政规范性文件」本年制发9件、本年废止2件，现行有效却只有5件，少于7件"
    )


def test_in_force_at_the_bound_is_not_a_finding(build):
    # 9 issued, 2 repealed: 7 of this year's may still be in force, and no fewer
    text = build(
        {
            "active.normative.issued": 9,
            "active.normative.repealed": 2,
            "active.normative.in_force": 7,
        }
    )
    assert of(text, "T2.W002") == []
    # issued more than in force is possible once enough were repealed
    text = build({"active.rules.issued": 4, "active.rules.repealed": 3, "active.rules.in_force": 1})
    assert of(text, "T2.W002") == []


def test_2019_made_but_nothing_published():
    cells = {
        "active.normative.new_made": 4,
        "active.normative.new_published": 0,
        "active.normative.total_published": 0,
        "active.rules.new_made": 0,
        "active.rules.new_published": 0,
        "active.rules.total_published": 0,
    }
    text = render_text(model(cells, year=2019, version=Version.V2019))
    [f] = of(text, "T2.W003")
    assert f.location.row == "active.normative"
    assert "本年新制作4件" in f.message and "对外公开总数量为0" in f.message
    # Made and published: nothing to say (and 0 made, 0 published is plain)
    cells["active.normative.new_published"] = 4
    cells["active.normative.total_published"] = 30
    assert of(render_text(model(cells, year=2019, version=Version.V2019)), "T2.W003") == []


# --- 总计 left blank ----------------------------------------------------------------

BLANK = 987654  # a value no report has, replaced by nothing in the text


def test_blank_row_total_names_the_sum_of_its_applicants(build):
    text = build({"apply.result.grant.total": BLANK}).replace(str(BLANK), "")
    [f] = of(text, "VAL.W005")
    assert f.location.cell == "apply.result.grant.total"
    assert f.severity is Severity.WARNING
    # CONSISTENT: （一）予以公开 is 5 + 1 = 6
    assert f.message == "表三「（一）予以公开」行「总计」栏留空；按各类申请人之和（R3）应为6"
    # the blank draws its VAL.W001 too, and no error: a blank total states nothing
    assert not [g for g in findings(text) if g.severity is Severity.ERROR]


def test_blank_result_total_names_r1_and_r2(build):
    text = build({"apply.result.total.np": BLANK}).replace(str(BLANK), "")
    [f] = of(text, "VAL.W005")
    assert f.location.cell == "apply.result.total.np"
    # 自然人: new 10 + carried in 2 - carried out (CONSISTENT) = the sum of the results
    assert "（R1）应为" in f.message and "（R2）应为" in f.message
    r1 = f.message.split("（R1）应为")[1].split("，")[0]
    r2 = f.message.split("（R2）应为")[1]
    assert r1 == r2


def test_blank_table4_total(build):
    text = build(
        {
            "review.upheld": 2,
            "review.corrected": 0,
            "review.other": 0,
            "review.pending": 1,
            "review.total": BLANK,
        },
    ).replace(str(BLANK), "")
    [f] = of(text, "VAL.W005")
    assert f.location.table == "review" and f.location.cell == "review.total"
    assert f.message.endswith("（R4）应为3")


def test_blank_total_of_a_row_of_zeros_is_only_a_blank(build):
    # 1.属于国家秘密 is all zeros in CONSISTENT: the blank is VAL.W001's, nothing more
    text = build({"apply.result.deny.state_secret.total": BLANK}).replace(str(BLANK), "")
    assert of(text, "VAL.W005") == []
    assert [f.id for f in findings(text)] == ["VAL.W001"]


# --- 「行政规范性文件」 printed with the 2019 name -------------------------------------


def test_2021_normative_row_printed_as_guifanxing_wenjian(build):
    text = build().replace("| 行政规范性文件 |", "| 规范性文件 |")
    found = findings(text)
    assert [f.id for f in found] == ["FMT.W005"]
    assert "印作「规范性文件」" in found[0].message
    # the 2019 format's own row name is right there
    text19 = render_text(
        model(
            {
                "active.normative.new_made": 1,
                "active.normative.new_published": 1,
                "active.normative.total_published": 9,
            },
            year=2019,
            version=Version.V2019,
        )
    )
    assert "| 规范性文件 |" in text19
    assert of(text19, "FMT.W005") == []


# --- The opening names the report for another year ----------------------------------


def _with_opening(text: str, opening: str) -> str:
    title, rest = text.split("\n", 1)
    return f"{title}\n{opening}\n{rest}"


def test_opening_quotes_last_years_title(build):
    text = _with_opening(
        build(),
        "现将《示例县人民政府2022年政府信息公开工作年度报告》公布如下。"
        "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    )
    [f] = of(text, "META.W004")
    assert f.message == (
        "报告开头称本报告为《示例县人民政府2022年政府信息公开工作年度报告》（2022年），"
        "而统计期限所示为2023年"
    )


def test_opening_quoting_this_years_title_or_the_format_is_fine(build):
    text = _with_opening(
        build(),
        "现将《示例县人民政府2023年度政府信息公开工作年度报告》公布如下。根据"
        "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制。",
    )
    assert of(text, "META.W004") == []


def test_last_years_report_named_in_a_section_is_not_the_report_naming_itself(build):
    text = build(
        narrative={
            "sec1": "本年度共收到政府信息公开申请14件，办结15件，1件结转下年度办理。",
            "sec5": "针对《示例县人民政府2022年政府信息公开工作年度报告》所列问题，已逐项整改。",
            "sec6": "无。",
        }
    )
    assert of(text, "META.W004") == []


def test_consistent_report_draws_none_of_them(build):
    assert findings(build()) == []
