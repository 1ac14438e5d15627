"""The readers and the checker against published reports in their original file formats.

``shared/fixtures/original/`` holds real reports as HTML, PDF and DOCX (see its
``SOURCES.md``). For each file the test pins the issuing body and year as the title
prints them, the format, every cell of the three tables (a number as a Decimal, a
cell printed empty as ``ValueKind.BLANK``), the exact multiset of finding ids, and
the key numbers of the error findings.

Every expected value below was read by hand from the file itself: the HTML markup
(table rows of the source), ``pdftotext -layout`` and the positioned words of the
PDFs, and the ``word/document.xml`` of the DOCX. None was taken from the program.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from gongkai.core import AnnualReport, Finding, Severity, ValueKind, check, read_report

ORIGINAL = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "original"

#: A cell printed empty (``&nbsp;``, ``<o:p> </o:p>``, an empty or ideographic-space DOCX cell).
B = ValueKind.BLANK

Expect = Decimal | ValueKind

# Column ids in printed order.
T3_COLS = ("np", "le_com", "le_res", "le_soc", "le_law", "le_oth", "total")
T4_COLS = ("upheld", "corrected", "other", "pending", "total")
R21 = ("issued", "repealed", "in_force")  # 2021 Table 2, 第二十条第（一）项
R19 = ("new_made", "new_published", "total_published")  # 2019 Table 2, 第二十条第（一）项
S19 = ("prev_items", "change", "decisions")  # 2019 Table 2, 第二十条第（五）（六）项

# Table 3 row ids, top to bottom, for the 2021 layout (three （六） sub-rows).
T3_ROWS_2021 = (
    "apply.new",
    "apply.carried_in",
    "apply.result.grant",
    "apply.result.partial",
    "apply.result.deny.state_secret",
    "apply.result.deny.law_prohibited",
    "apply.result.deny.security_stability",
    "apply.result.deny.third_party",
    "apply.result.deny.internal_affairs",
    "apply.result.deny.process_info",
    "apply.result.deny.enforcement_file",
    "apply.result.deny.admin_query",
    "apply.result.unable.not_held",
    "apply.result.unable.needs_creation",
    "apply.result.unable.unclear_after_correction",
    "apply.result.reject.petition",
    "apply.result.reject.duplicate",
    "apply.result.reject.publication",
    "apply.result.reject.mass_repetitive",
    "apply.result.reject.confirm_or_reissue",
    "apply.result.other.no_correction",
    "apply.result.other.fee_unpaid",
    "apply.result.other.misc",
    "apply.result.total",
    "apply.carried_out",
)
_OTHER_ITEMS = (
    "apply.result.other.no_correction",
    "apply.result.other.fee_unpaid",
    "apply.result.other.misc",
)
# The same with （六）其他处理 printed as a single row (2019 trial layout).
T3_ROWS_SINGLE_OTHER = tuple(
    "apply.result.other" if r == _OTHER_ITEMS[0] else r
    for r in T3_ROWS_2021
    if r not in _OTHER_ITEMS[1:]
)
T4_ROWS = ("review", "lit_direct", "lit_after_review")

ALL_TABLES = {"active", "apply", "review"}
ALL_SECTIONS = {"sec1", "sec2", "sec3", "sec4", "sec5", "sec6"}


def row(
    prefix: str, cols: tuple[str, ...], values: Sequence[int | str | None]
) -> dict[str, Expect]:
    """Cells of one printed row, in printed order; ``None`` is a cell printed empty."""
    assert len(cols) == len(values), f"{prefix}: {len(values)} values for {len(cols)} columns"
    return {
        f"{prefix}.{c}": B if v is None else Decimal(v) for c, v in zip(cols, values, strict=True)
    }


def table3(
    rows: tuple[str, ...], values: Sequence[Sequence[int | str | None]]
) -> dict[str, Expect]:
    assert len(rows) == len(values)
    cells: dict[str, Expect] = {}
    for prefix, vals in zip(rows, values, strict=True):
        cells |= row(prefix, T3_COLS, vals)
    return cells


def table4(values: Sequence[int | str | None]) -> dict[str, Expect]:
    """The fifteen printed numbers: 行政复议, then 未经复议直接起诉, then 复议后起诉."""
    assert len(values) == 15
    cells: dict[str, Expect] = {}
    for i, prefix in enumerate(T4_ROWS):
        cells |= row(prefix, T4_COLS, values[5 * i : 5 * i + 5])
    return cells


def shown(report: AnnualReport) -> dict[str, Expect]:
    """What the reader read: the number of a numeric cell, else the kind of the cell."""
    return {
        k: v.number if v.kind is ValueKind.NUMBER and v.number is not None else v.kind
        for k, v in report.cells.items()
    }


def assert_cells(report: AnnualReport, expected: dict[str, Expect]) -> None:
    got = shown(report)
    wrong = {
        k: (expected.get(k, "absent"), got.get(k, "absent"))
        for k in sorted(set(expected) | set(got))
        if expected.get(k, "absent") != got.get(k, "absent")
    }
    assert not wrong, "cells (expected, got):\n" + "\n".join(
        f"  {k}: expected {e}, got {g}" for k, (e, g) in wrong.items()
    )


def numbers(message: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", message)


def blank_rows(expected: dict[str, Expect]) -> set[str]:
    """Rows with at least one cell printed empty: each draws one VAL.W001."""
    return {k.rpartition(".")[0] for k, v in expected.items() if v is B}


def only(findings: list[Finding], fid: str) -> list[Finding]:
    return [f for f in findings if f.id == fid]


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


# --------------------------------------------------------------------------------------
# 06 — the official 2021 template, blank, WPS-saved DOCX
# --------------------------------------------------------------------------------------


def _template_cells() -> dict[str, Expect]:
    cells: dict[str, Expect] = {}
    cells |= row("active.rules", R21, [None, None, None])
    cells |= row("active.normative", R21, [None, None, None])
    cells |= {
        "active.licensing.decisions": B,
        "active.penalty.decisions": B,
        "active.coercion.decisions": B,
        "active.admin_fees.amount_wan": B,
    }
    cells |= table3(T3_ROWS_2021, [[None] * 7 for _ in T3_ROWS_2021])
    cells |= table4([None] * 15)
    return cells


def test_06_official_template_2021_blank_docx() -> None:
    report = read_report(ORIGINAL / "06-official-template-2021-blank.docx")
    findings = check(report)

    # Title 「政府信息公开工作年度报告格式模板」: no body, no year.
    assert report.body is None
    assert report.year is None
    assert report.format is not None and report.format.value == "2021"
    assert set(report.tables) == ALL_TABLES
    assert set(report.sections) == ALL_SECTIONS

    expected = _template_cells()
    assert len(expected) == 10 + 25 * 7 + 15
    assert_cells(report, expected)
    assert all(v.kind is ValueKind.BLANK for v in report.cells.values())

    # Blank everywhere: one VAL.W001 per row (6 + 25 + 3); no sum can fail (blank counts 0,
    # a blank 总计 states nothing); no year, so no format-version rule applies.
    rows = blank_rows(expected)
    assert len(rows) == 6 + 25 + 3
    # Each of the three tables is printed with no value at all: one STRUCT.W006 each.
    assert Counter(f.id for f in findings) == Counter(
        {"VAL.W001": len(rows), "META.W001": 1, "META.W002": 1, "STRUCT.W006": 3}
    )
    assert {f.location.row for f in only(findings, "VAL.W001")} == rows
    assert {f.location.table for f in only(findings, "STRUCT.W006")} == {
        "active",
        "apply",
        "review",
    }
    assert not [f for f in findings if f.severity is Severity.ERROR]
