"""The layout zoo as Word files: a zoo :class:`~zoo.Doc` written as a real .docx, lines as
paragraphs and rows as table rows, in the ways Word documents really come:

- ``docx``: each section's consecutive rows one table, a row narrower than its table
  padded with empty cells (a table typed cell by cell);
- ``docx, merged``: the merges of the official template (国办公开办函〔2021〕30号) — Table
  3's header with 申请人情况 over its seven columns and its first cells merged down,
  the first column's group labels (三、本年度办理结果, （三）不予公开 …) merged down the
  rows they head, Table 4's two header rows, and elsewhere a row narrower than its
  table ending in a cell that spans the rest; a section a foreign class rewrote is
  written as in ``docx`` but with those spans;
- in each, now and then, a long label typed over two paragraphs of its cell;
- ``docx, split`` and ``docx, merged, split``: as those, with one table split in two at
  a page break, Table 3's header repeated over its second part or not, and a label
  merged down across the break either left in the first part (the continuation an
  empty cell) or typed again.

Each layout combines with the foreign classes of :data:`zoo.CLASSES`, as the text zoo
does; :func:`score_docx` reads the bytes as ``gongkai audit`` reads a file.

Run as a script, it measures the share of cells read per DOCX writer::

    .venv/bin/python tests/zoo_docx.py --layouts 200 --seed 1
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any

import zoo
import zoo_spellings
from gongkai.core import AnnualReport
from gongkai.core.report.parse.files import read_report_bytes
from zoo import Doc, Item, Layout, Row, Score

DOCX_WRITERS = ("docx", "docx, merged", "docx, split", "docx, merged, split")

_APPLY_WIDTH = 10  # three label columns, seven applicant columns
_APPLY_HEAD = 3  # rows of the official Table 3 header


@dataclass(frozen=True)
class _Line:
    """A Table 3 row of the official layout: its label, values and the group labels the
    first two columns carry merged down."""

    label: str
    values: Row
    level: int  # 1: 一、二、四、 (the label spans three columns), 2: （一）…, 3: 1.…
    group: str | None  # 三、本年度办理结果
    sub: str | None  # （三）不予公开 …


def _lines(items: list[Item]) -> list[_Line]:
    out: list[_Line] = []
    group = sub = None
    for item in items[_APPLY_HEAD:]:
        assert isinstance(item, tuple)
        label = item[0]
        if len(item) == 1:
            if label.startswith("三、"):
                group, sub = label, None
            else:
                sub = label
            continue
        if label[:1].isdigit():
            out.append(_Line(label, item[1:], 3, group, sub))
        elif label.startswith(("（", "(")):
            out.append(_Line(label, item[1:], 2, group, None))
        else:
            group = sub = None
            out.append(_Line(label, item[1:], 1, None, None))
    return out


class _Writer:
    def __init__(self, rnd: random.Random, *, merged: bool, split: bool) -> None:
        import docx

        self.document = docx.Document()
        self.rnd = rnd
        self.merged = merged
        self.split = split
        # How a cut merge continues in a table's second part: an empty cell, or the label
        # typed again; and whether a second-level label spans the third column.
        self.carry = rnd.choice(["empty", "label"])
        self.span_labels = rnd.random() < 0.7
        self.repeat_header = rnd.random() < 0.5
        # Long labels typed over two paragraphs of their cell (Enter pressed inside it).
        self.wrap_labels = rnd.random() < 0.3

    def label(self, cell: Any, text: str) -> None:
        if self.wrap_labels and len(text) > 10 and self.rnd.random() < 0.5:
            cut = self.rnd.randrange(4, len(text) - 2)
            cell.text = text[:cut]
            cell.add_paragraph(text[cut:])
        else:
            cell.text = text

    def para(self, text: str) -> None:
        self.document.add_paragraph(text)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- Plain tables: rows as they come -------------------------------------------

    def table(self, rows: list[Row], width: int) -> None:
        table = self.document.add_table(rows=len(rows), cols=width)
        for row, texts in zip(table.rows, rows, strict=True):
            cells = row.cells
            if self.merged and len(texts) < width:
                cells[len(texts) - 1].merge(cells[width - 1])
            for j, (cell, text) in enumerate(zip(cells, texts, strict=False)):
                if j == 0:  # a label (a value is never long enough to wrap)
                    self.label(cell, text)
                else:
                    cell.text = text

    def rows(self, rows: list[Row], *, apply: bool) -> None:
        width = max(len(r) for r in rows)
        data = [i for i, r in enumerate(rows) if zoo._is_data(r)]
        if not self.split or len(rows) < 2:
            self.table(rows, width)
            return
        self.split = False  # one table split per document
        cut = self.rnd.randrange(1, len(rows))
        head = rows[: data[0]] if apply and data and data[0] < cut else []
        self.table(rows[:cut], width)
        self.page_break()
        self.table([*(head if self.repeat_header else []), *rows[cut:]], width)

    # --- The official Table 3 and Table 4 ------------------------------------------

    def apply_table(self, lines: list[_Line], *, header: bool, first: set[int]) -> None:
        """Table 3 with the template's merges; ``first``: the indexes (into ``lines``) of
        the first row of each merged group."""
        from gongkai.core.report.formats import TABLE3_COLUMNS

        h = _APPLY_HEAD if header else 0
        table = self.document.add_table(rows=h + len(lines), cols=_APPLY_WIDTH)
        rows = [r.cells for r in table.rows]
        if header:
            head = rows
            head[0][0].merge(
                head[2][2]
            ).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
            head[0][3].merge(head[0][9]).text = "申请人情况"
            head[1][3].merge(head[2][3]).text = "自然人"
            head[1][4].merge(head[1][8]).text = "法人或其他组织"
            head[1][9].merge(head[2][9]).text = "总计"
            for j, c in enumerate(TABLE3_COLUMNS[1:6]):
                head[2][4 + j].text = c.label
        for i, line in enumerate(lines):
            cells = rows[h + i]
            if line.level == 1:
                self.label(cells[0].merge(cells[2]), line.label)
            elif line.level == 2:
                self.label(cells[1].merge(cells[2]) if self.span_labels else cells[1], line.label)
            else:
                self.label(cells[2], line.label)
            for j, v in enumerate(line.values):
                cells[3 + j].text = v
        for col, key in ((0, "group"), (1, "sub")):
            i = 0
            while i < len(lines):
                label = getattr(lines[i], key)
                if label is None or (col == 1 and lines[i].level != 3):
                    i += 1
                    continue
                j = i
                while j + 1 < len(lines) and getattr(lines[j + 1], key) == label:
                    j += 1
                cell = rows[h + i][col]
                if j > i:
                    cell = cell.merge(rows[h + j][col])
                cell.text = label if i in first or self.carry == "label" else ""
                i = j + 1

    def apply(self, items: list[Item]) -> None:
        lines = _lines(items)
        first = {
            i
            for i, line in enumerate(lines)
            if i == 0
            or line.group != lines[i - 1].group
            or (line.level == 3 and line.sub != lines[i - 1].sub)
        }
        if not self.split:
            self.apply_table(lines, header=True, first=first)
            return
        self.split = False
        cut = self.rnd.randrange(1, len(lines))
        self.apply_table(lines[:cut], header=True, first=first)
        self.page_break()
        again = {i - cut for i in first if i >= cut}
        self.apply_table(lines[cut:], header=self.repeat_header, first=again)

    def review(self, items: list[Item]) -> None:
        from gongkai.core.report.formats import TABLE4_COLUMNS

        values = items[-1]
        assert isinstance(values, tuple) and len(values) == 15
        parts = [(True, False), (False, True)] if self.split else [(True, True)]
        if self.split and self.repeat_header:
            parts[1] = (True, True)
        self.split = False
        for n, (header, data) in enumerate(parts):
            if n:
                self.page_break()
            table = self.document.add_table(rows=3 * header + data, cols=15)
            if header:
                r0, r1, r2 = (r.cells for r in table.rows[:3])
                r0[0].merge(r0[4]).text = "行政复议"
                r0[5].merge(r0[14]).text = "行政诉讼"
                for j, c in enumerate(TABLE4_COLUMNS):
                    r1[j].merge(r2[j]).text = c.label
                r1[5].merge(r1[9]).text = "未经复议直接起诉"
                r1[10].merge(r1[14]).text = "复议后起诉"
                for j, c in enumerate(TABLE4_COLUMNS):
                    r2[5 + j].text = c.label
                    r2[10 + j].text = c.label
            if data:
                for cell, v in zip(table.rows[-1].cells, values, strict=True):
                    cell.text = v

    def save(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def docx_of(doc: Doc, official: dict[str, list[Item]], w: _Writer) -> bytes:
    """The Doc as a Word file; ``official``: each table section's items as first
    rendered (a section a foreign class left alone is written with the template's merges)."""
    split = w.split
    target = w.rnd.choice([p.table for p in doc.parts if p.table]) if split else None
    for t in doc.title:
        w.para(t)
    for part in doc.parts:
        w.split = split and part.table == target  # the one table cut in two
        if part.heading:
            w.para(part.heading)
        if w.merged and part.table in ("apply", "review") and part.items == official[part.table]:
            (w.apply if part.table == "apply" else w.review)(part.items)
            continue
        run: list[Row] = []
        for item in [*part.items, ""]:
            if isinstance(item, tuple):
                run.append(item)
                continue
            if run:
                w.rows(run, apply=part.table == "apply")
                run = []
            if item:
                w.para(item)
    return w.save()


def write_docx(report: AnnualReport, layout: Layout) -> bytes:
    doc = zoo.doc_of(report)
    official = {p.table: list(p.items) for p in doc.parts if p.table}
    rnd = random.Random(layout.seed)
    for name in layout.classes:
        zoo.CLASSES[name](doc, rnd)
    writer = _Writer(rnd, merged="merged" in layout.writer, split="split" in layout.writer)
    return docx_of(doc, official, writer)


def score_docx(report: AnnualReport, data: bytes, *, marks: bool = False) -> Score:
    return zoo.compare(report, read_report_bytes(data, source="zoo.docx"), marks=marks)


def layouts(rnd: random.Random) -> Layout:
    k = rnd.choice([0, 0, 1, 1, 2])
    return Layout(
        rnd.choice(DOCX_WRITERS),
        tuple(sorted(rnd.sample(list(zoo.CLASSES), k))),
        rnd.randrange(1 << 30),
    )


def measure(count: int, seed: int) -> dict[str, list[int]]:
    """Figures per DOCX writer, and per writer with no foreign class (``…, alone``)."""
    rnd = random.Random(seed)
    table: dict[str, list[int]] = {}
    for _ in range(count):
        report = zoo.consistent_model(rnd)
        layout = layouts(rnd)
        marks = zoo_spellings.NAME in layout.classes
        s = score_docx(report, write_docx(report, layout), marks=marks)
        names = [layout.writer, "all"]
        if not layout.classes:
            names.append(f"{layout.writer}, alone")
        zoo.tally(table, names, s)
    return table


def main() -> None:  # pragma: no cover - a measuring script
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layouts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    table = measure(args.layouts, args.seed)
    print("| writer | layouts | cells read | wrong | invented | with an error | body and year |")
    print("|---|---|---|---|---|---|---|")
    for name in sorted(table, key=lambda k: (k == "all", k)):
        n, exp, read, wrong, inv, err, meta = table[name]
        share = f"{read:,} of {exp:,} ({read / exp:.2%})"
        print(f"| {name} | {n:,} | {share} | {wrong} | {inv} | {err} | {meta / n:.0%} |")


if __name__ == "__main__":  # pragma: no cover
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    main()


__all__ = ["DOCX_WRITERS", "score_docx", "write_docx"]
