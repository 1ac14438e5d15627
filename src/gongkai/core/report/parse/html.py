"""The HTML reader: a published web page to the text layout the text reader reads.

Tables keep their real structure: every ``<tr>`` becomes one line of cells joined by
「|」, whatever the ``rowspan``/``colspan`` (the text reader is label driven, so a
merged label cell need not be repeated), and text split over ``<span>``/``<font>``
fragments inside a cell is joined. Text outside tables becomes lines at block
elements. Scripts, styles and comments are dropped. A table nested in a cell (page
layout tables) is read as tables of its own.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from gongkai.core.errors import ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse.text import parse_text

__all__ = ["html_to_text", "parse_html", "sniff_html_encoding"]

_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "dd",
    "dt",
    "blockquote",
    "center",
    "pre",
    "hr",
    "caption",
}
_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "iframe",
    "object",
    "svg",
    "select",
    "option",
}


class _Cell:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.container = False  # holds a nested table


class _Table:
    def __init__(self) -> None:
        self.row: list[_Cell] | None = None
        self.cell: _Cell | None = None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.tables: list[_Table] = []
        self.skip = 0
        self.title: list[str] = []

    # -- text outside tables ---------------------------------------------------
    def _flush_line(self) -> None:
        text = re.sub(r"[ \t\r\n\f\v\u00a0\u3000]+", " ", "".join(self.line)).strip()
        if text:
            self.lines.append(text)
        self.line = []

    def _cell(self) -> _Cell | None:
        return self.tables[-1].cell if self.tables else None

    def _flush_row(self, table: _Table) -> None:
        self._close_cell(table)
        if table.row is not None:
            cells = [_text(c) for c in table.row if not c.container]
            if any(cells):
                self.lines.append("| " + " | ".join(cells) + " |")
        table.row = None

    def _close_cell(self, table: _Table) -> None:
        if table.cell is not None:
            if table.row is None:
                table.row = []
            table.row.append(table.cell)
            table.cell = None

    # -- HTMLParser ------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            outer = self._cell()
            if outer is not None:
                # A page-layout table: what its cell holds so far is text of its own.
                text = _text(outer)
                if text:
                    self.lines.append(text)
                outer.parts, outer.container = [], True
            else:
                self._flush_line()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self._flush_row(self.tables[-1])
            self.tables[-1].row = []
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            self._close_cell(t)
            if t.row is None:
                t.row = []
            t.cell = _Cell()
        elif tag in _BLOCK:
            cell = self._cell()
            if cell is not None:
                cell.parts.append(" ")
            else:
                self._flush_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table" and self.tables:
            t = self.tables.pop()
            self._flush_row(t)
        elif tag == "tr" and self.tables:
            self._flush_row(self.tables[-1])
        elif tag in ("td", "th") and self.tables:
            self._close_cell(self.tables[-1])
        elif tag in _BLOCK and not self.tables:
            self._flush_line()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        cell = self._cell()
        if cell is not None:
            cell.parts.append(data)
        elif self.tables:
            pass  # text between cells (whitespace, stray text) is not a cell
        else:
            self.line.append(data)

    def close(self) -> None:
        super().close()
        while self.tables:
            self._flush_row(self.tables.pop())
        self._flush_line()


def _text(cell: _Cell) -> str:
    text = "".join(cell.parts)
    text = re.sub(r"[ \t\r\n\f\v\u00a0\u3000]+", " ", text).strip()
    return text.replace("|", "｜")


def html_to_text(markup: str) -> str:
    reader = _Reader()
    try:
        reader.feed(markup)
        reader.close()
    except (AssertionError, ValueError) as err:  # malformed markup the stdlib parser gives up on
        raise ParseError(f"无法解析HTML：{err}", line=0) from None
    return "\n".join(reader.lines) + "\n"


_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ALIASES = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "utf8": "utf-8",
}


def sniff_html_encoding(data: bytes) -> str | None:
    """The encoding the page declares (BOM first, then the meta tag), if any."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    m = _META.search(data[:4096])
    if m is None:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    return _ALIASES.get(name, name)


def parse_html(markup: str, *, source: str = "<html>") -> AnnualReport:
    text = html_to_text(markup)
    return parse_text(text, source=source)
