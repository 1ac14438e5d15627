"""The reader and checker against real report texts, with every expectation read by hand.

``shared/fixtures/reports/001.txt`` … ``012.txt`` are real published reports stored
only up to their first 2000 bytes, so most stop mid-report. For each one the test
pins what the text itself shows: the issuing body and year, the format, every cell
it prints (a cell it does not print must be absent), the tables and narrative
sections it reaches, and the exact findings. ``shared/seed`` holds one complete
report whose three tables are pinned cell by cell.

The expected values below were read from the texts, not taken from the program.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.core import Severity, ValueKind, check, read_report
from gongkai.core.report.rules._util import TABLE_NAMES

SHARED = Path(__file__).resolve().parents[3] / "shared"
FIXTURES = SHARED / "fixtures" / "reports"
SEED = SHARED / "seed" / "xinglong-2023-annual-report.txt"

# Column ids of Table 3 and Table 4, in printed order.
T3_COLS = ("np", "le_com", "le_res", "le_soc", "le_law", "le_oth", "total")
T4_COLS = ("upheld", "corrected", "other", "pending", "total")

# Titles of the narrative sections 五 and 六, used to recognise them in a message.
SEC5 = ("五", "存在的主要问题")
SEC6 = ("六", "其他需要报告")


def row(prefix: str, cols: tuple[str, ...], values: list[int]) -> dict[str, Decimal]:
    """Cells of one printed row: ``prefix.col`` for each column, in printed order."""
    assert len(cols) == len(values), f"{prefix}: {len(values)} values for {len(cols)} columns"
    return {f"{prefix}.{c}": Decimal(v) for c, v in zip(cols, values, strict=True)}


R21 = ("issued", "repealed", "in_force")  # 2021 Table 2, 第二十条第（一）项
R19 = ("new_made", "new_published", "total_published")  # 2019 Table 2, 第二十条第（一）项
S19 = ("prev_items", "change", "decisions")  # 2019 Table 2, 第二十条第（五）（六）项


@dataclass(frozen=True)
class Expected:
    name: str
    body: str | None
    year: int | None
    format: str
    cells: dict[str, Decimal]
    finding_ids: list[str]
    tables: set[str]
    sections: set[str]
    #: tables the text ends before: no STRUCT.E001 (whether the report lacks them or only
    #: this copy of its text does is not certain); STRUCT.W005 names each
    missing_tables: set[str] = field(default_factory=set)
    #: what the STRUCT.W005 message must name (rows by label, 表三/表四, …)
    cut_names: tuple[str, ...] = ()
    #: sections after the cut that the STRUCT.W005 message must name: (numeral, title words)
    cut_sections: tuple[tuple[str, str], ...] = ()
    #: tables missing although the text goes on past their place: not lost to the cut, so
    #: each draws a STRUCT.E001, and STRUCT.W005 must not count them among what the cut
    #: left unseen
    missing_before_cut: dict[str, str] = field(default_factory=dict)


CASES = [
    # 001 — 2020, 2019 trial layout, one cell per line. Title 「双塔区前进街道2020年政府信息公开工作
    # 年度报告」. Section 一 is headed 「一、总体概述」. Table 2 shows 规章 0 0 0 and 规范性文件 0 0 0,
    # then 第二十条第(五)项 / 信息内容 / 「上」 and the text ends.
    Expected(
        name="001",
        body="双塔区前进街道",
        year=2020,
        format="2019",
        cells={
            **row("active.rules", R19, [0, 0, 0]),
            **row("active.normative", R19, [0, 0, 0]),
        },
        finding_ids=["STRUCT.W005"],
        tables={"active"},
        sections={"sec1", "sec2"},
        missing_tables={"apply", "review"},
        cut_names=(
            "行政许可",
            "其他对外管理服务事项",
            "行政处罚",
            "行政强制",
            "行政事业性收费",
            "政府集中采购",
            "表三",
            "表四",
        ),
        cut_sections=(SEC5, SEC6),
    ),
    # 002 — title 「桃江县鲊埠回族乡2021年政府信息公开工作年度报告」, 2021 layout in pipes.
    # 规章 0 0 0, 行政规范性文件 1 0 1, 行政许可 0; then a lone 「| 」 and the text ends.
    Expected(
        name="002",
        body="桃江县鲊埠回族乡",
        year=2021,
        format="2021",
        cells={
            **row("active.rules", R21, [0, 0, 0]),
            **row("active.normative", R21, [1, 0, 1]),
            "active.licensing.decisions": Decimal(0),
        },
        finding_ids=["STRUCT.W005"],
        tables={"active"},
        sections={"sec1", "sec2"},
        missing_tables={"apply", "review"},
        cut_names=("行政处罚", "行政强制", "行政事业性收费", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
    # 003 — no title; 「编制我单位2021年政府信息公开工作年度报告」, 统计期限 2021; the body only from
    # 「如有疑问请与来凤县政务服务和大数据管理局(地址:…)」. 规章 0 0 0, 行政规范性文件 0 0 0, then the
    # block header 第二十条第(五)项 and the text ends.
    Expected(
        name="003",
        body="来凤县政务服务和大数据管理局",
        year=2021,
        format="2021",
        cells={
            **row("active.rules", R21, [0, 0, 0]),
            **row("active.normative", R21, [0, 0, 0]),
        },
        finding_ids=["STRUCT.W005"],
        tables={"active"},
        sections={"sec1", "sec2"},
        missing_tables={"apply", "review"},
        cut_names=("行政许可", "行政处罚", "行政强制", "行政事业性收费", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
    # 004 — title 「广州市白云区人民政府棠景街道办事处2021年政府信息公开工作年度报告」 (the body as the
    # title prints it, not the shorter 「广州市白云区棠景街道」). 规章 0 0 0, 行政规范性文件 0 0 0, then
    # 第二十条第(五)项 / 信息内容 / 「本年处理决定」 and the text ends.
    Expected(
        name="004",
        body="广州市白云区人民政府棠景街道办事处",
        year=2021,
        format="2021",
        cells={
            **row("active.rules", R21, [0, 0, 0]),
            **row("active.normative", R21, [0, 0, 0]),
        },
        finding_ids=["STRUCT.W005"],
        tables={"active"},
        sections={"sec1", "sec2"},
        missing_tables={"apply", "review"},
        cut_names=("行政许可", "行政处罚", "行政强制", "行政事业性收费", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
    # 005 — title 「湘阴县人民政府2023年政府信息公开工作年度报告」; only 一、总体情况, cut mid-sentence.
    Expected(
        name="005",
        body="湘阴县人民政府",
        year=2023,
        format="2021",
        cells={},
        finding_ids=["STRUCT.W005"],
        tables=set(),
        sections={"sec1"},
        missing_tables={"active", "apply", "review"},
        cut_names=("表二", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
    # 006 — title 「2019年云南省政府信息公开工作年度报告」: the body as printed in the title is 云南省
    # (「政府信息公开工作年度报告」 is the fixed part of the title). Only 一、总体情况, cut mid-sentence.
    Expected(
        name="006",
        body="云南省",
        year=2019,
        format="2019",
        cells={},
        finding_ids=["STRUCT.W005"],
        tables=set(),
        sections={"sec1"},
        missing_tables={"active", "apply", "review"},
        cut_names=("表二", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
    # 007 — no title, no body anywhere (only 「我乡」); year from 「统计期限自2021年1月1日起」.
    # Text ends at 「第二十条第(一)项 |」: Table 2 is begun but shows no cell.
    Expected(
        name="007",
        body=None,
        year=2021,
        format="2021",
        cells={},
        finding_ids=["META.W002", "STRUCT.W005"],
        tables={"active"},
        sections={"sec1", "sec2"},
        missing_tables={"apply", "review"},
        cut_names=(
            "规章",
            "行政规范性文件",
            "行政许可",
            "行政处罚",
            "行政强制",
            "行政事业性收费",
            "表三",
            "表四",
        ),
        cut_sections=(SEC5, SEC6),
    ),
    # 008 — title 「云冈区和顺街道2023年政府信息公开工作年度报告」. Headings 二、三 are printed with
    # nothing under them (so 表二 and 表三 are missing, not cut off), then the text ends in the
    # heading 「四、政府信息公开行政复议、行政诉讼」. The 「| | | |」 line is noise, not a table.
    Expected(
        name="008",
        body="云冈区和顺街道",
        year=2023,
        format="2021",
        cells={},
        finding_ids=["STRUCT.E001", "STRUCT.E001", "STRUCT.W005"],
        tables=set(),
        sections={"sec1", "sec2", "sec3", "sec4"},
        missing_tables={"review"},
        cut_names=("表四",),
        cut_sections=(SEC5, SEC6),
        missing_before_cut={"active": "表二", "apply": "表三"},
    ),
    # 009 — title 「东林街道办事处2021年政府信息公开工作年度报告」; cut at 「(二)依申请公开方面」.
    Expected(
        name="009",
        body="东林街道办事处",
        year=2021,
        format="2021",
        cells={},
        finding_ids=["STRUCT.W005"],
        tables=set(),
        sections={"sec1"},
        missing_tables={"active", "apply", "review"},
        cut_names=("表二", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
    # 010 — title 「上海市普陀区万里街道2022年政府信息公开工作年度报告」; cut at 「(四)政府信息公开平台」.
    # The narrative's application numbers have no table 3 to contradict.
    Expected(
        name="010",
        body="上海市普陀区万里街道",
        year=2022,
        format="2021",
        cells={},
        finding_ids=["STRUCT.W005"],
        tables=set(),
        sections={"sec1"},
        missing_tables={"active", "apply", "review"},
        cut_names=("表二", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
    # 011 — traditional characters, no title and no contact sentence: the body is not stated
    # (福祿鎮政府 is only the subject of a narrative sentence), so None and META.W002. The year
    # is 2019 throughout (「2019年收到申請公開0條」). 2019 trial layout: 規章 0 0 0, 規范性文件
    # 0 0 0, 行政許可 0 +10 0, 其他對外管理服務事項 0 +62 137; the text ends after that row.
    Expected(
        name="011",
        body=None,
        year=2019,
        format="2019",
        cells={
            **row("active.rules", R19, [0, 0, 0]),
            **row("active.normative", R19, [0, 0, 0]),
            **row("active.licensing", S19, [0, 10, 0]),
            **row("active.other_services", S19, [0, 62, 137]),
        },
        finding_ids=["META.W002", "STRUCT.W005"],
        tables={"active"},
        sections={"sec1", "sec2"},
        missing_tables={"apply", "review"},
        cut_names=("行政处罚", "行政强制", "行政事业性收费", "政府集中采购", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
    # 012 — no title; 「现将2021年度政府信息公开工作情况报告如下」; the body is never named (only
    # 「我局」「县统计局」; 平武县人民政府办公室 is the sender of a notice). 规章 0 0 0, 行政规范性文件
    # 0 0 0, 行政许可 0, 行政处罚 0, 行政强制 0 (the text's last character).
    Expected(
        name="012",
        body=None,
        year=2021,
        format="2021",
        cells={
            **row("active.rules", R21, [0, 0, 0]),
            **row("active.normative", R21, [0, 0, 0]),
            "active.licensing.decisions": Decimal(0),
            "active.penalty.decisions": Decimal(0),
            "active.coercion.decisions": Decimal(0),
        },
        finding_ids=["META.W002", "STRUCT.W005"],
        tables={"active"},
        sections={"sec1", "sec2"},
        missing_tables={"apply", "review"},
        cut_names=("行政事业性收费", "表三", "表四"),
        cut_sections=(SEC5, SEC6),
    ),
]


@pytest.mark.parametrize("exp", [pytest.param(e, id=e.name) for e in CASES])
def test_fixture_report(exp: Expected) -> None:
    report = read_report(FIXTURES / f"{exp.name}.txt")
    findings = check(report)

    # 1. body and year
    assert report.body == exp.body
    assert report.year == exp.year

    # 2. format
    assert report.format is not None
    assert report.format.value == exp.format

    # 3. every cell shown, and no other
    assert {k: v.number for k, v in report.cells.items()} == exp.cells
    assert all(v.kind is ValueKind.NUMBER for v in report.cells.values())
    # nothing beyond the cut: no Table 3 / Table 4 cell in any of these texts
    assert not [k for k in report.cells if not k.startswith("active.")]

    # 4. findings
    assert sorted(f.id for f in findings) == sorted(exp.finding_ids)

    missing = [f for f in findings if f.id == "STRUCT.E001"]
    assert {f.location.table for f in missing} == set(exp.missing_before_cut)
    assert all(f.severity is Severity.ERROR for f in missing)

    (cut,) = [f for f in findings if f.id == "STRUCT.W005"]
    assert cut.severity is Severity.WARNING
    for name in exp.cut_names:
        assert name in cut.message, f"STRUCT.W005 does not name {name!r}: {cut.message}"
    for table in exp.missing_tables:
        assert TABLE_NAMES[table] in cut.message, f"STRUCT.W005 does not name {table}"
    for numeral, title in exp.cut_sections:
        assert numeral in cut.message or title in cut.message, (
            f"STRUCT.W005 does not name section {numeral}: {cut.message}"
        )

    for table, label in exp.missing_before_cut.items():
        (e001,) = [f for f in missing if f.location.table == table]
        assert e001.message.startswith(f"未见{label}"), e001.message
        assert label not in cut.message, (
            f"STRUCT.W005 counts {label} as lost to the cut, but the text passes its place: "
            f"{cut.message}"
        )

    if exp.body is None:
        assert any(f.id == "META.W002" for f in findings)
    if exp.year is None:
        assert any(f.id == "META.W001" for f in findings)

    # 5. tables and sections reached
    assert set(report.tables) == exp.tables
    assert set(report.sections) == exp.sections


# --------------------------------------------------------------------------------------
# The seed report: complete, three tables, every cell pinned
# --------------------------------------------------------------------------------------


def _seed_expected_cells() -> dict[str, Decimal]:
    cells: dict[str, Decimal] = {}
    # Table 2 (2021 format), as printed
    cells |= row("active.rules", R21, [0, 0, 0])
    cells |= row("active.normative", R21, [6, 11, 56])
    cells |= {"active.licensing.decisions": Decimal(22)}
    cells |= {"active.penalty.decisions": Decimal(215)}
    cells |= {"active.coercion.decisions": Decimal(0)}
    cells |= {"active.admin_fees.amount_wan": Decimal(142)}

    # Table 3: each row's seven printed values (自然人, 商业企业, 科研机构, 社会公益组织,
    # 法律服务机构, 其他, 总计)
    t3 = [
        ("apply.new", [52, 0, 2, 0, 0, 0, 52]),
        ("apply.carried_in", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.grant", [52, 0, 0, 0, 0, 0, 52]),
        ("apply.result.partial", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.deny.state_secret", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.deny.law_prohibited", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.deny.security_stability", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.deny.third_party", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.deny.internal_affairs", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.deny.process_info", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.deny.enforcement_file", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.deny.admin_query", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.unable.not_held", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.unable.needs_creation", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.unable.unclear_after_correction", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.reject.petition", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.reject.duplicate", [0, 0, 0, 0, 0, 0, 0]),
        # 3.要求提供公开出版物 prints only six cells (0 0 0 0 0 0): not read, so absent
        ("apply.result.reject.mass_repetitive", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.reject.confirm_or_reissue", [0, 0, 0, 0, 0, 0, 0]),
        # （六）其他处理 printed as one row (2019 trial format)
        ("apply.result.other", [0, 0, 0, 0, 0, 0, 0]),
        ("apply.result.total", [52, 0, 0, 0, 0, 0, 52]),
        ("apply.carried_out", [0, 0, 0, 0, 0, 0, 0]),
    ]
    for prefix, values in t3:
        cells |= row(prefix, T3_COLS, values)

    # Table 4: the fifteen printed numbers, 行政复议 then 未经复议直接起诉 then 复议后起诉
    cells |= row("review", T4_COLS, [0, 0, 0, 0, 0])
    cells |= row("lit_direct", T4_COLS, [0, 0, 0, 0, 0])
    cells |= row("lit_after_review", T4_COLS, [0, 0, 0, 0, 0])
    return cells


def test_seed_xinglong_2023() -> None:
    report = read_report(SEED)
    findings = check(report)

    assert report.body == "兴隆县人民政府"
    assert report.year == 2023
    assert report.format is not None and report.format.value == "2021"
    assert set(report.tables) == {"active", "apply", "review"}
    assert set(report.sections) == {"sec1", "sec2", "sec3", "sec4", "sec5", "sec6"}

    expected = _seed_expected_cells()
    assert len(expected) == 10 + 22 * 7 + 15
    assert {k: v.number for k, v in report.cells.items()} == expected
    assert all(v.kind is ValueKind.NUMBER for v in report.cells.values())
    assert not [k for k in report.cells if k.startswith("apply.result.reject.publication.")]

    assert Counter(f.id for f in findings) == Counter(
        ["T3.E001", "T3.E003", "FMT.W001", "STRUCT.W001"]
    )
    by_id = {f.id: f for f in findings}

    r1 = by_id["T3.E001"]
    assert r1.rule == "R1"
    assert r1.severity is Severity.ERROR
    assert r1.location.column == "le_res"
    assert "本年新收2" in r1.message

    r3 = by_id["T3.E003"]
    assert r3.rule == "R3"
    assert r3.severity is Severity.ERROR
    assert r3.location.row == "apply.new"
    assert "54" in r3.message and "52" in r3.message

    fmt = by_id["FMT.W001"]
    assert fmt.severity is Severity.WARNING
    assert fmt.location.row == "apply.result.other"

    short = by_id["STRUCT.W001"]
    assert short.severity is Severity.WARNING
    assert short.location.row == "apply.result.reject.publication"

    severities = Counter(f.severity for f in findings)
    assert severities == Counter({Severity.ERROR: 2, Severity.WARNING: 2})
