"""The PDF reader (pdfplumber): the text and the tables of each page, in reading
order, to the text layout the text reader reads.

Tables are found from the page's ruling lines; each row becomes one line of cells
joined by 「|」 (cells merged into their neighbours come back as ``None`` and are
skipped). Text a cell wraps over several lines is joined without spaces, which
rejoins labels printed one character per line (「三\\n、\\n本…」) and numbers broken
across lines. A table continued on the next page simply goes on: the reader is label
driven. Text outside tables is read line by line; page numbers and running headers
(a line repeated on most pages) are dropped.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from gongkai.core.errors import ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse.text import parse_text

__all__ = ["parse_pdf", "pdf_to_text"]

_PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[-—–\s]*$"
)
_MAX_PAGES = 200


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
    """(top, lines) blocks of one page: its tables and the text between them."""
    blocks: list[tuple[float, list[str]]] = []
    tables = page.find_tables()
    for table in tables:
        rows = [r for r in (_row(row) for row in table.extract()) if r]
        blocks.append((table.bbox[1], rows))
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    for line in outside.extract_text_lines(keep_blank_chars=False):
        text = line["text"].strip()
        if text:
            blocks.append((line["top"], [text]))
    blocks.sort(key=lambda b: b[0])
    return blocks


def pdf_to_text(data: bytes, *, source: str = "<pdf>") -> str:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as err:  # pdfminer raises many kinds for a damaged file
        raise ParseError(
            f"无法读取PDF文件（{type(err).__name__}）", line=0, source=source
        ) from None
    try:
        pages = pdf.pages
        if len(pages) > _MAX_PAGES:
            raise ParseError(f"PDF有{len(pages)}页，不像一份年度报告", line=0, source=source)
        per_page: list[list[str]] = []
        for page in pages:
            try:
                per_page.append([line for _, lines in _page_blocks(page) for line in lines])
            except ParseError:
                raise
            except Exception as err:
                raise ParseError(
                    f"无法读取PDF第{page.page_number}页（{type(err).__name__}）",
                    line=0,
                    source=source,
                ) from None
    finally:
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


def parse_pdf(data: bytes, *, source: str = "<pdf>") -> AnnualReport:
    return parse_text(pdf_to_text(data, source=source), source=source)
