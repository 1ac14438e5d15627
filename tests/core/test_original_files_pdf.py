"""The PDF reader and the checker against published reports as PDF: 洪泽区's 2023 report
with （六） collapsed into one row, and 淮安市's 2024 report.

For each file the test pins the issuing body and year as the title prints them, the
format, every cell of the three tables, the exact multiset of finding ids, and the key
numbers of the error findings (helpers in ``original_support``). Every expected value
was read by hand from the file itself, from ``pdftotext -layout`` and the positioned
words of the PDFs; none was taken from the program.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from gongkai.core import Severity, check, read_report
from original_support import (
    ALL_SECTIONS,
    ALL_TABLES,
    ORIGINAL,
    R21,
    T3_ROWS_2021,
    T3_ROWS_SINGLE_OTHER,
    Expect,
    assert_cells,
    numbers,
    only,
    row,
    table3,
    table4,
)

# --------------------------------------------------------------------------------------
# 03 — 洪泽区人民政府, 2023 report, 2021 format with （六） collapsed, PDF
# --------------------------------------------------------------------------------------


def _hongze_cells() -> dict[str, Expect]:
    cells: dict[str, Expect] = {}
    cells |= row("active.rules", R21, [0, 0, 0])
    cells |= row("active.normative", R21, [0, 5, 5])
    cells |= {"active.licensing.decisions": Decimal(550)}
    cells |= {"active.penalty.decisions": Decimal(4119)}
    cells |= {"active.coercion.decisions": Decimal(195)}
    cells |= {"active.admin_fees.amount_wan": Decimal("7730.28")}

    z = [0, 0, 0, 0, 0, 0, 0]
    cells |= table3(
        T3_ROWS_SINGLE_OTHER,
        [
            [21, 0, 0, 0, 0, 0, 21],  # 一、本年新收
            z,  # 二、上年结转
            z,  # （一）予以公开
            [4, 0, 0, 0, 0, 0, 4],  # （二）部分公开
            [1, 0, 0, 0, 0, 0, 1],  # 1.属于国家秘密
            z,  # 「2.其他法律行政止公开」 (typo)
            z,  # 3.危及“三安全一稳定”
            z,  # 4.保护第三方合法权益
            z,  # 5.属于三类内部事务信息
            [1, 0, 0, 0, 0, 0, 1],  # 6.属于四类过程性信息
            [1, 0, 0, 0, 0, 0, 1],  # 7.属于行政执法案卷
            z,  # 8.属于行政查询事项
            [10, 0, 0, 0, 0, 0, 10],  # 1.本机关不掌握相关政府信息
            [3, 0, 0, 0, 0, 0, 3],  # 2.没有现成信息需要另行制作
            z,  # 3.补正后申请内容仍不明确
            [1, 0, 0, 0, 0, 0, 1],  # 1.信访举报投诉类申请
            z,  # 2.重复申请
            z,  # 3.要求提供公开出版物
            z,  # 4.无正当理由大量反复 申请
            z,  # 5.要求行政机关确认或重 新出具/已获取信息
            z,  # （六）其他处理 (one row)
            [21, 0, 0, 0, 0, 0, 21],  # （七）总计
            z,  # 四、结转下年度继续办理
        ],
    )
    # Table 四 (positioned words, page 4): 10 1 0 0 0 | 0 0 0 0 0 | 5 0 0 0 0
    cells |= table4([10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0])
    return cells


def test_03_hongze_district_2023_pdf() -> None:
    report = read_report(ORIGINAL / "03-hongze-district-2023.pdf")
    findings = check(report)

    # Title (two lines): 「洪泽区人民政府 / 2023 年政府信息公开工作年度报告」
    assert report.body == "洪泽区人民政府"
    assert report.year == 2023
    assert report.format is not None and report.format.value == "2021"
    assert set(report.tables) == ALL_TABLES
    assert set(report.sections) == ALL_SECTIONS

    expected = _hongze_cells()
    assert len(expected) == 10 + 23 * 7 + 15
    assert_cells(report, expected)

    assert Counter(f.id for f in findings) == Counter({"T4.E001": 2, "FMT.W001": 1, "FMT.W003": 1})

    e001 = {f.location.row: f for f in only(findings, "T4.E001")}
    assert set(e001) == {"review", "lit_after_review"}
    for f in e001.values():
        assert f.rule == "R4"
        assert f.severity is Severity.ERROR
        assert f.location.column == "total"
        assert f.location.cell == f"{f.location.row}.total"
    # 行政复议: 10 + 1 + 0 + 0 = 11, 总计 printed 0
    review = e001["review"]
    assert "行政复议" in review.message
    assert Counter(numbers(review.message)) >= Counter(["10", "1", "0", "0", "11"])
    assert "11" in review.message and "总计栏为0" in review.message
    # 复议后起诉: 5 + 0 + 0 + 0 = 5, 总计 printed 0
    after = e001["lit_after_review"]
    assert "复议后起诉" in after.message
    assert Counter(numbers(after.message)) >= Counter(["5", "0", "0", "0", "5", "0"])
    assert "总计栏为0" in after.message

    (collapsed,) = only(findings, "FMT.W001")
    assert collapsed.severity is Severity.WARNING
    assert collapsed.location.row == "apply.result.other"

    (typo,) = only(findings, "FMT.W003")
    assert typo.severity is Severity.WARNING
    assert typo.location.row == "apply.result.deny.law_prohibited"
    assert "其他法律行政止公开" in typo.message


# --------------------------------------------------------------------------------------
# 05 — 淮安市人民政府, 2024 report, 2021 format, PDF
# --------------------------------------------------------------------------------------


def _huaian_cells() -> dict[str, Expect]:
    cells: dict[str, Expect] = {}
    cells |= row("active.rules", R21, [1, 0, 11])
    cells |= row("active.normative", R21, [8, 26, 66])
    cells |= {"active.licensing.decisions": Decimal(447228)}
    cells |= {"active.penalty.decisions": Decimal(3985758)}
    cells |= {"active.coercion.decisions": Decimal(88283)}
    cells |= {"active.admin_fees.amount_wan": Decimal("96171.6")}

    cells |= table3(
        T3_ROWS_2021,
        [
            [3001, 53, 0, 0, 61, 4, 3119],  # 一、本年新收
            [34, 0, 0, 0, 0, 0, 34],  # 二、上年结转
            [1288, 21, 0, 0, 50, 3, 1362],  # （一）予以公开
            [447, 7, 0, 0, 0, 0, 454],  # （二）部分公开
            [2, 0, 0, 0, 0, 0, 2],  # 1.属于国家秘密
            [30, 1, 0, 0, 0, 0, 31],  # 2.其他法律行政法规禁止公开
            [5, 0, 0, 0, 0, 0, 5],  # 3.危及“三安全一稳定”
            [6, 0, 0, 0, 0, 0, 6],  # 4.保护第三方合法权益
            [7, 1, 0, 0, 0, 0, 8],  # 5.属于三类内部事务信息
            [12, 0, 0, 0, 0, 0, 12],  # 6.属于四类过程性信息
            [9, 0, 0, 0, 0, 0, 9],  # 7.属于行政执法案卷
            [105, 0, 0, 0, 0, 0, 105],  # 8.属于行政查询事项
            [746, 12, 0, 0, 10, 1, 769],  # 1.本机关不掌握相关政府信息
            [11, 0, 0, 0, 0, 0, 11],  # 2.没有现成信息需要另行制作
            [1, 0, 0, 0, 0, 0, 1],  # 3.补正后申请内容仍不明确
            [56, 6, 0, 0, 0, 0, 62],  # 1.信访举报投诉类申请
            [25, 0, 0, 0, 0, 0, 25],  # 2.重复申请
            [0, 0, 0, 0, 0, 0, 0],  # 3.要求提供公开出版物
            [0, 0, 0, 0, 0, 0, 0],  # 4.无正当理由大量反复申请
            [1, 0, 0, 0, 0, 0, 1],  # 5.要求行政机关确认或重新出/具已获取信息
            [67, 3, 0, 0, 1, 0, 71],  # 1、申请人无正当理由逾期不补/正…/息公开申请
            [6, 0, 0, 0, 0, 0, 6],  # 2、申请人逾期未按收费通知要/求缴纳费用…
            [108, 2, 0, 0, 0, 0, 110],  # 3、其他
            [2932, 53, 0, 0, 61, 4, 3050],  # （七）总计
            [103, 0, 0, 0, 0, 0, 103],  # 四、结转下年度继续办理
        ],
    )
    cells |= table4([72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20])
    return cells


def test_05_huaian_city_2024_pdf() -> None:
    report = read_report(ORIGINAL / "05-huaian-city-2024.pdf")
    findings = check(report)

    # Title (two lines): 「淮安市人民政府 / 2024 年政府信息公开工作年度报告」
    assert report.body == "淮安市人民政府"
    assert report.year == 2024
    assert report.format is not None and report.format.value == "2021"
    assert set(report.tables) == ALL_TABLES
    assert set(report.sections) == ALL_SECTIONS

    expected = _huaian_cells()
    assert len(expected) == 10 + 25 * 7 + 15
    assert_cells(report, expected)

    # Every sum holds; the narrative agrees (受理…申请3119件, 行政复议351件, 行政诉讼46件 =
    # 26 + 20); every label is the official wording up to numbering and wrapping.
    assert [(f.id, f.message) for f in findings] == []
