"""Structure-aware mutations of real reports, shared by the Hypothesis tests
(``tests/core/test_reader_fuzz.py``) and the atheris harnesses (``fuzz/``).

Each mutation takes a :class:`Chooser` -- where its choices come from -- and returns the
mutated input with a short description of what it did. The tests choose with
Hypothesis (so failures shrink to the smallest mutation), the harnesses with a
``random.Random`` seeded by libFuzzer.

* HTML: a tag dropped, ``rowspan``/``colspan`` changed or added, a cell or a row removed
  or duplicated, a table nested in a cell, the declared charset changed (and the page
  encoded in another), junk markup inserted, a digit replaced, the page cut off.
* DOCX: ``word/document.xml`` mutated the same way (``w:tc``/``w:tr`` removed or
  duplicated, ``w:gridSpan``/``w:vMerge`` changed, a tag dropped, the XML cut off) and
  zipped again; or the package itself broken (bytes flipped, cut off, a member missing).
* PDF: bytes flipped, the file cut off, a stream's bytes damaged or its ``/Length`` made
  wrong, the cross-reference table damaged, ``%%EOF`` removed.
* JSON: audit records with keys dropped, values of the wrong type, huge, negative,
  non-finite or fractional numbers, unknown cell ids and wrong format strings.
"""

from __future__ import annotations

import copy
import io
import random
import re
import zipfile
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    def integer(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi], both included."""
        ...


class RandomChooser:
    """Choices from a ``random.Random`` (for the atheris harnesses)."""

    def __init__(self, seed: int | bytes) -> None:
        self.rng = random.Random(seed)

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)


class DrawChooser:
    """Choices drawn by Hypothesis (``draw`` from ``st.composite`` or ``st.data()``)."""

    def __init__(self, draw: Callable[..., Any]) -> None:
        from hypothesis import strategies as st

        self._st = st
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return int(self.draw(self._st.integers(lo, hi)))


def pick(c: Chooser, items: Sequence[T]) -> T:
    """One of ``items``; a list or dict is a copy, so that a mutation that goes on to change
    what it picked (cells set to ``{}``, then a cell added) never changes the table it came
    from for later inputs (the generator would then draw differently for the same input)."""
    item = items[c.integer(0, len(items) - 1)]
    return copy.deepcopy(item) if isinstance(item, list | dict) else item


# --- Text-level helpers ------------------------------------------------------------------

JUNK = "0123456789|/—-\t 　（）()一二三四五六、.总计其他\n０１２３小计合计，。:：+万元件<>&;\"'="
DIGIT_REPLACEMENTS = (
    "",
    " ",
    "O",
    "一",
    "/",
    "-",
    "—",
    "|",
    "０",
    ",",
    ".",
    "万",
    "9" * 30,
    "9" * 400,
    "9" * 4301,
    "-5",
    "1e999",
    "NaN",
)


def _junk(c: Chooser) -> str:
    return "".join(pick(c, JUNK) for _ in range(c.integer(1, 12)))


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text, re.S)]


def replace_digit(c: Chooser, text: str) -> tuple[str, str]:
    digits = [m.start() for m in re.finditer(r"\d", text)]
    if not digits:
        return text, "replace digit (none)"
    k = pick(c, digits)
    rep = pick(c, DIGIT_REPLACEMENTS)
    return text[:k] + rep + text[k + 1 :], f"replace digit at {k} with {rep[:12]!r}"


def truncate(c: Chooser, text: T) -> tuple[T, str]:
    n = len(text)  # type: ignore[arg-type]
    at = c.integer(0, n)
    return text[:at], f"truncate at {at} of {n}"  # type: ignore[index]


def delete_span(c: Chooser, text: str) -> tuple[str, str]:
    if not text:
        return text, "delete span (empty)"
    at = c.integer(0, len(text) - 1)
    n = c.integer(1, 64)
    return text[:at] + text[at + n :], f"delete {n} chars at {at}"


def insert_junk(c: Chooser, text: str) -> tuple[str, str]:
    at = c.integer(0, len(text))
    junk = _junk(c)
    return text[:at] + junk + text[at:], f"insert {junk!r} at {at}"


# --- Markup (HTML and WordprocessingML) ---------------------------------------------------


def _drop(c: Chooser, text: str, pattern: str, what: str) -> tuple[str, str]:
    spans = _spans(pattern, text)
    if not spans:
        return text, f"drop {what} (none)"
    i = c.integer(0, len(spans) - 1)
    a, b = spans[i]
    return text[:a] + text[b:], f"drop {what} #{i}"


def _duplicate(c: Chooser, text: str, pattern: str, what: str) -> tuple[str, str]:
    spans = _spans(pattern, text)
    if not spans:
        return text, f"duplicate {what} (none)"
    i = c.integer(0, len(spans) - 1)
    a, b = spans[i]
    times = pick(c, (1, 1, 2, 40))
    return text[:b] + text[a:b] * times + text[b:], f"duplicate {what} #{i} x{times}"


def _swap(c: Chooser, text: str, pattern: str, what: str) -> tuple[str, str]:
    spans = _spans(pattern, text)
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
    spans = _spans(r"""(?:rowspan|colspan)\s*=\s*["']?[^"'\s>]*["']?""", text)
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
    spans = _spans(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]\s*>)", text)
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
    spans = _spans(r"<w:(?:gridSpan|vMerge)\b[^>]*/>", xml)
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
    spans = _spans(W_TEXT, xml)
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


def flip_bytes(c: Chooser, data: bytes, *, most: int = 8) -> tuple[bytes, list[str]]:
    buf = bytearray(data)
    done = []
    for _ in range(c.integer(1, most)):
        if not buf:
            break
        at = c.integer(0, len(buf) - 1)
        buf[at] = c.integer(0, 255)
        done.append(f"byte {at} = {buf[at]}")
    return bytes(buf), done


# --- PDF ----------------------------------------------------------------------------------


def pdf_stream(c: Chooser, data: bytes) -> tuple[bytes, str]:
    """Damage one stream's bytes (zero, flip or delete a run inside it)."""
    streams = [m.span(1) for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S)]
    streams = [s for s in streams if s[1] > s[0]]
    if not streams:
        return data, "damage stream (none)"
    i = c.integer(0, len(streams) - 1)
    a, b = streams[i]
    at = c.integer(a, b - 1)
    n = c.integer(1, min(64, b - at))
    how = c.integer(0, 2)
    if how == 0:
        return data[:at] + b"\x00" * n + data[at + n :], f"zero {n} bytes of stream #{i}"
    if how == 1:
        return data[:at] + data[at + n :], f"delete {n} bytes of stream #{i}"
    return data[:at] + bytes(c.integer(0, 255) for _ in range(n)) + data[at + n :], (
        f"overwrite {n} bytes of stream #{i}"
    )


def pdf_length(c: Chooser, data: bytes) -> tuple[bytes, str]:
    spans = [m.span(1) for m in re.finditer(rb"/Length\s+(\d+)", data)]
    if not spans:
        return data, "change /Length (none)"
    a, b = pick(c, spans)
    new = pick(c, (b"0", b"1", b"-1", b"99999999999", b"3 0 R", b"x"))
    return data[:a] + new + data[b:], f"/Length {new!r}"


def pdf_token(c: Chooser, data: bytes) -> tuple[bytes, str]:
    """Replace a structural token or number (object numbers, xref offsets, counts)."""
    spans = [
        m.span()
        for m in re.finditer(
            rb"\d+ \d+ obj|\d+ \d+ R|/Count \d+|/Kids|/Page\b|/Type|startxref\r?\n\d+|xref|trailer|%%EOF|/Filter\s*/\w+|/MediaBox",
            data,
        )
    ]
    if not spans:
        return data, "replace token (none)"
    a, b = pick(c, spans)
    new = pick(
        c,
        (
            b"",
            b"0 0 obj",
            b"9999999 0 R",
            b"1 0 R",
            b"/Count 999999999",
            b"/Count -1",
            b"null",
            b"<<",
            b"]",
            b"/FlateDecode",
            b"/DCTDecode",
            b"startxref\n0",
        ),
    )
    return data[:a] + new + data[b:], f"replace {data[a:b][:20]!r} with {new!r}"


PDF_MUTATIONS: dict[str, Callable[[Chooser, bytes], tuple[bytes, str]]] = {
    "flip": lambda c, d: (flip_bytes(c, d, most=4)[0], "flip bytes"),
    "truncate": truncate,
    "stream": pdf_stream,
    "length": pdf_length,
    "token": pdf_token,
}


def mutate_pdf(c: Chooser, data: bytes, *, steps: int | None = None) -> tuple[bytes, list[str]]:
    done: list[str] = []
    for _ in range(c.integer(1, 3) if steps is None else steps):
        name = pick(c, sorted(PDF_MUTATIONS))
        data, what = PDF_MUTATIONS[name](c, data)
        done.append(what)
    return data, done


# --- JSON records ---------------------------------------------------------------------------

ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1.5,
    -0.0,
    1e308,
    -1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    10**30,
    -(10**30),
    10**4300,
    10**5000,
    2**63,
    "",
    "1",
    "2021",
    "１２",
    "abc",
    [],
    [1],
    {},
    {"a": 1},
)
#: Values a record may well hold: the import takes them.
PLAUSIBLE_VALUES: tuple[Any, ...] = (
    None,
    0,
    1,
    7,
    52,
    -3,
    12.5,
    7730.28,
    0.0001,
    999_999_999_999_999,
)
ODD_FORMATS: tuple[Any, ...] = (
    "2019",
    "2021",
    "2020",
    "2021 ",
    "V2021",
    "",
    2021,
    2019.0,
    None,
    [],
)
ODD_CELLS = (
    "",
    "apply",
    "apply.",
    "apply.new",
    "apply.new.total.extra",
    "review.unknown",
    "x" * 1000,
    "active.admin_fees.amount_wan",
    "\x00",
    "申请",
)


def brief(value: Any) -> str:
    """A short repr (``repr`` itself raises on an int of more than 4300 digits)."""
    try:
        return repr(value)[:40]
    except ValueError:
        return f"<{type(value).__name__} with an int of more than 4300 digits>"


RECORD_KEYS = ("source", "format", "body", "year", "cells", "findings", "narrative")


def mutate_record(c: Chooser, record: dict[str, Any]) -> tuple[Any, list[str]]:
    """An audit record mangled: keys dropped, values replaced by odd ones, unknown cells."""
    rec: Any = dict(record)
    rec["cells"] = dict(record.get("cells") or {})
    done: list[str] = []
    for _ in range(c.integer(1, 6)):
        op = c.integer(0, 9)
        cells = rec.get("cells") if isinstance(rec, dict) else None
        if op == 0 and isinstance(rec, dict):
            key = pick(c, RECORD_KEYS)
            rec.pop(key, None)
            done.append(f"drop {key}")
        elif op == 1 and isinstance(rec, dict):
            key = pick(c, RECORD_KEYS)
            rec[key] = pick(c, ODD_VALUES)
            done.append(f"{key} = {brief(rec[key])}")
        elif op == 2 and isinstance(rec, dict):
            rec["format"] = pick(c, ODD_FORMATS)
            done.append(f"format = {rec['format']!r}")
        elif op == 3 and isinstance(rec, dict):
            rec["year"] = pick(
                c, (0, -1, 1, 2023, 9999, 10000, 10**12, -(10**12), True, 2023.0, "2023")
            )
            done.append(f"year = {rec['year']!r}")
        elif op in (4, 5, 6) and isinstance(cells, dict) and cells:
            cid = pick(c, sorted(cells))
            cells[cid] = pick(c, ODD_VALUES if op == 4 else PLAUSIBLE_VALUES)
            done.append(f"cell {cid} = {brief(cells[cid])}")
        elif op == 7 and isinstance(cells, dict):
            cid = pick(c, ODD_CELLS)
            cells[cid] = pick(c, ODD_VALUES)
            done.append(f"unknown cell {cid[:20]!r}")
        elif op == 8 and isinstance(cells, dict) and cells:
            cid = pick(c, sorted(cells))
            del cells[cid]
            done.append(f"drop cell {cid}")
        elif op == 9 and isinstance(rec, dict):
            rec["narrative"] = pick(
                c,
                (
                    {"sec1": "总体情况"},
                    {"sec1": 5, "sec9": "x", "": None},
                    {"sec5": ["a"]},
                    ["sec1"],
                    "sec1",
                    None,
                ),
            )
            done.append(f"narrative = {brief(rec['narrative'])}")
    if c.integer(0, 15) == 0:
        rec = pick(c, ([rec], "record", 5, None, [], {"cells": rec}))
        done.append(f"record replaced by {type(rec).__name__}")
    return rec, done


# --- Plain text -------------------------------------------------------------------------------


def _lines_op(c: Chooser, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    i = c.integer(0, len(lines) - 1)
    op = c.integer(0, 4)
    if op == 0:
        return "\n".join(lines[:i] + lines[i + 1 :]), f"delete line {i + 1}"
    if op == 1:
        return "\n".join(lines[: i + 1] + lines[i:]), f"duplicate line {i + 1}"
    if op == 2:
        j = c.integer(0, len(lines) - 1)
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines), f"swap lines {i + 1} and {j + 1}"
    if op == 3 and i + 1 < len(lines):
        sep = pick(c, ("", " ", " | ", "\t"))
        return "\n".join([*lines[:i], lines[i] + sep + lines[i + 1], *lines[i + 2 :]]), (
            f"merge line {i + 1} with the next"
        )
    at = c.integer(0, len(lines[i]))
    return "\n".join([*lines[:i], lines[i][:at], lines[i][at:], *lines[i + 1 :]]), (
        f"split line {i + 1} at {at}"
    )


TEXT_MUTATIONS: dict[str, Callable[[Chooser, str], tuple[str, str]]] = {
    "lines": _lines_op,
    "junk": insert_junk,
    "replace_digit": replace_digit,
    "delete_span": delete_span,
    "truncate": truncate,
}


def mutate_text(c: Chooser, text: str, *, steps: int | None = None) -> tuple[str, list[str]]:
    done: list[str] = []
    for _ in range(c.integer(1, 5) if steps is None else steps):
        name = pick(c, sorted(TEXT_MUTATIONS))
        text, what = TEXT_MUTATIONS[name](c, text)
        done.append(what)
    return text, done
