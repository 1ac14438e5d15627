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
characters with their boxes and its painted paths; from them
:mod:`~gongkai.core.report.parse.pdf_pdfium` builds the objects pdfminer gives
pdfplumber, and :mod:`~gongkai.core.report.parse.pdf_tables` hands them to
pdfplumber's own table finder and text-line grouping. pdfminer's pure-Python
content-stream interpreter, which cost about 150 ms a report, is not run.
``bench/pdf_compare.py`` checks that the text read is the same as pdfminer's.

A page whose characters are not all upright and unskewed, or whose ``/Rotate`` is not
0, is read by pdfplumber itself: there PDFium's character boxes are not the ones
pdfminer computes, and the reading must not depend on which library drew the boxes.
Reports almost never have such pages.

This module reads the document: in a helper process under the caps of
:mod:`~gongkai.core.report.parse.limits`, page by page, dropping running headers and
page numbers.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections import Counter
from typing import Any

from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse import limits
from gongkai.core.report.parse.pdf_pdfium import pdfium_page
from gongkai.core.report.parse.pdf_tables import page_blocks
from gongkai.core.report.parse.sandbox import Died, Sandbox
from gongkai.core.report.parse.text import parse_text

__all__ = ["parse_pdf", "pdf_to_text"]

_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[-—–\s]*$"
)


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
                    objects: Any = pdfium_page(page)
                finally:
                    page.close()
                if objects is None:
                    if plumber is None:
                        import pdfplumber

                        plumber = pdfplumber.open(io.BytesIO(data))
                    objects = plumber.pages[index]
                per_page.append([line for _, lines in page_blocks(objects) for line in lines])
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
