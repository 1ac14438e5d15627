"""The text reader on the layouts real reports come in.

Each layout is made from the same consistent report, so each must read back to
exactly its cells and draw no finding.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from gongkai.core import ParseError, check, parse_text
from gongkai.core.report.render import render_text
from support import CONSISTENT, model

EXPECTED = {k: Decimal(str(v)) for k, v in CONSISTENT.items()}


def rows_of(text: str) -> list[list[str] | str]:
    """The rendered text as a list of table rows (cell lists) and plain lines."""
    out: list[list[str] | str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            out.append([c.strip() for c in line.strip()[1:-1].split("|")])
        else:
            out.append(line)
    return out


def relayout(text: str, row: callable) -> str:
    lines: list[str] = []
    for item in rows_of(text):
        lines.extend([item] if isinstance(item, str) else row(item))
    return "\n".join(lines)


BASE = render_text(model())

LAYOUTS = {
    "pipes": BASE,
    "markdown": relayout(BASE, lambda r: ["| " + " | ".join(r) + " |", "|" + "---|" * len(r)]),
    "tabs": relayout(BASE, lambda r: ["\t".join(r)]),
    "spaces": relayout(BASE, lambda r: ["    ".join(c or "" for c in r if c)]),
    "one cell per line, rows apart": relayout(BASE, lambda r: [*(f"\t{c}" for c in r), ""]),
    "one cell per line, cells apart": relayout(
        BASE, lambda r: [x for c in r if c for x in (c, "")]
    ),
    "pipes one cell per line": relayout(BASE, lambda r: [f"{c} |" for c in r if c]),
    "full-width digits and spaces": relayout(
        BASE,
        lambda r: [
            "　|　".join(
                c.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")) for c in r
            )
        ],
    ),
    "numbering variants": relayout(
        BASE,
        lambda r: [
            " | ".join(
                [re.sub(r"^（(.)）", r"(\1)", re.sub(r"^(\d)\.", r"\1、", r[0])), *r[1:]]
                if r
                else r
            )
        ],
    ),
    "units in cells": relayout(
        BASE,
        lambda r: [
            " | ".join([r[0], *(f"{c}件" if c.isdigit() else c for c in r[1:])]) if r else ""
        ],
    ),
    "header words split": BASE.replace(
        "| | | 商业企业 | 科研机构 |", "| | | 商业\n企业 | 科 研 机 构 |"
    ),
    "traditional characters": BASE.replace("规章", "規章")
    .replace("行政规范性文件", "行政規範性文件")
    .replace("第二十条第（一）项", "第二十條第（一）項"),
    "stray whitespace": "\n".join(f"  {line}   " if line else " " for line in BASE.splitlines()),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_layout_reads_every_cell(layout):
    report = parse_text(LAYOUTS[layout], source=layout)
    got = {k: v.number for k, v in report.cells.items()}
    assert got == EXPECTED
    assert (report.body, report.year, report.format.value) == ("示例县人民政府", 2023, "2021")
    assert [f.id for f in check(report)] == []


def test_units_fees_in_wan():
    text = BASE.replace("| 行政事业性收费 | 12.5 |", "| 行政事业性收费 | 12.5万元 |")
    report = parse_text(text)
    v = report.cells["active.admin_fees.amount_wan"]
    assert (v.number, v.unit) == (Decimal("12.5"), "万元")
    assert check(report) == []


@pytest.mark.parametrize(
    ("printed", "kind"),
    [("/", "not_applicable"), ("—", "not_applicable"), ("-", "not_applicable"), ("", "blank")],
)
def test_marks_and_blanks_are_kept_apart_from_zero(printed, kind):
    text = BASE.replace("| 规章 | 0 | 0 | 0 |", f"| 规章 | {printed} | 0 | 0 |")
    report = parse_text(text)
    assert report.cells["active.rules.issued"].kind.value == kind
    assert report.cells["active.rules.repealed"].number == 0
    assert [f.id for f in check(report)] == ["VAL.W002" if kind == "not_applicable" else "VAL.W001"]


def test_a_row_with_an_extra_cell_is_reported_and_not_read():
    text = BASE.replace(
        "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | 5 |",
    )
    report = parse_text(text)
    assert not any(k.startswith("apply.carried_in.") for k in report.cells)
    found = check(report)
    assert [f.id for f in found] == ["STRUCT.W002"]
    assert found[0].location.row == "apply.carried_in" and "8个单元格" in found[0].message


def test_a_row_printed_twice_keeps_the_first():
    line = "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"
    text = BASE.replace(line, line + "\n" + line.replace("| 2 |", "| 9 |"))
    report = parse_text(text)
    assert report.cells["apply.carried_in.np"].number == 2
    assert [f.id for f in check(report)] == ["STRUCT.W004"]


def test_text_cut_mid_row_reads_none_of_that_row():
    cut = BASE.index("| 2 | 0 | 0 | 0 | 0 | 0 | 2 |")
    text = BASE[: cut + len("| 2 | 0 | 0 |")]
    report = parse_text(text)
    assert not any(k.startswith("apply.carried_in") for k in report.cells)
    assert report.cells["apply.new.total"].number == 14  # the rows before the cut are read
    w005 = [f for f in check(report) if f.id == "STRUCT.W005"]
    assert len(w005) == 1
    assert (
        "「二、上年结转政府信息公开申请数量」行（该行只见3个单元格，应为7个，未读取）"
        in w005[0].message
    )
    for missing in ("（七）总计", "四、结转下年度继续办理", "表四", "六、其他需要报告的事项"):
        assert missing in w005[0].message
    assert w005[0].location.line == text.count("\n") + 1


@pytest.mark.parametrize("text", ["", "   \n\t\n", "hello world\n", "0 | 1 | 2\n"])
def test_not_a_report_raises_parse_error(text):
    with pytest.raises(ParseError) as err:
        parse_text(text, source="x.txt")
    assert err.value.source == "x.txt"
    assert err.value.line >= 0


def test_nul_byte_names_its_line():
    with pytest.raises(ParseError) as err:
        parse_text("标题\n一、总体情况\nab\x00c\n")
    assert err.value.line == 3


def test_a_note_glued_to_its_number_is_the_numbers(build, parse):
    """「22（其中修订16件）」: the number is read, the note kept in the raw text; brackets of
    digits alone, or a unit in brackets, are not notes (the cell is not read as a number)."""
    from gongkai.core.report.parse.normalize import read_value

    text = build({"active.normative.in_force": 22}).replace(
        "| 行政规范性文件 | 3 | 1 | 22 |", "| 行政规范性文件 | 3 | 1 | 22（其中修订16件） |"
    )
    assert "其中修订16件" in text
    cell = parse(text).cells["active.normative.in_force"]
    assert cell.number == 22 and "其中修订16件" in cell.raw
    assert read_value("0(含1件)").number == 0
    for not_a_note in ("22(16)", "251000（元）", "3（）", "约2"):
        assert read_value(not_a_note).number is None, not_a_note
