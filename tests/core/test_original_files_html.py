"""The HTML reader and the checker against published reports as HTML: Shanghai's 2019
report in the 2019 trial format, and 沭阳县发展和改革局's 2023 page capture.

For each file the test pins the issuing body and year as the title prints them, the
format, every cell of the three tables, the exact multiset of finding ids, and the key
numbers of the error findings (helpers in ``original_support``). Every expected value
was read by hand from the file itself, from the HTML markup (table rows of the source);
none was taken from the program.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from gongkai.core import Severity, check, read_report
from original_support import (
    ALL_SECTIONS,
    ALL_TABLES,
    ORIGINAL,
    R19,
    R21,
    S19,
    T3_ROWS_2021,
    T3_ROWS_SINGLE_OTHER,
    T4_ROWS,
    Expect,
    assert_cells,
    blank_rows,
    only,
    row,
    table3,
    table4,
)

# --------------------------------------------------------------------------------------
# 01 — Shanghai 市政府办公厅, 2019 report, 2019 trial format, HTML
# --------------------------------------------------------------------------------------


def _shanghai_cells() -> dict[str, Expect]:
    cells: dict[str, Expect] = {}
    # Table 二 (2019 trial columns), as the data rows print them. The （五）/（六） header rows
    # span [1,1,2,1] columns and the data rows [1,2,1,1]; each data row still prints three
    # values in order (上一年项目数量, 本年增/减, 处理决定数量), all 0.
    cells |= row("active.rules", R19, [13, 13, 524])
    cells |= row("active.normative", R19, [60, 60, 368])
    cells |= row("active.licensing", S19, [0, 0, 0])
    cells |= row("active.other_services", S19, [0, 0, 0])
    cells |= row("active.penalty", S19, [0, 0, 0])
    cells |= row("active.coercion", S19, [0, 0, 0])
    cells |= row("active.admin_fees", ("prev_items", "change"), [0, 0])
    # 第二十条第（九）项: 采购项目数量 6, 采购总金额 printed 「251000元」
    cells |= row("active.procurement", ("items", "amount"), [6, 251000])

    # Table 三: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    # Empty cells are <p>&nbsp;</p>; 总计 is blank on every result row except （七）总计.
    _ = None
    cells |= table3(
        T3_ROWS_SINGLE_OTHER,
        [
            [821, 35, _, _, 2, 1, 859],  # 一、本年新收
            [18, _, _, _, _, _, 18],  # 二、上年结转
            [258, 12, _, _, 1, 1, _],  # （一）予以公开
            [3, _, _, _, _, _, _],  # （二）部分公开
            [14, _, _, _, _, _, _],  # 1.属于国家秘密
            [_, _, _, _, _, _, _],  # 2.其他法律行政法规禁止公开
            [_, _, _, _, _, _, _],  # 3.危及“三安全一稳定”
            [_, _, _, _, _, _, _],  # 4.保护第三方合法权益
            [5, _, _, _, _, _, _],  # 5.属于三类内部事务信息
            [3, 1, _, _, _, _, _],  # 6.属于四类过程性信息
            [_, _, _, _, _, _, _],  # 7.属于行政执法案卷
            [10, 2, _, _, _, _, _],  # 8.属于行政查询事项
            [252, 12, _, _, 1, _, _],  # 1.本机关不掌握相关政府信息
            [44, 3, _, _, _, _, _],  # 2.没有现成信息需要另行制作
            [25, _, _, _, _, _, _],  # 3.补正后申请内容仍不明确
            [148, 1, _, _, _, _, _],  # 1.信访举报投诉类申请
            [5, 4, _, _, _, _, _],  # 2.重复申请
            [_, _, _, _, _, _, _],  # 3.要求提供公开出版物
            [_, _, _, _, _, _, _],  # 4.无正当理由大量反复申请
            [_, _, _, _, _, _, _],  # 5.要求行政机关确认或重新出具已获取信息
            [_, _, _, _, _, _, _],  # （六）其他处理 (one row)
            [767, 35, _, _, 2, 1, 805],  # （七）总计
            [72, _, _, _, _, _, 72],  # 四、结转下年度继续办理
        ],
    )
    # Table 四: bare &nbsp; cells are blank; 复议后起诉 is blank throughout.
    cells |= table4([5, _, _, 2, 7, 8, _, _, 1, 9, _, _, _, _, _])
    return cells


def _row_numbers(expected: dict[str, Expect], row: str) -> list[Decimal]:
    """The numbers ``expected`` gives the row's applicant cells (its 总计 column left out)."""
    return [
        v
        for cell, v in expected.items()
        if cell.rsplit(".", 1)[0] == row and not cell.endswith(".total") and isinstance(v, Decimal)
    ]


def test_01_shanghai_govoffice_2019_html() -> None:
    report = read_report(ORIGINAL / "01-shanghai-govoffice-2019.html")
    findings = check(report)

    # Title: 「2019年上海市人民政府办公厅政府信息公开工作年度报告」
    assert report.body == "上海市人民政府办公厅"
    assert report.year == 2019
    assert report.format is not None and report.format.value == "2019"
    assert set(report.tables) == ALL_TABLES
    assert set(report.sections) == ALL_SECTIONS

    expected = _shanghai_cells()
    assert len(expected) == (3 * 2 + 3 * 4 + 2 + 2) + 23 * 7 + 15
    assert_cells(report, expected)

    amount = report.cells["active.procurement.amount"]
    assert amount.unit == "元"
    assert "251000" in amount.raw

    # A blank in a 总计 column states nothing; elsewhere it counts 0.
    assert report.number("apply.result.grant.total") is None
    assert report.number("apply.result.grant.le_res") == 0
    assert report.number("lit_after_review.total") is None

    # The table's sums hold (821+18 = 767+72, 859+18 = 805+72, 5+2 = 7, 8+1 = 9); every
    # row of Table 三 and Table 四 has blank cells; 采购总金额 has no 万元 unit, so
    # 「251000元」 is not VAL.W003. 受理…申请859件 and 行政复议7件 agree with the table;
    # 「均获维持」 (against 2 and 1 尚未审结) is not a phrasing R8 reads.
    rows = blank_rows(expected)
    assert rows == set(T3_ROWS_SINGLE_OTHER) | set(T4_ROWS)
    # The prose contradicts the table twice (SOURCES.md): 予以公开及部分公开258件 against
    # 272 + 3 = 275 in the table, and 无法提供265件 against 265 + 47 + 25 = 337.
    # The page leaves 总计 blank on eleven result rows that have values: each is named with
    # the sum of its applicant columns (R3), 272 for （一）予以公开 (258 + 12 + 1 + 1).
    blank_totals = only(findings, "VAL.W005")
    assert Counter(f.id for f in findings) == Counter(
        {"VAL.W001": len(rows), "NAR.W001": 2, "VAL.W005": len(blank_totals)}
    )
    assert len(blank_totals) == 11
    assert {f.location.cell for f in blank_totals} == {
        f"{r}.total"
        for r in rows
        # （七）总计 leaves cells blank too: a blank there states nothing, so no sum is known
        if r.startswith("apply.result.")
        and r != "apply.result.total"
        and any(n for n in _row_numbers(expected, r))
    }
    grant = next(f for f in blank_totals if f.location.row == "apply.result.grant")
    assert "应为272" in grant.message
    assert {f.location.row for f in only(findings, "VAL.W001")} == rows
    narrative = sorted(f.message for f in only(findings, "NAR.W001"))
    assert "258件" in narrative[0] and "275" in narrative[0]
    assert "265件" in narrative[1] and "337" in narrative[1]
    assert all(f.severity is Severity.WARNING for f in findings)


# --------------------------------------------------------------------------------------
# 02 — 沭阳县发展和改革局, 2023 report, 2021 format, HTML page capture
# --------------------------------------------------------------------------------------


def _shuyang_cells() -> dict[str, Expect]:
    cells: dict[str, Expect] = {}
    # Table 一 (after the page's metadata table, which is not a report table)
    cells |= row("active.rules", R21, [0, 0, 0])
    cells |= row("active.normative", R21, [8, 0, 18])  # printed 「规范性文件」
    cells |= {"active.licensing.decisions": Decimal(0)}
    cells |= {"active.penalty.decisions": Decimal(0)}
    cells |= {"active.coercion.decisions": Decimal(0)}
    cells |= {"active.admin_fees.amount_wan": Decimal(0)}

    # Table 三: the five 法人或其他组织 columns are <o:p> </o:p> (blank) on every row.
    _ = None
    zero = [0, _, _, _, _, _, 0]
    t3 = [
        [26, _, _, _, _, _, 26],  # 一、本年新收
        zero,  # 二、上年结转
        [26, _, _, _, _, _, 26],  # （一）予以公开
        *[zero] * 20,  # （二） … （六）3.其他
        [26, _, _, _, _, _, 26],  # （七）总计
        zero,  # 四、结转下年度继续办理
    ]
    cells |= table3(T3_ROWS_2021, t3)
    cells |= table4([0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    return cells


def test_02_shuyang_fgj_2023_html() -> None:
    report = read_report(ORIGINAL / "02-shuyang-fgj-2023.html")
    findings = check(report)

    # Title: 「沭阳县发展和改革局2023年政府信息公开年度报告」
    assert report.body == "沭阳县发展和改革局"
    assert report.year == 2023
    assert report.format is not None and report.format.value == "2021"
    assert set(report.tables) == ALL_TABLES
    assert set(report.sections) == ALL_SECTIONS

    expected = _shuyang_cells()
    assert len(expected) == 10 + 25 * 7 + 15
    assert_cells(report, expected)

    # Sums hold (26+0 = 26+0; 复议 尚未审结 1 = 总计 1). Every Table 三 row has five blank
    # cells; Table 一 prints 「规范性文件」 for 行政规范性文件. 「共收到依申请信息公开26件」 = 26.
    rows = blank_rows(expected)
    assert rows == set(T3_ROWS_2021)
    assert Counter(f.id for f in findings) == Counter({"VAL.W001": 25, "FMT.W005": 1})
    assert {f.location.row for f in only(findings, "VAL.W001")} == rows
    (label,) = only(findings, "FMT.W005")
    assert label.location.row == "active.normative"
    assert "印作「规范性文件」" in label.message and "「行政规范性文件」" in label.message
    assert all(f.severity is Severity.WARNING for f in findings)
