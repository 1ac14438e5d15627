"""The layout zoo as Word files (``tests/zoo_docx.py``): each zoo report written as a
.docx — each section's rows one table; with the official template's merged cells
(Table 3's header, the first column's group labels merged down); a table split in two at
a page break, its header repeated or not — alone and with every foreign class, and read
from the bytes as `gongkai audit` reads a file: no cell read wrong, none invented, no
finding of severity ``error``, the body and year the model's.

The long run is

    GONGKAI_ZOO_DOCX_SEEDS=50 .venv/bin/pytest tests/core/test_layout_zoo_docx.py
"""

from __future__ import annotations

import os
import random

import pytest

import zoo
import zoo_docx
import zoo_spellings
from gongkai.core import Severity, check
from gongkai.core.report.parse.docx import docx_to_text
from gongkai.core.report.parse.files import read_report_bytes

SEEDS = int(os.environ.get("GONGKAI_ZOO_DOCX_SEEDS") or 3)


def assert_read_right(report, layout: zoo.Layout) -> zoo.Score:
    data = zoo_docx.write_docx(report, layout)
    s = zoo_docx.score_docx(report, data, marks=zoo_spellings.NAME in layout.classes)
    assert s.wrong == (), (layout, s.wrong)
    assert s.invented == (), (layout, s.invented)
    assert s.errors == (), (layout, s.errors)
    assert s.meta, layout
    return s


@pytest.mark.parametrize("cls", ["", *zoo.CLASSES])
@pytest.mark.parametrize("writer", zoo_docx.DOCX_WRITERS)
def test_every_class_with_every_docx_writer(writer, cls):
    for seed in range(SEEDS):
        rnd = random.Random(seed * 7919 + 17)
        report = zoo.consistent_model(rnd)
        layout = zoo.Layout(writer, (cls,) if cls else (), rnd.randrange(1 << 30))
        s = assert_read_right(report, layout)
        if not cls:  # the layouts Word documents come in: every cell read
            assert s.read == s.expected, (layout, s.read, s.expected)


def test_combined_classes_in_word_files():
    rnd = random.Random(11)
    for _ in range(4 * SEEDS):
        report = zoo.consistent_model(rnd)
        classes = tuple(sorted(rnd.sample(list(zoo.CLASSES), rnd.choice([2, 3]))))
        layout = zoo.Layout(rnd.choice(zoo_docx.DOCX_WRITERS), classes, rnd.randrange(1 << 30))
        assert_read_right(report, layout)


def _split_seed(writer: str, *, repeat: bool, carry: str) -> tuple[zoo.Layout, object]:
    """A model and a split layout whose writer repeats the header (or not) and carries a
    merged label across the break as asked."""
    for seed in range(200):
        w = zoo_docx._Writer(random.Random(seed), merged=True, split=True)
        target = w.rnd.choice(["active", "apply", "review"])  # as docx_of draws it
        if w.repeat_header == repeat and w.carry == carry and target == "apply":
            rnd = random.Random(seed)
            return zoo.Layout(writer, (), seed), zoo.consistent_model(rnd)
    raise AssertionError("no seed")  # pragma: no cover


def test_the_merged_template_reads_as_the_official_rows():
    """The DOCX reader reads the template's merges: 申请人情况 once over its seven
    columns, and 三、本年度办理结果 in its first row only (the continuations empty)."""
    report = zoo.consistent_model(random.Random(4))
    text = docx_to_text(zoo_docx.write_docx(report, zoo.Layout("docx, merged", (), 4)))
    assert (
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |"
        in text
    )
    assert text.count("三、本年度办理结果") == 1
    assert "| 三、本年度办理结果 | （一）予以公开 |" in text


@pytest.mark.parametrize("repeat", [True, False])
def test_table3_split_at_a_page_break_reads_every_cell(repeat):
    """Table 3 cut in two, its header printed again over the second part or not: the
    repeated header's 「其他」 and 「总计」 are no rows (they took the places of 「3.其他」 and
    「（七）总计」, whose real rows were then dropped as repeats)."""
    for carry in ("empty", "label"):
        layout, report = _split_seed("docx, merged, split", repeat=repeat, carry=carry)
        data = zoo_docx.write_docx(report, layout)
        text = docx_to_text(data)
        assert text.count("申请人情况") == (2 if repeat else 1)
        got = read_report_bytes(data, source="split.docx")
        assert not [f for f in check(got) if f.id.startswith("STRUCT")], layout
        s = assert_read_right(report, layout)
        assert s.read == s.expected


def test_a_group_row_of_empty_cells_states_no_subtotal():
    """A Word table typed cell by cell prints 「（三）不予公开」 with seven empty cells: no
    subtotal is read from it (its blanks as 0 were a false T3.E005 per column)."""
    report = zoo.consistent_model(random.Random(1))
    data = zoo_docx.write_docx(report, zoo.Layout("docx"))
    assert "| （三）不予公开 |  |  |  |  |  |  |  |" in docx_to_text(data)
    got = read_report_bytes(data, source="plain.docx")
    assert not [k for k in got.cells if k.startswith("apply.result.deny.") and k.count(".") == 3]
    assert not [f for f in check(got) if f.severity is Severity.ERROR]
    # a subtotal the row does state is still read and checked
    text = docx_to_text(data).replace(
        "| （三）不予公开 |  |  |  |  |  |  |  |", "| （三）不予公开 | 1 |  |  |  |  |  |  |"
    )
    found = check(zoo.parse_text(text))
    assert "T3.E005" in {f.id for f in found}
