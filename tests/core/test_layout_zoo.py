"""The layout zoo (``tests/zoo.py``): any consistent report, written in the foreign
layouts of issue 14 combined with the layouts the reader was built on (as text, and as
HTML pages, one table per section or per row), reads back with
no cell read wrong, no cell invented and no finding of severity ``error``; and over every
fixture, every error stands on cells the reader is certain of.

The suite runs a short property test; the long run (docs/layout-zoo.md) is

    GONGKAI_ZOO_EXAMPLES=10000 .venv/bin/pytest tests/core/test_layout_zoo.py -k property
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zoo
import zoo_spellings
from gongkai.core import AnnualReport, Finding, Severity, ValueKind, check, read_report
from support import FIXTURE_REPORTS, SEED, SHARED

EXAMPLES = int(os.environ.get("GONGKAI_ZOO_EXAMPLES") or 500)


def assert_read_right(report: AnnualReport, layout: zoo.Layout) -> zoo.Score:
    text = zoo.write(report, layout)
    s = zoo.score(report, text, marks=zoo_spellings.NAME in layout.classes)
    assert s.wrong == (), (layout, s.wrong, text)
    assert s.invented == (), (layout, s.invented, text)
    assert s.errors == (), (layout, s.errors, text)
    assert s.meta, (layout, text)
    return s


@pytest.mark.parametrize("cls", ["", *zoo.CLASSES])
@pytest.mark.parametrize("writer", [*zoo.WRITERS, *zoo.HTML_WRITERS])
def test_every_class_with_every_writer(writer, cls):
    for seed in range(3):
        rnd = random.Random(seed)
        layout = zoo.Layout(writer, (cls,) if cls else (), rnd.randrange(1 << 30))
        assert_read_right(zoo.consistent_model(rnd), layout)


def test_the_supported_layouts_read_every_cell():
    rnd = random.Random(7)
    for writer in [*zoo.WRITERS, *zoo.HTML_WRITERS]:
        report = zoo.consistent_model(rnd)
        s = assert_read_right(report, zoo.Layout(writer))
        assert s.read == s.expected


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 500,  # the suite's run is the same every time
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    model_seed=st.integers(0, 1 << 30),
    writer=st.sampled_from([*zoo.WRITERS, *zoo.HTML_WRITERS]),
    classes=st.lists(st.sampled_from(list(zoo.CLASSES)), max_size=3, unique=True),
    seed=st.integers(0, 1 << 30),
)
def test_property_no_cell_wrong_or_invented_and_no_false_error(model_seed, writer, classes, seed):
    report = zoo.consistent_model(random.Random(model_seed))
    assert_read_right(report, zoo.Layout(writer, tuple(sorted(classes)), seed))


# --- No false errors by construction, over the fixtures -----------------------------------

ORIGINALS = sorted(p for p in (SHARED / "fixtures" / "original").iterdir() if p.suffix != ".md")


def certain(report: AnnualReport, f: Finding) -> bool:
    """Does an error stand on cells the reader is certain of: every cell of its row read,
    as a number or a number-like text (「约2」), never words?"""
    if f.id == "STRUCT.E001":
        return f.location.table not in report.tables
    loc = f.location
    cells = []
    if loc.row is not None and report.spec is not None:
        rows = {r.id: r for t in report.spec.tables for r in t.rows}
        row = rows.get(loc.row)
        if row is not None:
            cells = [row.cell_id(c) for c in row.columns]
    if loc.cell is not None:
        cells.append(loc.cell)
    for cell in cells:
        v = report.cells.get(cell)
        if v is None:
            return False
        if v.kind is ValueKind.INVALID and not any(ch.isdigit() for ch in v.raw):
            return False
    return bool(cells) or loc.column is not None


@pytest.mark.parametrize("path", [*FIXTURE_REPORTS, SEED, *ORIGINALS], ids=lambda p: Path(p).name)
def test_every_error_in_a_fixture_stands_on_certain_cells(path):
    report = read_report(path)
    for f in check(report):
        if f.severity is Severity.ERROR:
            assert certain(report, f), (f.id, f.message)


def test_words_in_a_row_are_one_structural_warning_not_an_error_per_cell():
    report = zoo.consistent_model(random.Random(3))
    text = zoo.write(report, zoo.Layout("pipes"))
    line = next(ln for ln in text.splitlines() if ln.startswith("| 4.保护第三方合法权益"))
    text = text.replace(
        line, "| 4.保护第三方合法权益 | 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 总计 |"
    )
    found = check(zoo.parse_text(text))
    assert not [f for f in found if f.severity is Severity.ERROR]
    [w] = [f for f in found if f.location.row == "apply.result.deny.third_party"]
    assert w.id == "STRUCT.W001" and "「类别」" in w.message and "该行未读取" in w.message


def test_values_after_the_other_group_are_not_read_as_its_2019_row():
    """A PDF prints a wrapped row's numbers on a line of their own, above its label:
    after 「（六）其他处理」 in a table that prints the three 2021 items, they are no 2019
    single row (that would invent its cells)."""
    report = zoo.consistent_model(random.Random(5))
    text = zoo.write(report, zoo.Layout("pipes"))
    text = text.replace("| （六）其他处理 |", "| （六）其他处理 |\n| 1 | 2 | 0 | 0 | 0 | 0 | 3 |")
    got = zoo.parse_text(text)
    assert not [k for k in got.cells if k.startswith("apply.result.other.") and k.count(".") == 3]
    found = check(got)
    assert not [f for f in found if f.severity is Severity.ERROR]
    [w] = [f for f in found if f.location.row == "apply.result.other"]
    assert w.id == "STRUCT.W002"


def test_a_number_glued_into_a_label_makes_its_row_uncertain():
    """A PDF that loses the spaces of a row cut by the next label (「行政处罚1 行政强」, then
    「制2」): neither row is read, and nothing is judged a wrong number."""
    report = zoo.consistent_model(random.Random(6))
    text = zoo.write(report, zoo.Layout("pipes"))
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("| 行政处罚 |"))
    assert lines[at + 1].startswith("| 行政强制 |")
    lines[at : at + 2] = ["行政处罚1 行政强", "制2"]
    got = zoo.parse_text("\n".join(lines))
    assert "active.penalty.decisions" not in got.cells
    assert "active.coercion.decisions" not in got.cells
    found = check(got)
    assert not [f for f in found if f.severity is Severity.ERROR]
    assert [f.id for f in found if f.location.row == "active.penalty"] == ["STRUCT.W002"]


def test_a_group_row_of_empty_cells_states_no_subtotal():
    """A table typed cell by cell (Word's, a page's) prints 「（三）不予公开」 with its seven
    cells empty: it states no subtotal (its blanks read as 0 were a false T3.E005 for
    every column whose items are not 0)."""
    report = zoo.consistent_model(random.Random(1))
    text = zoo.write(report, zoo.Layout("pipes"))
    for group in ("（三）不予公开", "（四）无法提供", "（五）不予处理"):
        text = text.replace(f"| {group} |", f"| {group} |  |  |  |  |  |  |  |")
    got = zoo.parse_text(text)
    assert not [k for k in got.cells if k.count(".") == 3 and k not in report.cells]
    assert not [f for f in check(got) if f.severity is Severity.ERROR]
    assert zoo.score(report, text).read == len(report.cells)
    # a subtotal the row does state is still read, and checked
    text = text.replace("| （三）不予公开 |  |", "| （三）不予公开 | 1 |", 1)
    got = zoo.parse_text(text)
    assert got.cells["apply.result.deny.np"].number == 1
    assert "T3.E005" in {f.id for f in check(got)}


def test_table3_header_repeated_between_its_rows_is_no_row():
    """Table 3 split over two pages with its header printed again over the second part:
    the header's 「其他」 and 「总计」 are no rows (they took the places of 「3.其他」 and
    「（七）总计」, whose own rows were then dropped as repeats)."""
    report = zoo.consistent_model(random.Random(5))
    lines = zoo.write(report, zoo.Layout("pipes")).splitlines()
    at = next(i for i, ln in enumerate(lines) if "勾稽关系" in ln)
    cut = next(i for i, ln in enumerate(lines) if ln.startswith("| 2.重复申请"))
    lines[cut:cut] = ["", "— 3 —", "", *lines[at : at + 3]]
    got = zoo.parse_text("\n".join(lines))
    assert not [f for f in check(got) if f.id.startswith("STRUCT")]
    assert zoo.score(report, "\n".join(lines)) == zoo.score(
        report, zoo.write(report, zoo.Layout("pipes"))
    )


def _row_lines(report_seed: int, label: str) -> tuple[list[str], int, list[str]]:
    report = zoo.consistent_model(random.Random(report_seed))
    lines = zoo.write(report, zoo.Layout("pipes")).splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith(f"| {label}"))
    return lines, at, [c.strip() for c in lines[at].strip()[1:-1].split("|")]


def test_values_wrapped_above_and_below_a_row_leave_it_unread():
    """A PDF wraps numbers in narrow cells and centres the rest: 「94」 and 「270」 print
    as 「9」「27」 above the row's line and 「4」「0」 below it, and the row's line holds
    five values. Its own five and the two below were read as the row's seven (wrong
    values, and false errors); the row is now reported and not read."""
    lines, at, cells = _row_lines(0, "3.危及")
    lines[at : at + 1] = ["| 9 | 27 |", "| " + " | ".join(cells[:6]) + " |", "| 4 | 0 |"]
    got = zoo.parse_text("\n".join(lines))
    assert not [k for k in got.cells if k.startswith("apply.result.deny.security_stability.")]
    found = check(got)
    assert not [f for f in found if f.severity is Severity.ERROR]
    assert "STRUCT.W002" in {
        f.id for f in found if f.location.row == "apply.result.deny.security_stability"
    }


@pytest.mark.parametrize("tail", [1, 2])
def test_a_row_whose_values_go_on_to_the_next_line(tail):
    """One value carried to the next line (nothing else around) is the row's last, and
    read; two or more may be the lower parts of wrapped cells, and are not."""
    report = zoo.consistent_model(random.Random(0))
    lines, at, cells = _row_lines(0, "1.属于国家秘密")
    lines[at : at + 1] = [
        "| " + " | ".join(cells[: 8 - tail]) + " |",
        "| " + " | ".join(cells[8 - tail :]) + " |",
    ]
    got = zoo.parse_text("\n".join(lines))
    row = [k for k in got.cells if k.startswith("apply.result.deny.state_secret.")]
    assert len(row) == (7 if tail == 1 else 0)
    assert all(got.cells[k].number == report.cells[k].number for k in row)
    assert not [f for f in check(got) if f.severity is Severity.ERROR]


def test_a_label_block_after_an_empty_value_row_is_no_header():
    """Labels apart from their values (a block of labels, then the value rows), and one
    value row of empty cells printed as an empty line: the rows then seemed apart by
    empty lines, and the header's group ran on over the whole block of labels — Table 3
    was not found at all (a false STRUCT.E001). The header's group ends at a label."""
    report = zoo.consistent_model(random.Random(3))
    for seed in range(100):
        if (rnd := random.Random(seed)).choice(["active", "apply"]) == "apply" and rnd.choice(
            ["block", "wrapped", "heading"]
        ) == "block":
            break
    text = zoo.write(report, zoo.Layout("spaces", ("3 labels apart",), seed))
    lines = text.splitlines()
    at = lines.index("四、结转下年度继续办理") + 4  # in the value rows after the labels
    assert lines[at][:1].isdigit(), lines[at]
    lines[at] = ""
    got = zoo.parse_text("\n".join(lines))
    assert "apply" in got.tables
    assert not [f for f in check(got) if f.severity is Severity.ERROR]
    assert zoo.score(report, "\n".join(lines)).wrong == ()


SEED_T4 = 41


def test_table4_header_padded_to_the_width_gives_no_values():
    """A Word table typed cell by cell pads Table 4's header rows with empty cells to its
    fifteen columns, and the data row prints a zero as an empty cell: the header's
    empty cells were taken for the row's first values (every value shifted, false
    T4.E001 errors). They are no values; the row is read as printed."""
    report = zoo.consistent_model(random.Random(SEED_T4))
    # the row starts and ends with an empty cell
    assert (
        report.cells["review.upheld"].number == report.cells["lit_after_review.total"].number == 0
    )
    lines = zoo.write(report, zoo.Layout("pipes")).splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("| 行政复议 | 行政诉讼 |"))
    rows = [[c.strip() for c in ln.strip()[1:-1].split("|")] for ln in lines[at : at + 4]]
    rows[3] = ["" if c == "0" else c for c in rows[3]]  # zeros printed as empty cells
    lines[at : at + 4] = ["| " + " | ".join(r + [""] * (15 - len(r))) + " |" for r in rows]
    got = zoo.parse_text("\n".join(lines))
    assert not [f for f in check(got) if f.severity is Severity.ERROR]
    for k in (k for k in report.cells if k.startswith(("review.", "lit_"))):
        v, want = got.cells[k], report.cells[k].number
        assert v.number == want or (v.kind is ValueKind.BLANK and want == 0), (k, v, want)
