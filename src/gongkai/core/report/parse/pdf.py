"""The PDF reader: the text and the tables of each page, in reading order, to the
text layout the text reader reads.

Tables are found from the page's ruling lines; each row becomes one line of cells
joined by 「|」 (cells merged into their neighbours come back as ``None`` and are
skipped). Text a cell wraps over several lines is joined without spaces, which
rejoins labels printed one character per line (「三\\n、\\n本…」) and numbers broken
across lines. A table continued on the next page simply goes on: the reader is label
driven. Text outside tables is read line by line; page numbers and running headers
(a line repeated on most pages) are dropped.

How a page is read. PDFium (``pypdfium2``) opens the file and gives each page's
characters with their boxes and its painted paths; from them this module builds the
objects pdfminer gives pdfplumber -- characters (text, x0, x1, top, bottom; see
:func:`_chars` for how their boxes are made), and lines, rectangles and curves
classified as pdfminer does, in pdfplumber's coordinates -- and hands them to
pdfplumber's own table finder and text-line grouping (:class:`_Objects`). pdfminer's
pure-Python content-stream interpreter, which cost about 150 ms a report, is not run.
``bench/pdf_compare.py`` checks that the text read is the same as pdfminer's.

A page whose characters are not all upright and unskewed, or whose ``/Rotate`` is not
0, is read by pdfplumber itself (see :func:`_needs_pdfplumber`): there PDFium's
character boxes are not the ones pdfminer computes, and the reading must not depend
on which library drew the boxes. Reports almost never have such pages.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse import limits
from gongkai.core.report.parse.sandbox import Died, Sandbox
from gongkai.core.report.parse.text import parse_text

if TYPE_CHECKING:
    import pypdfium2

__all__ = ["parse_pdf", "pdf_to_text"]

_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[-—–\s]*$"
)
_MAX_FORM_DEPTH = 32  # form XObjects within form XObjects

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]


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


def _page_blocks(page: Any) -> list[tuple[float, list[str]]]:
    """(top, lines) blocks of one page: its tables and the text between them.

    ``page`` is a pdfplumber page or an :class:`_Objects` built from PDFium's objects:
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


# --- PDFium's objects as pdfplumber's -------------------------------------------------------


class _Objects:
    """What pdfplumber's :class:`~pdfplumber.table.TableFinder` and
    :meth:`~pdfplumber.table.Table.extract` read of a page: its characters, its edges
    (from lines, rectangles and curves, in that order, as pdfplumber lists them) and
    its box."""

    def __init__(self, bbox: tuple[float, float, float, float], chars: list[Obj], edges: list[Obj]):
        self.bbox = bbox
        self.chars = chars
        self.edges = edges


class _Frame:
    """pdfplumber's coordinates of a page with no ``/Rotate``: x as in the PDF, ``top``
    measured down from the top of the media box (pdfminer's ``y - y0`` flipped)."""

    def __init__(self, mediabox: tuple[float, float, float, float]):
        x0, x1 = sorted(mediabox[0::2])
        y0, y1 = sorted(mediabox[1::2])
        self.height = y1 - y0
        # pdfplumber's page box: the media box flipped the same way.
        self.bbox = (x0, -y0, x1, y1 - 2 * y0)

    def top(self, y: float) -> float:
        return self.height - y


def _needs_pdfplumber(page: pypdfium2.PdfPage) -> bool:
    return bool(page.get_rotation() != 0)


def _chars(textpage: Any, frame: _Frame) -> list[Obj] | None:
    """The page's characters, boxed as pdfplumber needs them, or None if one is not
    upright (see :func:`_needs_pdfplumber`).

    The box of a character: x from its origin over its advance width, as pdfminer's;
    y from its baseline up one font size (times the matrix's vertical scale). pdfminer
    puts the bottom at the font's descent from its font descriptor, which PDFium does
    not give; PDFium's own descent comes from the font program and differs between the
    fonts of one line (by 2-3 points in LibreOffice's PDFs), which would break the line
    in two. On the baseline, characters of one size on one line share their top in any
    font. The text read is the same as from pdfminer's boxes for every PDF of the bench
    corpus, the original PDFs and LibreOffice's PDFs of the corpus DOCX files.

    PDFium's "loose" box ends at the advance width, or at the glyph's ink where that
    reaches further (its tight box then ends there too): then the advance is the font's
    width of the character. Vertical writing (a CID font with a vertical CMap): PDFium's
    loose box is one unscaled font size wide, and its origin is the glyph's lower left,
    where pdfminer's box starts. Characters PDFium adds itself (spaces and line breaks
    it infers) are not in the content stream and are skipped; an end-of-line hyphen,
    which PDFium marks with code 2, is a hyphen.
    """
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    loose = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    tight = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
    width = ctypes.c_float()
    get_unicode = raw.FPDFText_GetUnicode
    get_matrix = raw.FPDFText_GetMatrix
    get_loose = raw.FPDFText_GetLooseCharBox
    get_origin = raw.FPDFText_GetCharOrigin
    get_size = raw.FPDFText_GetFontSize
    height = frame.height
    chars: list[Obj] = []
    for i in range(count):
        code = get_unicode(textpage, i)
        if code in (0x20, 0x0D, 0x0A) and raw.FPDFText_IsGenerated(textpage, i) != 0:
            continue
        if not (
            get_matrix(textpage, i, matrix)
            and get_loose(textpage, i, loose)
            and get_origin(textpage, i, ox, oy)
        ):
            return None
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        if b != 0 or c != 0 or a <= 0 or d <= 0:
            return None
        font_size = get_size(textpage, i)
        x0 = ox.value
        if abs(loose.right - loose.left - font_size) < 1e-3 * font_size and abs(a - 1) > 1e-3:
            x1 = x0 + font_size * a  # vertical writing
        else:
            x1 = loose.right
            raw.FPDFText_GetCharBox(textpage, i, *tight)
            if abs(tight[1].value - loose.right) < 1e-3:
                advance = _advance(textpage, i, code, font_size, width) * a
                if 0 < advance <= loose.right - loose.left:
                    x1 = x0 + advance
        bottom = height - oy.value
        top = bottom - font_size * d
        if code == 0x02 and raw.FPDFText_IsHyphen(textpage, i) == 1:
            text = "-"
        elif 0 < code <= 0x10FFFF:
            text = chr(code)
        else:
            text = "\ufffd"  # no Unicode mapping (pdfminer writes "(cid:N)")
        chars.append(
            {
                "text": text,
                "x0": x0,
                "x1": x1,
                "top": top,
                "doctop": top,
                "bottom": bottom,
                "upright": True,
            }
        )
    return chars


def _advance(textpage: Any, index: int, code: int, font_size: float, width: Any) -> float:
    """The advance width of a character in text space, from its font's widths; 0 if
    PDFium cannot tell."""
    import pypdfium2.raw as raw

    font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage, index))
    if not font or not raw.FPDFFont_GetGlyphWidth(font, code, font_size, width):
        return 0.0
    return float(width.value)


def _paths(page: Any) -> Iterator[tuple[Any, Matrix]]:
    """Every path object of the page, with the matrix from its space to the page's,
    descending into form XObjects."""
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()

    def walk(objects: list[Any], outer: Matrix, depth: int) -> Iterator[tuple[Any, Matrix]]:
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            if not raw.FPDFPageObj_GetMatrix(obj, m):
                continue
            own = _multiply((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                yield obj, own
            elif depth < _MAX_FORM_DEPTH:
                count = raw.FPDFFormObj_CountObjects(obj)
                inner = [raw.FPDFFormObj_GetObject(obj, j) for j in range(count)]
                yield from walk(inner, own, depth + 1)

    count = raw.FPDFPage_CountObjects(page)
    objects = [raw.FPDFPage_GetObject(page, j) for j in range(count)]
    yield from walk(objects, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)


def _multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` then ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _subpaths(
    path: Any, matrix: Matrix, frame: _Frame
) -> Iterator[list[tuple[str, tuple[float, float]]]]:
    """The path's subpaths as pdfminer sees them: (operator, end point) pairs, the
    operator one of m, l, c, h, points in pdfplumber's coordinates.

    PDFium stores a closing ``h`` either as a flag on a last point back at the start
    (then it is pdfminer's ``h``) or as a flag on a line that is not (then it is an
    ``l`` followed by an ``h``); a Bézier curve is three points, the last its end.
    """
    import pypdfium2.raw as raw

    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    current: list[tuple[str, tuple[float, float]]] = []
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(path)):
        seg = raw.FPDFPath_GetPathSegment(path, i)
        if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        kind = raw.FPDFPathSegment_GetType(seg)
        point = (a * x.value + c * y.value + e, frame.top(b * x.value + d * y.value + f))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if len(current) > 1:
                yield current
            current = [("m", point)]
            bezier = 0
            continue
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue
            op = "c"
        else:
            op = "l"
        if not current:
            continue  # pdfminer ignores a path that does not begin with m
        if raw.FPDFPathSegment_GetClose(seg):
            if op == "l" and point == current[0][1]:
                current.append(("h", point))
            else:
                current += [(op, point), ("h", current[0][1])]
        else:
            current.append((op, point))
    if len(current) > 1:
        yield current


def _edges(page: Any, frame: _Frame) -> list[Obj]:
    """pdfplumber's edges of the page: each subpath classified as pdfminer does (a
    line, a rectangle or a curve), then cut into edges as pdfplumber does."""
    lines: list[Obj] = []
    rects: list[Obj] = []
    curves: list[Obj] = []
    for path, matrix in _paths(page):
        for sub in _subpaths(path, matrix, frame):
            shape = "".join(op for op, _ in sub)
            pts = [p for _, p in sub]
            if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
                shape = shape[:-2] + "h"
                pts.pop()
            if shape in ("ml", "mlh"):
                lines.append(_edge(*_bbox(pts[:2]), "h" if pts[0][1] == pts[1][1] else "v"))
            elif shape in ("mlllh", "mllll") and _is_rect(pts):
                x0, top, x1, bottom = _bbox([pts[0], pts[2]])
                rects += [
                    _edge(x0, top, x1, top, "h"),
                    _edge(x0, bottom, x1, bottom, "h"),
                    _edge(x0, top, x0, bottom, "v"),
                    _edge(x1, top, x1, bottom, "v"),
                ]
            else:
                for p0, p1 in pairwise(pts):
                    orientation = "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)
                    if orientation:
                        curves.append(_edge(*_bbox([p0, p1]), orientation))
    return lines + rects + curves


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    return pts[0] == pts[4] and (
        (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
        or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    )


def _bbox(pts: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in pts]
    tops = [p[1] for p in pts]
    return min(xs), min(tops), max(xs), max(tops)


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> Obj:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "edge",
    }


def _pdfium_page(page: pypdfium2.PdfPage) -> _Objects | None:
    """The page's objects from PDFium, or None if pdfplumber must read the page."""
    if _needs_pdfplumber(page):
        return None
    frame = _Frame(page.get_mediabox())
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage.raw, frame)
    finally:
        textpage.close()
    if chars is None:
        return None
    return _Objects(frame.bbox, chars, _edges(page.raw, frame))


# --- The document ---------------------------------------------------------------------------------


def pdf_to_text(data: bytes, *, source: str = "<pdf>", isolated: bool = True) -> str:
    """The text of a PDF, read in a helper process under the memory and CPU-time caps
    of :mod:`~gongkai.core.report.parse.limits` (``isolated=False``: in this process,
    without them -- for the fuzzer, whose coverage is counted in its own process)."""
    if not isolated:
        return _read_pdf(data, source, limits.MAX_PDF_PAGES)
    try:
        return _SANDBOX.run(
            data,
            source,
            limits.MAX_PDF_PAGES,
            cpu_seconds=limits.PDF_CPU_SECONDS,
            memory_bytes=limits.PDF_MEMORY_BYTES,
        )
    except ParseError as err:
        raise err.located(source) from None
    except Died as died:
        if died.reason == "cpu":
            raise LimitError(
                limits.E_PDF_CPU.format(cap=limits.PDF_CPU_SECONDS),
                limit="PDF_CPU_SECONDS",
                source=source,
            ) from None
        if died.reason == "memory":
            raise LimitError(
                limits.E_PDF_MEMORY.format(
                    cap=limits.size(limits.PDF_MEMORY_BYTES), why=died.detail
                ),
                limit="PDF_MEMORY_BYTES",
                source=source,
            ) from None
        message = limits.E_PDF_START if died.reason == "start" else limits.E_PDF_CRASH
        raise ParseError(message.format(why=died.detail), line=0, source=source) from None


def _import_readers() -> None:
    import pdfplumber.table  # noqa: F401
    import pypdfium2.raw  # noqa: F401


def _read_pdf(data: bytes, source: str, max_pages: int) -> str:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except MemoryError:
        raise
    except Exception as err:  # PdfiumError for a damaged or encrypted file
        raise ParseError(
            f"无法读取PDF文件（{type(err).__name__}）", line=0, source=source
        ) from None
    plumber: Any = None  # pdfplumber's reading of the file, opened for the first page it reads
    try:
        n_pages = len(pdf)
        if n_pages > max_pages:
            raise LimitError(
                limits.E_PDF_PAGES.format(pages=n_pages, cap=max_pages),
                limit="MAX_PDF_PAGES",
                source=source,
            )
        per_page: list[list[str]] = []
        for index in range(n_pages):
            try:
                page = pdf[index]
                try:
                    objects: Any = _pdfium_page(page)
                finally:
                    page.close()
                if objects is None:
                    if plumber is None:
                        import pdfplumber

                        plumber = pdfplumber.open(io.BytesIO(data))
                    objects = plumber.pages[index]
                per_page.append([line for _, lines in _page_blocks(objects) for line in lines])
            except (ParseError, MemoryError):
                raise
            except Exception as err:
                raise ParseError(
                    f"无法读取PDF第{index + 1}页（{type(err).__name__}）",
                    line=0,
                    source=source,
                ) from None
    finally:
        if plumber is not None:
            # pdfplumber's close() walks every page again, and on a damaged file that walk
            # raises once more; the file is already refused (or read), so that is moot.
            with contextlib.suppress(Exception):
                plumber.close()
        pdf.close()
    # Running headers and footers: short lines on most pages.
    counts = Counter(line for lines in per_page for line in set(lines) if len(line) <= 40)
    repeated = {
        line
        for line, n in counts.items()
        if len(per_page) >= 3 and n >= max(3, len(per_page) * 2 // 3)
    }
    out = [
        line
        for lines in per_page
        for line in lines
        if line not in repeated and not _PAGE_NUMBER.match(line)
    ]
    if not any(out):
        raise ParseError(
            "PDF中没有可提取的文字（可能是扫描件，需要先做文字识别）", line=0, source=source
        )
    return "\n".join(out) + "\n"


_SANDBOX = Sandbox(_read_pdf, prepare=_import_readers)


def parse_pdf(data: bytes, *, source: str = "<pdf>", isolated: bool = True) -> AnnualReport:
    return parse_text(pdf_to_text(data, source=source, isolated=isolated), source=source)
