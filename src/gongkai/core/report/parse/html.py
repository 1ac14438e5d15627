"""The HTML reader: a published web page to the text layout the text reader reads.

Tables keep their real structure: every ``<tr>`` becomes one line of cells joined by
「|」, whatever the ``rowspan``/``colspan`` (the text reader is label driven, so a
merged label cell need not be repeated), and text split over ``<span>``/``<font>``
fragments inside a cell is joined. Text outside tables becomes lines at block
elements. Scripts, styles and comments are dropped. A table nested in a cell (page
layout tables) is read as tables of its own. Parsing is lxml's (libxml2), which
copes with the broken markup real pages have.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse.limits import (
    E_MARKUP_TEXT,
    E_TOO_DEEP,
    E_TOO_MANY_TAGS,
    MAX_MARKUP_DEPTH,
    MAX_MARKUP_TAGS,
    MAX_MARKUP_TEXT_BYTES,
    size,
)
from gongkai.core.report.parse.normalize import CACHED_LENGTH
from gongkai.core.report.parse.text import parse_text

__all__ = [
    "check_resource_limits",
    "check_tags",
    "html_to_text",
    "parse_html",
    "sniff_html_encoding",
]

_BLOCK = frozenset(
    [
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
        "dl",
        "blockquote",
        "center",
        "pre",
        "hr",
        "caption",
        "form",
        "tbody",
        "thead",
        "tfoot",
        "main",
        "nav",
        "aside",
        "figure",
    ]
)
_SKIP = frozenset(
    [
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
        "button",
    ]
)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")


def _clean(text: str) -> str:
    if text.isalnum() or not text:  # most cells: a number or a word, or nothing
        return text
    return _clean_short(text) if len(text) <= CACHED_LENGTH else _clean_text(text)


def _clean_text(text: str) -> str:
    return _SPACES.sub(" ", text).strip().replace("|", "｜")


#: Cells repeat across reports (labels, 「0」 with spaces around it): short ones are cached.
_clean_short = lru_cache(maxsize=1 << 14)(_clean_text)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        if not self.buf:  # every block element flushes, most with nothing gathered
            return
        text = _clean("".join(self.buf))
        if text:
            self.lines.append(text)
        self.buf = []

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP:
            pass  # comments, processing instructions, scripts: their text is not the page's
        elif tag == "table":
            self.flush()
            self.table(el)
        else:
            block = tag in _BLOCK
            if block:
                self.flush()
            if el.text:
                self.buf.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail:
            self.buf.append(el.tail)

    def cell_text(self, el: Any) -> str:
        parts: list[str] = []

        def collect(node: Any) -> None:
            tag = node.tag if isinstance(node.tag, str) else None
            if tag is not None and tag not in _SKIP and tag != "table":
                if node.text:
                    parts.append(node.text)
                for child in node:
                    collect(child)
                    if child.tail:
                        parts.append(child.tail)
                if tag in _BLOCK:
                    parts.append(" ")

        collect(el)
        return _clean("".join(parts))

    def table(self, table: Any) -> None:
        for tr in _rows(table):
            cells: list[str] = []
            for cell in tr.iterchildren("td", "th"):
                if len(cell) == 0:  # only text: most cells
                    cells.append(_clean(cell.text or ""))
                    continue
                if any(True for _ in cell.iter("table")):
                    # A layout table: its text and the tables it holds, in document order
                    # (headings between the tables stay between them).
                    self.flush()
                    if cell.text:
                        self.buf.append(cell.text)
                    for child in cell:
                        self.walk(child)
                    self.flush()
                    continue
                cells.append(self.cell_text(cell))
            if any(cells) or len(cells) > 1:  # a row of empty cells is still a row (a blank form)
                self.lines.append("| " + " | ".join(cells) + " |")


def _rows(table: Any) -> list[Any]:
    """The <tr>s of this table, not those of tables nested in its cells."""
    rows = []
    for tr in table.iter("tr"):
        parent = tr.getparent()
        while parent is not None and parent.tag != "table":
            parent = parent.getparent()
        if parent is table:
            rows.append(tr)
    return rows


def html_to_text(markup: str) -> str:
    from lxml import etree

    if not markup.strip():
        raise ParseError("HTML页面为空", line=0)
    check_tags(markup, "HTML页面")
    # lxml.html.document_fromstring's parsing, with plain elements: its HtmlElement
    # classes (not needed here) cost a class lookup for every element touched.
    parser = etree.HTMLParser()
    try:
        root = etree.fromstring(markup.replace("\x00", ""), parser)
    except (etree.ParserError, ValueError) as err:
        raise ParseError(f"无法解析HTML：{err}", line=0) from None
    # libxml2 stops at its limits (nesting, a run of text) and keeps what it had read:
    # nothing, for a page nested too deep. Say so rather than 「输入为空」.
    check_resource_limits(parser.error_log, "HTML页面")
    if root is None:
        raise ParseError("无法解析HTML：Document is empty", line=0)
    writer = _Writer()
    try:
        writer.walk(root)
    except RecursionError:
        raise ParseError("HTML嵌套过深，无法读取", line=0) from None
    writer.flush()
    return "\n".join(writer.lines) + "\n"


def check_tags(markup: str | bytes, what: str) -> None:
    """Refuse markup with more than :data:`MAX_MARKUP_TAGS` tags (its ``<``) before lxml
    builds its tree (about 400 bytes an element). Markup no longer than the cap cannot
    pass it and is not counted (counting costs a real page more than the rest of this)."""
    if len(markup) <= MAX_MARKUP_TAGS:
        return
    count = markup.count("<") if isinstance(markup, str) else markup.count(b"<")
    if count > MAX_MARKUP_TAGS:
        raise LimitError(
            E_TOO_MANY_TAGS.format(what=what, count=f"{count:,}", cap=f"{MAX_MARKUP_TAGS:,}"),
            limit="MAX_MARKUP_TAGS",
        )


def check_resource_limits(error_log: Any, what: str) -> None:
    """Refuse markup that met one of libxml2's limits (lxml's parse error log, or the
    log of the exception it raised): nesting deeper than :data:`MAX_MARKUP_DEPTH`, or a
    run of text longer than :data:`MAX_MARKUP_TEXT_BYTES`."""
    from lxml import etree

    for entry in error_log.filter_types([etree.ErrorTypes.ERR_RESOURCE_LIMIT]):
        if "depth" in entry.message:
            raise LimitError(
                E_TOO_DEEP.format(what=what, cap=MAX_MARKUP_DEPTH), limit="MAX_MARKUP_DEPTH"
            )
        raise LimitError(
            E_MARKUP_TEXT.format(what=what, cap=size(MAX_MARKUP_TEXT_BYTES)),
            limit="MAX_MARKUP_TEXT_BYTES",
        )


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
    return parse_text(html_to_text(markup), source=source)
