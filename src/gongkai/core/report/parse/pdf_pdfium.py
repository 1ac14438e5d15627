"""PDFium's objects of a PDF page as the ones pdfminer gives pdfplumber.

PDFium (``pypdfium2``) gives each page's characters with their boxes and its painted
paths; from them this module builds characters (text, x0, x1, top, bottom; see
:func:`_chars` for how their boxes are made) and the edges of lines, rectangles and
curves classified as pdfminer does, in pdfplumber's coordinates (:class:`Objects`), so
that pdfplumber's table finder and text-line grouping
(:func:`~gongkai.core.report.parse.pdf_tables.page_blocks`) read them as they would
pdfminer's. pdfminer's pure-Python content-stream interpreter is not run.

A page whose characters are not all upright and unskewed, or whose ``/Rotate`` is not
0, gets no objects here (:func:`pdfium_page` returns None; see
:func:`_needs_pdfplumber`): there PDFium's character boxes are not the ones pdfminer
computes, and pdfplumber itself reads the page.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pypdfium2

__all__ = ["Objects", "pdfium_page"]

_MAX_FORM_DEPTH = 32  # form XObjects within form XObjects

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]


class Objects:
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


def pdfium_page(page: pypdfium2.PdfPage) -> Objects | None:
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
    return Objects(frame.bbox, chars, _edges(page.raw, frame))
