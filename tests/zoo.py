"""The layout zoo: any report model written in the foreign layouts real converters make.

A report is first rendered in the official layout (``render_text``) and taken apart
into a :class:`Doc`: the title lines, then each section's heading and its items — a
plain line, or a table row (a tuple of cells). A *layout* is then

- a **writer**, the way a row becomes lines: the layouts the reader was built on
  (markdown pipes, tabs, runs of spaces, one cell per line); and
- any of the seven **foreign classes** of issue 14, and the eighth, the spellings of
  values (:mod:`zoo_spellings`), each a small function that rewrites the Doc
  (:data:`CLASSES`), with its own random choices from a seed.

``write(model, Layout(...))`` gives the text. :func:`score` reads it back and counts
what the property test holds: cells read, cells read wrong, cells invented, and
findings of severity ``error`` (none is allowed on a consistent model).

Run as a script, it measures the share of cells read per layout class::

    .venv/bin/python tests/zoo.py --layouts 10000 --seed 1
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

import zoo_spellings
from gongkai.core import AnnualReport, Severity, Value, ValueKind, Version, check, parse_text
from gongkai.core.report.formats import APPLICANT_COLUMNS, FORMATS
from gongkai.core.report.parse.html import parse_html
from gongkai.core.report.render import render_text

Row = tuple[str, ...]
Item = str | Row


@dataclass
class Part:
    heading: str
    items: list[Item] = field(default_factory=list)
    table: str | None = None  # "active" | "apply" | "review" for the table sections


@dataclass
class Doc:
    title: list[str]
    parts: list[Part]

    def part(self, table: str) -> Part:
        return next(p for p in self.parts if p.table == table)


_TABLE_OF = {"二": "active", "三": "apply", "四": "review"}


def doc_of(report: AnnualReport) -> Doc:
    """The official rendering of ``report``, taken apart into lines and rows."""
    lines = render_text(report).splitlines()
    doc = Doc(title=[], parts=[])
    for line in lines:
        if re.match(r"^[一二三四五六]、", line):
            doc.parts.append(Part(line, table=_TABLE_OF.get(line[0])))
        elif not doc.parts:
            if line:
                doc.title.append(line)
        elif line.startswith("|"):
            doc.parts[-1].items.append(tuple(c.strip() for c in line.strip()[1:-1].split("|")))
        elif line:
            doc.parts[-1].items.append(line)
    return doc


# --- Writers: how a row becomes lines (the layouts the reader was built on) -----------


def _pipes(r: Row) -> list[str]:
    return ["| " + " | ".join(r) + " |"]


def _markdown(r: Row) -> list[str]:
    return [*_pipes(r), "|" + "---|" * len(r)]


def _tabs(r: Row) -> list[str]:
    return ["\t".join(r)]


def _spaces(r: Row) -> list[str]:
    return ["    ".join(c for c in r if c)]


def _cell_per_line(r: Row) -> list[str]:
    return [*(f"\t{c}" for c in r), ""]


WRITERS: dict[str, Callable[[Row], list[str]]] = {
    "pipes": _pipes,
    "markdown": _markdown,
    "tabs": _tabs,
    "spaces": _spaces,
    "one cell per line": _cell_per_line,
}


def text_of(doc: Doc, writer: Callable[[Row], list[str]]) -> str:
    out = [*doc.title, ""]
    for part in doc.parts:
        if part.heading:
            out.append(part.heading)
        for item in part.items:
            out.extend([item] if isinstance(item, str) else writer(item))
        out.append("")
    return "\n".join(out)


def html_of(doc: Doc, *, table_per_row: bool) -> str:
    """The Doc as an HTML page: lines as paragraphs, rows as table rows — each section's
    consecutive rows one table, or (as some converters do) every row a table of its own."""
    from html import escape

    def cell(c: str) -> str:
        return f"<td>{escape(c)}</td>"

    out = ["<html><body>", *(f"<p>{escape(t)}</p>" for t in doc.title)]
    for part in doc.parts:
        if part.heading:
            out.append(f"<p>{escape(part.heading)}</p>")
        open_table = False
        for item in part.items:
            if isinstance(item, str):
                if open_table:
                    out.append("</table>")
                    open_table = False
                out.append(f"<p>{escape(item)}</p>")
                continue
            if not open_table:
                out.append("<table>")
                open_table = True
            out.append("<tr>" + "".join(cell(c) for c in item) + "</tr>")
            if table_per_row:
                out.append("</table>")
                open_table = False
        if open_table:
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


# --- The seven foreign classes of issue 14 ---------------------------------------------


def _is_data(item: Item) -> bool:
    """A table row that carries values (a label followed by numbers)."""
    return not isinstance(item, str) and len(item) > 1 and any(c[:1].isdigit() for c in item[1:])


def _labelled(item: Item) -> bool:
    return isinstance(item, tuple) and len(item[0]) >= 2 and not item[0][:1].isdigit()


def annex(doc: Doc, rnd: random.Random) -> None:
    """1. A narrative whose headings name the sections, then the tables in an annex
    numbered 一、二、三 (Shanghai's layout)."""
    tables = [p for p in doc.parts if p.table]
    renamed = {
        "active": rnd.choice(["二、主动公开工作情况", "三、主动公开政府信息情况"]),
        "apply": rnd.choice(["三、依申请公开工作情况", "四、政府信息公开申请情况"]),
        "review": rnd.choice(
            ["四、行政复议和行政诉讼情况", "五、政府信息公开行政复议、行政诉讼情况"]
        ),
    }
    prose = [Part(renamed[p.table or ""], [rnd.choice(_PROSE)]) for p in tables]
    narrative = [p for p in doc.parts if not p.table]
    annex_head = Part(rnd.choice(["附件", "附表", "附件：统计表"]), [])
    bare = rnd.random() < 0.3  # the annex's tables without headings: found by their content
    numbered = [
        Part("" if bare else f"{n}、{p.heading[2:]}", p.items, p.table)
        for n, p in zip("一二三", tables, strict=True)
    ]
    doc.parts = [narrative[0], *prose, *narrative[1:], annex_head, *numbered]


_PROSE = (
    "具体数据详见附件。",
    "（一）规章。本年度未制发规章。",
    "（一）主动公开情况。全年通过政府网站主动公开政府信息，详见附表一。",
    "（二）依申请公开。办理情况详见附表二。",
)


_INVENTED = (
    "项目",
    "本年新收件数",
    "上年结转件数",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "总计",
)


def header_per_row(doc: Doc, rnd: random.Random) -> None:
    """2. Each Table 3 row its own small table under a header of words."""
    numbered = ("类别", *(f"数据{n}" for n in range(1, 7)), "总计")
    header = rnd.choice([numbered, _INVENTED])
    part = doc.part("apply")
    items: list[Item] = []
    for item in part.items:
        if _is_data(item):
            items.append(header)
        items.append(item)
    part.items = items


def labels_apart(doc: Doc, rnd: random.Random) -> None:
    """3. Labels apart from their numbers: a block of labels then the bare value rows; or
    a label wrapped over two lines; or a ``###`` heading repeating the label."""
    part = doc.part(rnd.choice(["active", "apply"]))
    kind = rnd.choice(["block", "wrapped", "heading"])
    data = [i for i, item in enumerate(part.items) if _is_data(item)]
    if kind == "block":
        rows = [part.items[i] for i in data]
        assert all(isinstance(r, tuple) for r in rows)
        start = data[0]
        rest = [item for i, item in enumerate(part.items) if i not in data and i > start]
        labels: list[Item] = [r[0] for r in rows if isinstance(r, tuple)]
        values: list[Item] = [r[1:] for r in rows if isinstance(r, tuple)]
        part.items = [*part.items[:start], *labels, *values, *rest]
        return
    items: list[Item] = []
    for item in part.items:
        if not _is_data(item) or not isinstance(item, tuple):
            items.append(item)
        elif kind == "heading":
            items += [f"### {item[0]}", item]
        elif len(item[0]) >= 8 and rnd.random() < 0.5:
            cut = rnd.randrange(4, len(item[0]) - 2)
            items += [(item[0][:cut], *item[1:]), item[0][cut:]]
        else:
            items.append(item)
    part.items = items


def stray_lines(doc: Doc, rnd: random.Random) -> None:
    """4. Stray lines inside a table: page footers, a detached note, a moved number; and
    its kin, a note glued to the number it is about (「22（其中修订16件）」)."""
    part = doc.part(rnd.choice(["active", "apply", "review"]))
    kind = rnd.choice(["footer", "note", "moved", "glued"])
    data = [i for i, item in enumerate(part.items) if _is_data(item)]
    if not data:
        return
    at = rnd.choice(data)
    if kind == "footer":
        page = rnd.randrange(2, 30)
        line = rnd.choice([f"— {page} —", f"- {page} -", f"第{page}页", f"—{page}—"])
        part.items.insert(at + 1, line)
    elif kind == "note":
        part.items.insert(at + 1, rnd.choice(["（其中修订16件）", "注：本表数据截至12月31日。"]))
    elif kind == "glued":
        row = part.items[at]
        assert isinstance(row, tuple)
        k = rnd.randrange(len(row) - 1) + 1  # a value, never the label
        note = rnd.choice(["（其中修订{n}件）", "(含{n}件)", "（其中{n}件为依职权）"])
        part.items[at] = (*row[:k], row[k] + note.format(n=rnd.randrange(1, 30)), *row[k + 1 :])
    else:
        row = part.items[at]
        assert isinstance(row, tuple)
        part.items[at] = row[:-1]
        part.items.insert(at + 1, row[-1])


def table4_parts(doc: Doc, rnd: random.Random) -> None:
    """5. Table 4 as three five-column tables, or a 12-column header over the 15 values."""
    part = doc.part("review")
    values = next(
        item
        for item in part.items
        if _is_data(item) or (isinstance(item, tuple) and len(item) == 15)
    )
    assert isinstance(values, tuple)
    cols = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    if rnd.random() < 0.5:
        items: list[Item] = []
        for n, name in enumerate(
            ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
        ):
            items += [name, cols, values[5 * n : 5 * n + 5]]
        part.items = items
    else:
        header = (*cols, "未经复议直接起诉", *cols[:4], "复议后起诉", "总计")
        part.items = [("行政复议", "行政诉讼"), header, values]


def title_two_lines(doc: Doc, rnd: random.Random) -> None:
    """6. The title over two lines."""
    title = doc.title[0]
    marks = [m.start() for m in re.finditer(r"\d{4}年|政府信息|公开工作|年度报告", title)]
    cut = rnd.choice(marks)
    doc.title[0:1] = [title[:cut], title[cut:]]


def cut_in_row(doc: Doc, rnd: random.Random) -> None:
    """7. A text cut inside a row: the head of the next row's label ends this row."""
    part = doc.part(rnd.choice(["active", "apply"]))
    pairs = [
        i
        for i in range(len(part.items) - 1)
        if _is_data(part.items[i]) and _is_data(part.items[i + 1]) and _labelled(part.items[i + 1])
    ]
    if not pairs:
        return
    i = rnd.choice(pairs)
    row, nxt = part.items[i], part.items[i + 1]
    assert isinstance(row, tuple) and isinstance(nxt, tuple)
    k = rnd.randrange(1, len(nxt[0]))
    part.items[i] = (*row, nxt[0][:k])
    part.items[i + 1] = (nxt[0][k:], *nxt[1:])


CLASSES: dict[str, Callable[[Doc, random.Random], None]] = {
    "1 annex": annex,
    "2 header per row": header_per_row,
    "3 labels apart": labels_apart,
    "4 stray lines": stray_lines,
    "5 table 4 in parts": table4_parts,
    "6 title on two lines": title_two_lines,
    "7 cut inside a row": cut_in_row,
    zoo_spellings.NAME: zoo_spellings.value_spellings,  # applied last: the names sort so
}


#: The HTML "writers": a page whose tables the HTML reader turns into text.
HTML_WRITERS = ("html", "html, a table per row")


@dataclass(frozen=True)
class Layout:
    writer: str  # one of WRITERS, or of HTML_WRITERS
    classes: tuple[str, ...] = ()
    seed: int = 0


def write(report: AnnualReport, layout: Layout) -> str:
    doc = doc_of(report)
    rnd = random.Random(layout.seed)
    for name in layout.classes:
        CLASSES[name](doc, rnd)
    if layout.writer in HTML_WRITERS:
        return html_of(doc, table_per_row=layout.writer != "html")
    return text_of(doc, WRITERS[layout.writer])


# --- Consistent models ---------------------------------------------------------------


def consistent_model(rnd: random.Random) -> AnnualReport:
    """A random 2021-format report whose every rule holds (R1–R4), values small."""
    spec = FORMATS[Version.V2021]
    cells: dict[str, Decimal] = {}

    def n() -> int:
        return rnd.choice([0, 0, 0, 1, 2, 3, rnd.randrange(0, 200)])

    for row in spec.table("active").rows:
        for col in row.columns:
            amount = col.id == "amount_wan"
            cells[row.cell_id(col)] = (
                Decimal(rnd.randrange(0, 10000)) / 100 if amount else Decimal(n())
            )
    t3 = spec.table("apply").rows
    results = [r for r in t3 if r.id.startswith("apply.result.") and r.id != "apply.result.total"]
    for c in APPLICANT_COLUMNS:
        total = 0
        for r in results:
            v = n()
            cells[f"{r.id}.{c}"] = Decimal(v)
            total += v
        cells[f"apply.result.total.{c}"] = Decimal(total)
        out = n()
        into = rnd.randrange(0, total + out + 1)
        cells[f"apply.carried_out.{c}"] = Decimal(out)
        cells[f"apply.carried_in.{c}"] = Decimal(into)
        cells[f"apply.new.{c}"] = Decimal(total + out - into)
    for r in t3:
        cells[f"{r.id}.total"] = sum((cells[f"{r.id}.{c}"] for c in APPLICANT_COLUMNS), Decimal(0))
    for g in ("review", "lit_direct", "lit_after_review"):
        parts = [n() for _ in range(4)]
        for c, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            cells[f"{g}.{c}"] = Decimal(v)
        cells[f"{g}.total"] = Decimal(sum(parts))
    from support import model

    base = model()
    return replace(base, cells={k: Value.of(v) for k, v in cells.items()})


# --- Scoring -------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    expected: int
    read: int  # cells read with the model's value
    wrong: tuple[str, ...]  # cells read with another value
    invented: tuple[str, ...]  # cells the model does not have
    errors: tuple[str, ...]  # findings of severity error (none on a consistent model)
    meta: bool = True  # the body and year read are the model's


def score(report: AnnualReport, text: str, *, marks: bool = False) -> Score:
    """Read ``text`` (a page, if it is HTML) and compare what is read with ``report``."""
    got = parse_html(text, source="zoo") if text.startswith("<html>") else parse_text(text)
    return compare(report, got, marks=marks)


_MARKS = (ValueKind.BLANK, ValueKind.NOT_APPLICABLE)


def compare(report: AnnualReport, got: AnnualReport, *, marks: bool = False) -> Score:
    """What was read (``got``) against the model it was written from. ``marks``: zeros
    were written as a dash or an empty cell (:mod:`zoo_spellings`), which the reader keeps
    as such and counts 0 — read right where the model holds 0."""
    want = {k: v.number for k, v in report.cells.items()}
    wrong = tuple(
        k
        for k, v in got.cells.items()
        if k in want and v.number != want[k] and not (marks and v.kind in _MARKS and want[k] == 0)
    )
    invented = tuple(k for k in got.cells if k not in want)
    errors = tuple(f"{f.id} {f.message}" for f in check(got) if f.severity is Severity.ERROR)
    meta = (got.body, got.year) == (report.body, report.year)
    read = len(got.cells) - len(wrong) - len(invented)
    return Score(len(want), read, wrong, invented, errors, meta)


def layouts(rnd: random.Random) -> Layout:
    """A random layout: a writer and up to three foreign classes."""
    k = rnd.choice([0, 1, 1, 1, 2, 3])
    return Layout(
        rnd.choice([*WRITERS, *HTML_WRITERS]),
        tuple(sorted(rnd.sample(list(CLASSES), k))),
        rnd.randrange(1 << 30),
    )


def measure(count: int, seed: int) -> dict[str, list[int]]:
    """Figures per layout class: layouts, cells expected, cells read, wrong, invented,
    layouts with an error; by the one class a layout has (``supported``: none,
    ``combined``: two or three), and for ``all``."""
    rnd = random.Random(seed)
    table: dict[str, list[int]] = {}
    for _ in range(count):
        report = consistent_model(rnd)
        layout = layouts(rnd)
        s = score(report, write(report, layout), marks=zoo_spellings.NAME in layout.classes)
        kind = "combined" if len(layout.classes) > 1 else (layout.classes or ("supported",))[0]
        tally(table, (kind, "all"), s)
    return table


def tally(table: dict[str, list[int]], names: Iterable[str], s: Score) -> None:
    """Add one layout's score to each named row of a measuring table: layouts, cells
    expected, read, wrong, invented, layouts with an error, body and year read."""
    figures = (1, s.expected, s.read, len(s.wrong), len(s.invented), bool(s.errors), s.meta)
    for name in names:
        row = table.setdefault(name, [0] * 7)
        for i, v in enumerate(figures):
            row[i] += v


def main() -> None:  # pragma: no cover - a measuring script
    import argparse
    import sys
    import time

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layouts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    table = measure(args.layouts, args.seed)
    took = time.perf_counter() - start
    print("| class | layouts | cells read | wrong | invented | with an error | body and year |")
    print("|---|---|---|---|---|---|---|")
    for name in sorted(table, key=lambda k: (k == "all", k != "supported", k)):
        n, exp, read, wrong, inv, err, meta = table[name]
        print(f"| {name} | {n:,} | {read / exp:.1%} | {wrong} | {inv} | {err} | {meta / n:.0%} |")
    print(f"\n{args.layouts:,} layouts in {took:.0f} s", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    main()
