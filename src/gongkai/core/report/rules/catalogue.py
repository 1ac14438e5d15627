"""Every finding gongkai can report, by stable id.

An id is never reused for another meaning. ``docs/rules.md`` lists the same ids;
a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.report.model import Finding, Location, Severity

__all__ = ["CATALOGUE", "RULE_NAMES", "RuleInfo", "make", "rule_name"]

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class RuleInfo:
    id: str
    rule: str
    severity: Severity
    title: str  # English, for docs/rules.md
    hint: str  # Chinese, shown with every finding of this id


_ENTRIES = (
    # Table 3 arithmetic ------------------------------------------------------------
    RuleInfo(
        "T3.E001",
        "R1",
        E,
        "Table 3 column does not balance: new + carried in ≠ results total + carried out",
        "表三每一列须满足：第一项加第二项之和，等于第三项加第四项之和。请核对该列各数。",
    ),
    RuleInfo(
        "T3.E002",
        "R2",
        E,
        "Table 3 （七）总计 is not the sum of the results （一）–（六）",
        "「（七）总计」应等于（一）至（六）各项办理结果之和。",
    ),
    RuleInfo(
        "T3.E003",
        "R3",
        E,
        "Table 3 row: 总计 is not the sum of the six applicant columns",
        "「总计」栏应等于自然人与法人或其他组织五类申请人之和。",
    ),
    RuleInfo(
        "T3.E004",
        "SUB",
        E,
        "Table 3 row: printed 法人或其他组织 小计 is not the sum of the five kinds",
        "「小计」应等于商业企业、科研机构、社会公益组织、法律服务机构、其他五栏之和。",
    ),
    RuleInfo(
        "T3.E005",
        "SUB",
        E,
        "Table 3: a printed group subtotal row is not the sum of its numbered rows",
        "分组小计行应等于其下各编号行之和；官方格式不设小计行，建议删去。",
    ),
    # Table 4 arithmetic ------------------------------------------------------------
    RuleInfo(
        "T4.E001",
        "R4",
        E,
        "Table 4 group: 总计 is not 维持 + 纠正 + 其他 + 尚未审结",
        "「总计」应等于结果维持、结果纠正、其他结果、尚未审结四栏之和。",
    ),
    # Values ------------------------------------------------------------------------
    RuleInfo(
        "VAL.E001",
        "R6",
        E,
        "a cell holds text that is not a number",
        "单元格只应填写数字；没有发生的填0。",
    ),
    RuleInfo("VAL.E002", "R6", E, "a count or amount is negative", "件数和金额不能为负数。"),
    RuleInfo("VAL.E003", "R6", E, "a count is not a whole number", "件数应为整数。"),
    RuleInfo(
        "VAL.W001",
        "R7",
        W,
        "blank cells in a row",
        "没有发生的事项应填写0，不应留空。",
    ),
    RuleInfo(
        "VAL.W002",
        "R7",
        W,
        "cells marked 「/」「—」 (not applicable) in a row",
        "本表各项均适用于所有机关；没有发生的事项填0，不用「/」或「—」。",
    ),
    RuleInfo(
        "VAL.W003",
        "R6",
        W,
        "an amount printed in 元 where the column is in 万元",
        "行政事业性收费金额以万元为单位填写，单元格内不写单位。",
    ),
    # Narrative against tables --------------------------------------------------------
    RuleInfo(
        "NAR.W001",
        "R8",
        W,
        "a number in the narrative contradicts the tables",
        "正文所述数字应与统计表一致；请核对正文或表格。",
    ),
    # Across years ------------------------------------------------------------------
    RuleInfo(
        "YR.W001",
        "R5",
        W,
        "carried in from last year ≠ last year's carried out",
        "「上年结转」应等于上年报告的「结转下年度继续办理」；机构调整或更正上年数据的，应在报告中说明。",
    ),
    RuleInfo(
        "YR.I001",
        "R9",
        INFO,
        "in-force stock ≠ last year's stock + issued − repealed",
        "现行有效件数一般等于上年现行有效件数加本年制发减本年废止；清理或修订文件的，可在正文说明。",
    ),
    RuleInfo(
        "YR.W002",
        "R5",
        W,
        "the prior report is not the previous year's, or is another body's",
        "跨年度核对需要同一机关上一年度的报告。",
    ),
    # Format version ------------------------------------------------------------------
    RuleInfo(
        "FMT.W001",
        "FMT",
        W,
        "a 2019 trial-format row or table in a report for 2021 or later",
        "2021年起的年度报告应使用国办公开办函〔2021〕30号规定的格式。",
    ),
    RuleInfo(
        "FMT.W002",
        "FMT",
        W,
        "a 2021-format row or table in a report for 2019 or 2020",
        "2019、2020年度报告使用国办公开办函〔2019〕60号印发的试行格式。",
    ),
    RuleInfo(
        "FMT.W003",
        "FMT",
        W,
        "a row label differs from the official wording",
        "行、列名称应与官方格式一致，不得改写。",
    ),
    RuleInfo(
        "FMT.W004",
        "FMT",
        W,
        "a row of the format is missing from a table that is otherwise printed",
        "官方格式的每一行都应保留，没有发生的填0。",
    ),
    # Structure ---------------------------------------------------------------------
    RuleInfo(
        "STRUCT.E001",
        "STRUCT",
        E,
        "a statistics table is missing",
        "年度报告应包含表二、表三、表四三张统计表。",
    ),
    RuleInfo(
        "STRUCT.W001",
        "STRUCT",
        W,
        "a row prints fewer cells than the format has",
        "每行应有与表头相同数量的单元格；缺少的单元格无法判断对应哪一栏，未予读取。",
    ),
    RuleInfo(
        "STRUCT.W002",
        "STRUCT",
        W,
        "a row prints more cells than the format has",
        "每行应有与表头相同数量的单元格；多出的单元格无法判断对应哪一栏，未予读取。",
    ),
    RuleInfo(
        "STRUCT.W003",
        "STRUCT",
        W,
        "a narrative section is missing",
        "年度报告应包括条例第五十条规定的六部分内容。",
    ),
    RuleInfo(
        "STRUCT.W004",
        "STRUCT",
        W,
        "a row is printed twice; the second is not read",
        "每一行只应出现一次。",
    ),
    RuleInfo(
        "STRUCT.W005",
        "STRUCT",
        W,
        "the text ends before the report does (cut off)",
        "报告文本不完整，请取得完整的报告后重新核对。",
    ),
    # Practice: what evaluators check beyond arithmetic -----------------------------
    RuleInfo(
        "PUB.W001",
        "ART49",
        W,
        "published after the Art. 49 deadline",
        "县级以上人民政府部门应于每年1月31日前、县级以上地方人民政府应于每年3月31日前公布上一年度报告（条例第四十九条）。",
    ),
    RuleInfo(
        "T2.W001",
        "PRACTICE",
        W,
        "规章 reported by a body that cannot make them",
        "只有省、自治区、直辖市和设区的市人民政府可以制定规章；其他机关的规章栏应填0。",
    ),
    RuleInfo(
        "NAR.W003",
        "PRACTICE",
        W,
        "the narrative gives statistics of an earlier year",
        "正文的统计数字应是本报告年度的；沿用往年文字的，请更新。",
    ),
    RuleInfo(
        "META.W003",
        "META",
        W,
        "the title's year is not the statistics period's",
        "标题年度应与正文所述统计期限一致。",
    ),
    RuleInfo(
        "STRUCT.W006",
        "STRUCT",
        W,
        "a table is printed with no values",
        "统计表应逐项填写，没有发生的填0。",
    ),
    RuleInfo(
        "STRUCT.W007",
        "STRUCT",
        W,
        "a section is misnumbered",
        "六部分依次编号为一至六。",
    ),
    RuleInfo(
        "STRUCT.W008",
        "STRUCT",
        W,
        "the preamble announces a number of parts the report does not have",
        "开头所述部分数应与正文一致。",
    ),
    RuleInfo(
        "VAL.W004",
        "R6",
        W,
        "2019 format: a cumulative count below this year's",
        "对外公开总数量应不小于本年新公开数量。",
    ),
    RuleInfo(
        "YR.W003",
        "COPY",
        W,
        "a narrative section nearly the same as last year's (内容雷同)",
        "年度报告应如实反映本年度工作，不得照搬上年内容（国办公开办函〔2021〕30号）。",
    ),
    # Metadata ----------------------------------------------------------------------
    RuleInfo(
        "T2.W002",
        "PRACTICE",
        W,
        "Table 2 (2021 format): in force fewer than issued this year less repealed",
        "本年制发的文件未废止的，年末应仍现行有效：现行有效件数一般不少于本年制发件数减本年废止件数；有效期届满失效的，请在正文说明。",
    ),
    RuleInfo(
        "T2.W003",
        "PRACTICE",
        W,
        "Table 2 (2019 format): made this year, but none published this year and none in total",
        "本年新制作的规章、规范性文件应当公开；对外公开总数量应包括本年新公开的数量。",
    ),
    RuleInfo(
        "VAL.W005",
        "R7",
        W,
        "a 总计 cell left blank where its row has values (with what the sums say it should be)",
        "「总计」栏应填写合计数，不应留空。",
    ),
    RuleInfo(
        "FMT.W005",
        "FMT",
        W,
        "2021 format: 「行政规范性文件」 printed as 「规范性文件」",
        "2021年格式表二将「规范性文件」改为「行政规范性文件」，行名称应与官方格式一致。",
    ),
    RuleInfo(
        "META.W004",
        "META",
        W,
        "the opening names the report for another year than its statistics period",
        "报告开头所称报告名称的年度应与统计期限一致；沿用往年文字的，请更新。",
    ),
    RuleInfo(
        "META.W001",
        "META",
        W,
        "the report year cannot be found",
        "报告标题应写明年度，如「××县人民政府2023年政府信息公开工作年度报告」。",
    ),
    RuleInfo(
        "META.W002",
        "META",
        W,
        "the issuing body cannot be found",
        "报告标题应写明发布机关名称。",
    ),
)

CATALOGUE: dict[str, RuleInfo] = {e.id: e for e in _ENTRIES}

#: Each rule family's name as shown to readers (docs/rules.md describes them): the
#: format's rules keep their number (R1 … R9), gongkai's own families are named.
RULE_NAMES: dict[str, str] = {
    "R1": "R1 表三各列收支平衡",
    "R2": "R2 办理结果总计",
    "R3": "R3 申请人各栏总计",
    "R4": "R4 表四各组总计",
    "R5": "R5 与上年结转衔接",
    "R6": "R6 数值有效",
    "R7": "R7 单元格填写规范",
    "R8": "R8 正文与统计表一致",
    "R9": "R9 现行有效件数衔接",
    "SUB": "小计正确",
    "FMT": "格式版本",
    "STRUCT": "结构完整",
    "META": "标题与年度",
    "ART49": "按时公开",
    "PRACTICE": "填报常识",
    "COPY": "内容雷同",
}


def rule_name(rule: str) -> str:
    """The reader's name of a rule family (the code itself for one not named)."""
    return RULE_NAMES.get(rule, rule)


def make(rule_id: str, location: Location, message: str, hint: str | None = None) -> Finding:
    """A finding of a catalogued id; its rule, severity and default hint come from the catalogue."""
    info = CATALOGUE[rule_id]
    return Finding(rule_id, info.rule, info.severity, location, message, hint or info.hint)
