"""Mutations of HTML pages and of a DOCX's WordprocessingML: a tag dropped,
``rowspan``/``colspan`` or ``w:gridSpan``/``w:vMerge`` changed or added, a cell or a row
removed or duplicated, a table nested in a cell, the declared charset changed (and the page
encoded in another), junk markup inserted; a DOCX package zipped again or broken (bytes
flipped, cut off, a member missing).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from .choosers import Chooser, pick
from .text import delete_span, find_spans, flip_bytes, insert_junk, replace_digit, truncate

# --- Markup (HTML and WordprocessingML) ---------------------------------------------------


def _drop(c: Chooser, text: str, pattern: str, what: str) -> tuple[str, str]:
    spans = find_spans(pattern, text)
    if not spans:
        return text, f"drop {what} (none)"
    i = c.integer(0, len(spans) - 1)
    a, b = spans[i]
    return text[:a] + text[b:], f"drop {what} #{i}"


def _duplicate(c: Chooser, text: str, pattern: str, what: str) -> tuple[str, str]:
    spans = find_spans(pattern, text)
    if not spans:
        return text, f"duplicate {what} (none)"
    i = c.integer(0, len(spans) - 1)
    a, b = spans[i]
    times = pick(c, (1, 1, 2, 40))
    return text[:b] + text[a:b] * times + text[b:], f"duplicate {what} #{i} x{times}"


def _swap(c: Chooser, text: str, pattern: str, what: str) -> tuple[str, str]:
    spans = find_spans(pattern, text)
    if len(spans) < 2:
        return text, f"swap {what} (fewer than two)"
    i = c.integer(0, len(spans) - 2)
    (a, b), (x, y) = spans[i], spans[i + 1]
    return text[:a] + text[x:y] + text[b:x] + text[a:b] + text[y:], f"swap {what} #{i} and #{i + 1}"


SPAN_VALUES = ("0", "1", "2", "3", "7", "30", "-1", "99999", "2147483648", "", "abc", "1.5", " 2")

HTML_CELL = r"<t[dh]\b[^>]*>.*?</t[dh]\s*>"
HTML_ROW = r"<tr\b[^>]*>.*?</tr\s*>"
HTML_TAG = r"<[^<>]*>"
HTML_JUNK = (
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "</td>",
    "<td rowspan=99999>",
    "<td colspan=0>",
    "<th colspan=-1>",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<style>",
    "<![CDATA[",
    "]]>",
    "<?xml version='1.0'?>",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&nbsp;",
    "&amp",
    "<br/>",
    "<p>",
    "<o:p></o:p>",
    "<div>" * 300,
    "<table><tr><td>" * 50,
    "<span>" * 2000,
    '<meta charset="utf-16">',
    '<meta http-equiv="Content-Type" content="text/html; charset=big5">',
    "\x00",
    "\ufeff",
    "\ud800",
)


def html_span(c: Chooser, text: str) -> tuple[str, str]:
    """Change an existing rowspan/colspan, or give a cell one."""
    spans = find_spans(r"""(?:rowspan|colspan)\s*=\s*["']?[^"'\s>]*["']?""", text)
    value = pick(c, SPAN_VALUES)
    if spans and c.integer(0, 2):
        a, b = pick(c, spans)
        name = text[a : a + 7]
        return text[:a] + f'{name}="{value}"' + text[b:], f"set {name}={value!r}"
    cells = [m.end() - 1 for m in re.finditer(r"<t[dh]\b[^>]*>", text)]
    if not cells:
        return text, "add span (no cells)"
    at = pick(c, cells)
    name = pick(c, ("rowspan", "colspan"))
    return text[:at] + f' {name}="{value}"' + text[at:], f"add {name}={value!r}"


def html_nest(c: Chooser, text: str) -> tuple[str, str]:
    spans = find_spans(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]\s*>)", text)
    if not spans:
        return text, "nest (no cells)"
    a, b = pick(c, spans)
    m = re.match(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]\s*>)", text[a:b], re.S)
    assert m is not None
    inner = f"{m[1]}<table><tr><td>{m[2]}</td><td>{m[2]}</td></tr></table>{m[3]}"
    return text[:a] + inner + text[b:], "nest a table in a cell"


def html_junk(c: Chooser, text: str) -> tuple[str, str]:
    at = c.integer(0, len(text))
    junk = pick(c, HTML_JUNK)
    return text[:at] + junk + text[at:], f"insert {junk[:20]!r} at {at}"


HTML_MUTATIONS: dict[str, Callable[[Chooser, str], tuple[str, str]]] = {
    "drop_tag": lambda c, t: _drop(c, t, HTML_TAG, "tag"),
    "span": html_span,
    "drop_cell": lambda c, t: _drop(c, t, HTML_CELL, "cell"),
    "duplicate_cell": lambda c, t: _duplicate(c, t, HTML_CELL, "cell"),
    "swap_cells": lambda c, t: _swap(c, t, HTML_CELL, "cells"),
    "drop_row": lambda c, t: _drop(c, t, HTML_ROW, "row"),
    "duplicate_row": lambda c, t: _duplicate(c, t, HTML_ROW, "row"),
    "nest": html_nest,
    "junk_markup": html_junk,
    "junk_text": insert_junk,
    "replace_digit": replace_digit,
    "delete_span": delete_span,
    "truncate": truncate,
}

CHARSETS = ("utf-8", "gbk", "gb2312", "gb18030", "big5", "utf-16", "latin-1", "x-bogus", "")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "latin-1")
_META_CHARSET = re.compile(r"""(<meta[^>]+charset\s*=\s*["']?\s*)([A-Za-z0-9_\-]*)""", re.I)


def mutate_html(c: Chooser, markup: str, *, steps: int | None = None) -> tuple[bytes, list[str]]:
    """Mutated markup, declared charset possibly changed, encoded (possibly in another
    encoding than it declares)."""
    done: list[str] = []
    for _ in range(c.integer(1, 5) if steps is None else steps):
        name = pick(c, sorted(HTML_MUTATIONS))
        markup, what = HTML_MUTATIONS[name](c, markup)
        done.append(what)
    if c.integer(0, 3) == 0:
        charset = pick(c, CHARSETS)
        if _META_CHARSET.search(markup):
            markup = _META_CHARSET.sub(lambda m: m[1] + charset, markup, count=1)
        else:
            markup = f'<meta charset="{charset}">' + markup
        done.append(f"declare charset {charset!r}")
    encoding = "utf-8"
    if c.integer(0, 3) == 0:
        encoding = pick(c, ENCODINGS)
        done.append(f"encode as {encoding}")
    return markup.encode(
        encoding, errors="surrogatepass" if encoding == "utf-8" else "replace"
    ), done


# --- DOCX ---------------------------------------------------------------------------------

W_CELL = r"<w:tc\b[^>]*>.*?</w:tc>"
W_ROW = r"<w:tr\b[^>]*>.*?</w:tr>"
W_PARA = r"<w:p\b[^>]*>.*?</w:p>"
W_TEXT = r"<w:t\b[^>]*>[^<]*</w:t>"
W_TAG = r"<[^<>]*>"
W_MERGE_VALUES = ("0", "1", "2", "3", "-1", "99999", "2147483648", "", "x", "restart", "continue")


def w_merge(c: Chooser, xml: str) -> tuple[str, str]:
    """Change a gridSpan or vMerge, or add one to a cell."""
    spans = find_spans(r"<w:(?:gridSpan|vMerge)\b[^>]*/>", xml)
    value = pick(c, W_MERGE_VALUES)
    if spans and c.integer(0, 2):
        a, b = pick(c, spans)
        name = "gridSpan" if xml.startswith("<w:gridSpan", a) else "vMerge"
        return xml[:a] + f'<w:{name} w:val="{value}"/>' + xml[b:], f"set {name}={value!r}"
    cells = [m.end() for m in re.finditer(r"<w:tc>|<w:tcPr>", xml)]
    if not cells:
        return xml, "add merge (no cells)"
    at = pick(c, cells)
    name = pick(c, ("gridSpan", "vMerge"))
    props = f'<w:{name} w:val="{value}"/>'
    if xml.startswith("<w:tcPr>", at - 8):
        return xml[:at] + props + xml[at:], f"add {name}={value!r}"
    return xml[:at] + f"<w:tcPr>{props}</w:tcPr>" + xml[at:], f"add {name}={value!r}"


def w_text(c: Chooser, xml: str) -> tuple[str, str]:
    """Replace the text of a run."""
    spans = find_spans(W_TEXT, xml)
    if not spans:
        return xml, "replace text (none)"
    a, b = pick(c, spans)
    new = pick(c, ("", "0", "1", "—", "/", "9" * 4301, "&amp;", "&#0;", "<", "总计", "|"))
    return xml[:a] + f"<w:t>{new}</w:t>" + xml[b:], f"replace a run's text with {new[:12]!r}"


W_JUNK = (
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>",
    "<w:tbl><w:tr><w:tc>" * 30,
    "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>]>",
    "&undefined;",
    "<?pi?>",
    "<![CDATA[x]]>",
    "<w:sdt><w:sdtContent>",
)


def w_junk(c: Chooser, xml: str) -> tuple[str, str]:
    at = c.integer(0, len(xml))
    junk = pick(c, W_JUNK)
    return xml[:at] + junk + xml[at:], f"insert {junk[:20]!r} at {at}"


XML_MUTATIONS: dict[str, Callable[[Chooser, str], tuple[str, str]]] = {
    "drop_tag": lambda c, t: _drop(c, t, W_TAG, "tag"),
    "merge": w_merge,
    "drop_cell": lambda c, t: _drop(c, t, W_CELL, "w:tc"),
    "duplicate_cell": lambda c, t: _duplicate(c, t, W_CELL, "w:tc"),
    "drop_row": lambda c, t: _drop(c, t, W_ROW, "w:tr"),
    "duplicate_row": lambda c, t: _duplicate(c, t, W_ROW, "w:tr"),
    "swap_rows": lambda c, t: _swap(c, t, W_ROW, "w:tr"),
    "drop_paragraph": lambda c, t: _drop(c, t, W_PARA, "w:p"),
    "text": w_text,
    "junk": w_junk,
    "replace_digit": replace_digit,
    "truncate": truncate,
}


def docx_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def zip_members(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in members.items():
            z.writestr(name, blob)
    return out.getvalue()


def mutate_docx_xml(
    c: Chooser, members: dict[str, bytes], *, steps: int | None = None
) -> tuple[bytes, list[str]]:
    """A valid zip whose word/document.xml is mutated."""
    xml = members["word/document.xml"].decode("utf-8")
    done: list[str] = []
    for _ in range(c.integer(1, 5) if steps is None else steps):
        name = pick(c, sorted(XML_MUTATIONS))
        xml, what = XML_MUTATIONS[name](c, xml)
        done.append(what)
    encoding = "utf-8"
    if c.integer(0, 5) == 0:
        encoding = pick(c, ("utf-16", "gb18030", "latin-1"))
        done.append(f"document.xml encoded as {encoding}")
    return zip_members({**members, "word/document.xml": xml.encode(encoding, "replace")}), done


def mutate_docx_package(c: Chooser, members: dict[str, bytes]) -> tuple[bytes, list[str]]:
    """The package broken: a member dropped, document.xml not XML, bytes of the zip
    flipped or cut off."""
    op = c.integer(0, 4)
    if op == 0:
        name = pick(c, sorted(members))
        rest = {k: v for k, v in members.items() if k != name}
        return zip_members(rest), [f"drop member {name}"]
    if op == 1:
        blob = pick(
            c, (b"", b"\x00" * 10, b"not xml", b"<w:document/>", b"\xff\xfe<", b"<a>" * 5000)
        )
        return zip_members({**members, "word/document.xml": blob}), [
            f"document.xml = {blob[:16]!r}"
        ]
    data = zip_members(members)
    if op == 2:
        return truncate(c, data)[0], ["truncate the zip"]
    return flip_bytes(c, data)
