"""A page of a PDF as blocks of text lines: its tables, found from the ruling lines,
each row one line of cells joined by 「|」, and the text between them line by line.

pdfplumber's table finder and text-line grouping do the work, on a pdfplumber page or
on the same objects built from PDFium's (:mod:`~gongkai.core.report.parse.pdf_pdfium`).
Two of its steps are redone here, faster and with the same result: the cells from the
ruling lines' intersections (:func:`_cells`) and the characters of each cell
(:class:`_CharIndex`). The document as a whole is read in
:mod:`~gongkai.core.report.parse.pdf`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

__all__ = ["page_blocks"]

Obj = dict[str, Any]


def _cell(text: str | None) -> str | None:
    if text is None:
        return None
    joined = re.sub(r"\s*\n\s*", "", text)
    return re.sub(r"[ \u00a0\u3000]+", " ", joined).strip().replace("|", "｜")


def _row(cells: list[str | None]) -> str | None:
    kept = [c for c in (_cell(x) for x in cells) if c is not None]
    if not any(kept):
        return (
            "| " + " | ".join(kept) + " |" if len(kept) > 1 else None
        )  # a row of empty cells is a row
    if len([c for c in kept if c]) == 1 and len(kept) <= 2:
        return next(c for c in kept if c)  # a one-cell row: a line of text
    return "| " + " | ".join(kept) + " |"


def page_blocks(page: Any) -> list[tuple[float, list[str]]]:
    """(top, lines) blocks of one page: its tables and the text between them.

    ``page`` is a pdfplumber page or a
    :class:`~gongkai.core.report.parse.pdf_pdfium.Objects` built from PDFium's objects:
    both give pdfplumber's characters and edges, and the same code reads them.
    """
    from pdfplumber.utils.geometry import outside_bbox
    from pdfplumber.utils.text import chars_to_textmap

    blocks: list[tuple[float, list[str]]] = []
    tables = _tables(page)
    if tables:
        by_middle = _CharIndex(page.chars)
        for table in tables:
            rows = [r for r in (_row(row) for row in by_middle.extract(table)) if r]
            blocks.append((table.bbox[1], rows))
    chars = page.chars
    for table in tables:
        chars = outside_bbox(chars, table.bbox)
    if chars:
        lines = chars_to_textmap(chars, keep_blank_chars=False).extract_text_lines(
            return_chars=False
        )
        for line in lines:
            text = line["text"].strip()
            if text:
                blocks.append((line["top"], [text]))
    blocks.sort(key=lambda b: b[0])
    return blocks


# --- pdfplumber's table finding, two steps made faster ---------------------------------------


def _tables(page: Any) -> list[Any]:
    """The tables pdfplumber's ``page.find_tables()`` finds (default settings: ruling
    lines only), by the same steps as its ``TableFinder``, with :func:`_cells` in place
    of ``intersections_to_cells`` (the same cells, without its quadratic set building)."""
    from pdfplumber.table import (
        Table,
        TableSettings,
        cells_to_tables,
        edges_to_intersections,
        merge_edges,
    )
    from pdfplumber.utils.geometry import filter_edges

    s = TableSettings()
    edges = page.edges
    v = filter_edges(edges, "v", min_length=s.edge_min_length_prefilter)
    h = filter_edges(edges, "h", min_length=s.edge_min_length_prefilter)
    merged = merge_edges(
        v + h,
        snap_x_tolerance=s.snap_x_tolerance,
        snap_y_tolerance=s.snap_y_tolerance,
        join_x_tolerance=s.join_x_tolerance,
        join_y_tolerance=s.join_y_tolerance,
    )
    kept = filter_edges(merged, min_length=s.edge_min_length)
    intersections = edges_to_intersections(
        kept, s.intersection_x_tolerance, s.intersection_y_tolerance
    )
    return [Table(page, group) for group in cells_to_tables(_cells(intersections))]


def _cells(intersections: dict[tuple[float, float], dict[str, list[Obj]]]) -> list[Any]:
    """pdfplumber's ``intersections_to_cells``: for each intersection in sorted order,
    the smallest rectangle of intersections joined by common edges that has it as its
    top left corner. The edge sets of each point and the points on each vertical and
    horizontal are computed once instead of for every pair looked at."""
    from pdfplumber.utils.geometry import obj_to_bbox

    points = sorted(intersections)
    v_edges = {p: {obj_to_bbox(e) for e in intersections[p]["v"]} for p in points}
    h_edges = {p: {obj_to_bbox(e) for e in intersections[p]["h"]} for p in points}
    same_x: dict[float, list[tuple[float, float]]] = {}
    same_y: dict[float, list[tuple[float, float]]] = {}
    for p in points:
        same_x.setdefault(p[0], []).append(p)
        same_y.setdefault(p[1], []).append(p)

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        return (p1[0] == p2[0] and not v_edges[p1].isdisjoint(v_edges[p2])) or (
            p1[1] == p2[1] and not h_edges[p1].isdisjoint(h_edges[p2])
        )

    cells = []
    for pt in points:
        below = [p for p in same_x[pt[0]] if p > pt]
        right = [p for p in same_y[pt[1]] if p > pt]
        cell = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if (
                    corner in intersections
                    and connects(corner, right_pt)
                    and connects(corner, below_pt)
                ):
                    cell = (pt[0], pt[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


class _CharIndex:
    """The page's characters by the middle of their height, for pdfplumber's
    ``Table.extract``: a character belongs to the cell (and row) holding its middle.
    The same cells' texts as ``Table.extract()``, from the characters of each row
    looked up by bisection instead of testing every character against every row."""

    def __init__(self, chars: list[Obj]):
        keyed = sorted(
            ((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, i, c)
            for i, c in enumerate(chars)
        )
        self._middles = [k[0] for k in keyed]
        self._keyed = keyed

    def extract(self, table: Any) -> list[list[str | None]]:
        from pdfplumber.utils.text import extract_text

        out: list[list[str | None]] = []
        for row in table.rows:
            x0, top, x1, bottom = row.bbox
            lo = bisect_left(self._middles, top)
            hi = bisect_left(self._middles, bottom)
            in_row = sorted((k for k in self._keyed[lo:hi] if x0 <= k[1] < x1), key=lambda k: k[2])
            texts: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    texts.append(None)
                    continue
                cx0, ctop, cx1, cbottom = cell
                chars = [k[3] for k in in_row if cx0 <= k[1] < cx1 and ctop <= k[0] < cbottom]
                texts.append(extract_text(chars) if chars else "")
            out.append(texts)
        return out
