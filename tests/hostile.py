"""Hostile report files -- ZIP bombs, huge and endless inputs, deep nesting, PDFs too long
or too dense or inflating too far -- built small (just past a cap) for the tests
(``tests/security/test_hostile_inputs.py``) and at the size of issue 13's probe for the
benchmark (``bench/hostile.py``); the fuzz harnesses take the small ones as seeds
(``fuzz/make_corpus.py``).

Each builder writes its file into a folder and returns its path; :data:`CASES` lists
them with the cap that must refuse each. Nothing here holds a big file in memory:
bombs are compressed chunk by chunk, huge files are sparse.
"""

from __future__ import annotations

import os
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.report.parse import limits

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'
_XML_TAIL = "</w:body></w:document>"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_CHUNK = 1 << 20


# --- DOCX -------------------------------------------------------------------------------


def _docx(path: Path, body: Iterator[bytes], *, extra_members: int = 0) -> Path:
    """A DOCX whose ``word/document.xml`` is the head, ``body``'s chunks and the tail,
    deflated as it is written."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(_XML_HEAD.encode())
            for chunk in body:
                f.write(chunk)
            f.write(_XML_TAIL.encode())
        for i in range(extra_members):
            z.writestr(f"customXml/item{i}.xml", b"")
    return path


def _repeat(unit: bytes, total: int) -> Iterator[bytes]:
    """``unit`` repeated to ``total`` bytes or the few more that make whole units, a
    megabyte at a time."""
    block = unit * max(1, _CHUNK // len(unit))
    left = -(-max(1, total) // len(unit)) * len(unit)
    while left > 0:
        piece = block[:left]
        yield piece
        left -= len(piece)


def docx_bomb(folder: Path, inflated: int = limits.MAX_DOCX_XML_BYTES + _CHUNK) -> Path:
    """A DOCX whose document.xml (paragraphs of one digit, 36 bytes each) inflates to
    ``inflated`` bytes, as its central directory declares: about 100 KB of file per
    100 MB inflated. Read whole, each paragraph is four elements in lxml's tree."""
    return _docx(folder / "bomb.docx", _repeat(b"<w:p><w:r><w:t>0</w:t></w:r></w:p>", inflated))


def docx_lying_bomb(folder: Path, inflated: int = limits.MAX_DOCX_XML_BYTES + _CHUNK) -> Path:
    """The same bomb, its sizes in the local header and the central directory rewritten
    to declare 1 KB: only inflating tells (zipfile stops at the size declared)."""
    path = docx_bomb(folder, inflated)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # Local header: sizes at 18 (compressed) and 22 (uncompressed), or in the zip64 extra.
    for sig, size_at, extra_len_at, name_len_at, header in (
        (b"PK\x03\x04", 22, 28, 26, 30),
        (b"PK\x01\x02", 24, 30, 28, 46),
    ):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            name_len = int.from_bytes(data[at + name_len_at : at + name_len_at + 2], "little")
            if data[at + header : at + header + name_len] == name:
                data[at + size_at : at + size_at + 4] = (1024).to_bytes(4, "little")
                extra = at + header + name_len
                extra_len = int.from_bytes(
                    data[at + extra_len_at : at + extra_len_at + 2], "little"
                )
                _patch_zip64(data, extra, extra_len)
            at += 4
    path = folder / "lying-bomb.docx"
    path.write_bytes(bytes(data))
    return path


def _patch_zip64(data: bytearray, start: int, length: int) -> None:
    """Declare 1 KB in a zip64 extra field too (its first value is the size inflated)."""
    at = start
    while at + 4 <= start + length:
        tag = int.from_bytes(data[at : at + 2], "little")
        size = int.from_bytes(data[at + 2 : at + 4], "little")
        if tag == 0x0001 and size >= 8:
            data[at + 4 : at + 12] = (1024).to_bytes(8, "little")
        at += 4 + size


def docx_many_members(folder: Path, members: int = limits.MAX_ZIP_MEMBERS + 1) -> Path:
    """A DOCX package of ``members`` entries (document.xml and empty ones)."""
    return _docx(folder / "members.docx", iter([b"<w:p/>"]), extra_members=members - 2)


def docx_many_tags(folder: Path, tags: int = limits.MAX_MARKUP_TAGS + 1) -> Path:
    """A DOCX whose document.xml holds ``tags`` empty paragraphs (6 bytes each)."""
    return _docx(folder / "tags.docx", _repeat(b"<w:p/>", 6 * tags))


def docx_deep(folder: Path, depth: int = 10_000) -> Path:
    """A DOCX whose document.xml nests ``depth`` hyperlinks in a paragraph."""
    body = [b"<w:p>", b"<w:hyperlink>" * depth, b"</w:hyperlink>" * depth, b"</w:p>"]
    return _docx(folder / "deep.docx", iter(body))


# --- HTML and text ------------------------------------------------------------------------


def html_deep(folder: Path, depth: int = 10_000) -> Path:
    """A page nested ``depth`` deep (issue 13: over 256 was refused as 「输入为空」)."""
    path = folder / "deep.html"
    path.write_bytes(
        b"<html><body>" + b"<div>" * depth + "深".encode() + b"</div>" * depth + b"</body></html>"
    )
    return path


def html_many_tags(
    folder: Path, tags: int = limits.MAX_MARKUP_TAGS + 1, element: bytes = b"<p>"
) -> Path:
    """A page of ``tags`` elements (``element``: one ``<`` each)."""
    path = folder / "tags.html"
    with path.open("wb") as f:
        f.write(b"<html><body>")
        for chunk in _repeat(element, len(element) * tags):
            f.write(chunk)
    return path


def html_huge_text(
    folder: Path, size: int = limits.MAX_FILE_BYTES - _CHUNK, words: str = "政府信息公开"
) -> Path:
    """A page of ``size`` bytes of paragraphs of text (few tags)."""
    path = folder / "huge.html"
    paragraph = "<p>" + words * (1020 // len(words.encode())) + "</p>\n"
    with path.open("wb") as f:
        f.write(b"<html><body>")
        for chunk in _repeat(paragraph.encode(), size):
            f.write(chunk)
    return path


def report_padded(folder: Path, chars: int = limits.MAX_TEXT_CHARS - 1, junk: bytes = b"") -> Path:
    """The seed report followed by lines of narrative (and ``junk``) up to ``chars``
    characters: a real report as large as the text reader takes, or larger."""
    from support import SEED

    seed = SEED.read_text(encoding="utf-8")
    sentence = "本机关依法做好政府信息公开工作，" + junk.decode("utf-8", "replace")
    filler = sentence * 5 + "\n"  # about 80 characters a line: the cells cap is not reached
    body = (filler * ((chars - len(seed)) // len(filler) + 1))[: max(0, chars - len(seed))]
    path = folder / "padded.txt"
    path.write_text(seed + body, encoding="utf-8")
    return path


def sparse_file(
    folder: Path, size: int = limits.MAX_FILE_BYTES + 1, name: str = "huge.txt"
) -> Path:
    """A file of ``size`` bytes that takes no room on disk (zeros after a report's first
    line): issue 13's 3 GB text file, at whatever size."""
    path = folder / name
    with path.open("wb") as f:
        f.write("XX县人民政府2023年政府信息公开工作年度报告\n".encode())
        f.truncate(size)
    return path


def text_too_long(folder: Path, chars: int = limits.MAX_TEXT_CHARS + 1) -> Path:
    """A text of ``chars`` characters, each one byte (under 4 bytes a character, so
    read and refused by the text reader's own cap)."""
    path = folder / "long.txt"
    line = b"XX county annual report 2023, line of text.\n"
    with path.open("wb") as f:
        for chunk in _repeat(line, chars):
            f.write(chunk)
    return path


def text_too_big(folder: Path, size: int = 4 * limits.MAX_TEXT_CHARS + 1) -> Path:
    """A text file over four bytes per character allowed: refused before decoding."""
    path = folder / "big.txt"
    with path.open("wb") as f:
        for chunk in _repeat("政府信息公开".encode(), size):
            f.write(chunk)
    return path


def text_many_cells(folder: Path, cells: int = limits.MAX_TEXT_CELLS + 1) -> Path:
    """A text of ``cells`` one-number lines (about 200 bytes of memory each when read)."""
    path = folder / "cells.txt"
    path.write_bytes(b"1\n" * cells)
    return path


# --- PDF ------------------------------------------------------------------------------------


def pdf_bytes(contents: list[bytes], *, compress: bool = True) -> bytes:
    """A PDF whose pages have these content streams, with Helvetica as /F1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for content in contents:
        kids.append(f"{len(objects) + 1} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects) + 2} 0 R >>".encode()
        )
        data = zlib.compress(content, 9) if compress else content
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flate) + data + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    return _pdf_file(objects)


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def dense_page(lines: int = 150, columns: int = 110, grid: int = 60) -> bytes:
    """A content stream dense with text (``lines`` of ``columns`` characters at 4.5
    points) under a ``grid`` × ``grid`` table of ruling lines: about a second to read."""
    parts = [b"BT /F1 4.5 Tf 5 TL 10 830 Td"]
    row = (b"0123456789 " * (columns // 11 + 1))[:columns]
    parts += [b"(" + row + b") Tj T*"] * lines
    parts.append(b"ET 0.1 w")
    for g in range(grid):
        y = 20 + g * 800 / grid
        x = 10 + g * 575 / grid
        parts.append(b"10 %.2f m 585 %.2f l S %.2f 20 m %.2f 820 l S" % (y, y, x, x))
    return b"\n".join(parts)


def pdf_many_pages(folder: Path, pages: int = limits.MAX_PDF_PAGES + 1) -> Path:
    """A PDF of ``pages`` pages of one line each."""
    path = folder / "pages.pdf"
    path.write_bytes(pdf_bytes([b"BT /F1 12 Tf 72 720 Td (page) Tj ET"] * pages))
    return path


def pdf_dense(folder: Path, pages: int = limits.MAX_PDF_PAGES) -> Path:
    """``pages`` dense pages (issue 13's probe: 199 such pages ran 409 s)."""
    path = folder / "dense.pdf"
    path.write_bytes(pdf_bytes([dense_page()] * pages))
    return path


def pdf_bomb(folder: Path, inflated: int = 2 * limits.PDF_MEMORY_BYTES) -> Path:
    """A one-page PDF whose content stream (spaces) inflates to ``inflated`` bytes: 1 KB
    of file per MB."""
    stream = _deflated_spaces(inflated)
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        page,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    path = folder / "bomb.pdf"
    path.write_bytes(_pdf_file(objects))
    return path


def _deflated_spaces(total: int) -> bytes:
    """A zlib stream of ``total`` spaces (a whole number of MB), made in milliseconds: a
    megabyte compressed once, the state reset (``Z_FULL_FLUSH``) so that every next
    megabyte compresses to the same bytes, repeated; then the end and the checksum."""
    block = b" " * _CHUNK
    blocks = max(1, total // _CHUNK)
    deflate = zlib.compressobj(9)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(blocks):
        checksum = zlib.adler32(block, checksum)
    end = b"\x03\x00" + checksum.to_bytes(4, "big")  # an empty final block, Adler-32
    return first + again * (blocks - 1) + end


# --- Endless inputs ---------------------------------------------------------------------------


def endless_pipe(folder: Path) -> tuple[Path, threading.Thread]:
    """A named pipe and a thread that writes a report's first line and then spaces into
    it without end, until its reader goes away. Start the thread, then read the pipe."""
    path = folder / "endless.txt"
    os.mkfifo(path)

    def write() -> None:
        try:
            with path.open("wb") as f:  # waits for a reader
                f.write("XX县人民政府2023年政府信息公开工作年度报告\n".encode())
                block = b" " * _CHUNK
                while True:
                    f.write(block)
        except (BrokenPipeError, OSError):
            return

    return path, threading.Thread(target=write, daemon=True)


# --- Recipes (fuzz/fuzz_hostile.py) ----------------------------------------------------------

STEPS = (0.5, 0.99, 1.0, "+1", 1.01, 1.1, 2, 4, 10)
#: The kinds of recipe, and how far from its cap a recipe goes (its byte 0 and 1).
KINDS = (
    "text-size",
    "text-chars",
    "text-cells",
    "report-padded",
    "html-deep",
    "html-tags",
    "html-text",
    "docx-bomb",
    "docx-lying",
    "docx-members",
    "docx-tags",
    "docx-deep",
    "pdf-pages",
    "pdf-bomb",
    "pdf-dense",
    "pipe",
    "device",
)
ELEMENTS = (b"<p>", b"<b>x</b>", b"<tr><td>1", b'<p a="1">', b"<br>", b"<!-- -->")
WORDS = ("政府信息公开", "annual report ", "😀", "第二十条第（五）项 | 1 | 2 |")
DEVICES = ("/dev/zero", "/dev/urandom", "/dev/null", "/dev/full")


def _scaled(cap: int, step: float | str, most: int) -> int:
    n = cap + 1 if step == "+1" else int(cap * float(step))
    return max(1, min(n, most))


def from_recipe(recipe: bytes, folder: Path) -> Path:
    """The hostile file a recipe describes (``fuzz/fuzz_hostile.py``): byte 0 the kind,
    byte 1 how far from its cap (:data:`STEPS`), byte 2 a variant, the rest bytes mixed
    into the text of a padded report or a page."""
    kind = KINDS[recipe[0] % len(KINDS)] if recipe else KINDS[0]
    step = STEPS[recipe[1] % len(STEPS)] if len(recipe) > 1 else "+1"
    variant = recipe[2] if len(recipe) > 2 else 0
    junk = recipe[3:64]
    mb = 1 << 20
    if kind == "text-size":
        return sparse_file(folder, _scaled(limits.MAX_FILE_BYTES, step, 4 << 30))
    if kind == "text-chars":
        return text_too_long(folder, _scaled(limits.MAX_TEXT_CHARS, step, 40 * mb))
    if kind == "text-cells":
        return text_many_cells(folder, _scaled(limits.MAX_TEXT_CELLS, step, 10 * mb))
    if kind == "report-padded":
        chars = _scaled(limits.MAX_TEXT_CHARS, step, 10 * mb)
        return report_padded(folder, chars, junk)
    if kind == "html-deep":
        return html_deep(folder, _scaled(limits.MAX_MARKUP_DEPTH, step, 1 << 20))
    if kind == "html-tags":
        element = ELEMENTS[variant % len(ELEMENTS)]
        tags = _scaled(limits.MAX_MARKUP_TAGS, step, limits.MAX_FILE_BYTES // len(element) + 1)
        return html_many_tags(folder, tags, element)
    if kind == "html-text":
        words = WORDS[variant % len(WORDS)] + junk.decode("utf-8", "replace")
        size = _scaled(limits.MAX_FILE_BYTES, step, 2 * limits.MAX_FILE_BYTES)
        return html_huge_text(folder, size, words)
    if kind in ("docx-bomb", "docx-lying"):
        inflated = _scaled(limits.MAX_DOCX_XML_BYTES, step, 4 << 30)
        builder = docx_bomb if kind == "docx-bomb" else docx_lying_bomb
        return builder(folder, inflated)
    if kind == "docx-members":
        return docx_many_members(folder, _scaled(limits.MAX_ZIP_MEMBERS, step, 20_000))
    if kind == "docx-tags":
        return docx_many_tags(folder, _scaled(limits.MAX_MARKUP_TAGS, step, 5_000_000))
    if kind == "docx-deep":
        return docx_deep(folder, _scaled(limits.MAX_MARKUP_DEPTH, step, 1 << 20))
    if kind == "pdf-pages":
        return pdf_many_pages(folder, _scaled(limits.MAX_PDF_PAGES, step, 10_000))
    if kind == "pdf-bomb":
        inflated = _scaled(limits.PDF_MEMORY_BYTES, step, 2 << 30)
        return pdf_bomb(folder, max(mb, inflated // mb * mb))
    if kind == "pdf-dense":
        return pdf_dense(folder, _scaled(10, step, limits.MAX_PDF_PAGES))
    if kind == "pipe":
        path, writer = endless_pipe(folder)
        writer.start()
        return path
    return Path(DEVICES[variant % len(DEVICES)])


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[Path], Path]  # the small version: just past its cap
    limit: str  # the LimitError's ``limit``, or "" for a plain ParseError
    message: str  # words the refusal must contain


#: Every hostile file, small (for the tests and the fuzzers' seeds).
CASES = (
    Case(
        "docx-bomb", "DOCX: document.xml declared 17 MB", docx_bomb, "MAX_DOCX_XML_BYTES", "未解压"
    ),
    Case(
        "docx-lying-bomb",
        "DOCX: document.xml inflating to 17 MB, declared 1 KB",
        docx_lying_bomb,
        "",
        "DOCX",
    ),
    Case("docx-members", "DOCX: 1,001 members", docx_many_members, "MAX_ZIP_MEMBERS", "成员"),
    Case("docx-tags", "DOCX: 300,001 tags", docx_many_tags, "MAX_MARKUP_TAGS", "标签"),
    Case("docx-deep", "DOCX: nested 10,000 deep", docx_deep, "MAX_MARKUP_DEPTH", "嵌套"),
    Case("html-deep", "HTML: nested 10,000 deep", html_deep, "MAX_MARKUP_DEPTH", "嵌套"),
    Case("html-tags", "HTML: 300,001 tags", html_many_tags, "MAX_MARKUP_TAGS", "标签"),
    Case("text-file", "text: 32 MB + 1 byte", sparse_file, "MAX_FILE_BYTES", "文件过大"),
    Case("text-bytes", "text: 4 MB + 1 byte", text_too_big, "MAX_TEXT_CHARS", "输入过长"),
    Case("text-chars", "text: 1,000,001 characters", text_too_long, "MAX_TEXT_CHARS", "输入过长"),
    Case("text-cells", "text: 50,001 cells", text_many_cells, "MAX_TEXT_CELLS", "单元格"),
    Case("pdf-pages", "PDF: 101 pages", pdf_many_pages, "MAX_PDF_PAGES", "页"),
    Case("pdf-bomb", "PDF: a page inflating to 320 MB", pdf_bomb, "PDF_MEMORY_BYTES", "内存"),
)
