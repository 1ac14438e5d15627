"""Property-based tests holding the HTML, DOCX and PDF readers and ``read_report_bytes``
(kind detection, encodings, old Word through LibreOffice) to the contract of
``gongkai.core.errors``: for any input, a report or ``ParseError`` -- never another
exception -- and on a report, the rules and the audit record run. The text reader and
arbitrary bytes are in ``test_parse_fuzz_*.py``, the JSON import in
``test_json_import_fuzz.py``; the long runs are atheris's (``fuzz/``, docs/fuzzing.md).

The inputs are the real files of ``shared/fixtures/original`` and gongkai's own
renderings of the seed, mutated by ``mutations`` (tags, spans, cells and rows of HTML and
WordprocessingML; charsets; zips; PDF streams, lengths and cross-references; truncation).

Beyond the contract: each reader is deterministic, and some changes must not change
what is read (the same page in GB18030 declaring it; the tables inside a layout table;
the same DOCX zipped again).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st

from gongkai.core import AnnualReport, ParseError, audit_record, check, parse_text
from gongkai.core.report.parse.docx import parse_docx
from gongkai.core.report.parse.files import decode, read_report_bytes
from gongkai.core.report.parse.html import parse_html, sniff_html_encoding
from gongkai.core.report.parse.pdf import parse_pdf
from gongkai.core.report.render import render_docx, render_html, render_pdf
from mutations import (
    DrawChooser,
    docx_members,
    mutate_docx_package,
    mutate_docx_xml,
    mutate_html,
    mutate_pdf,
    zip_members,
)
from support import SEED, SHARED

ORIGINAL = SHARED / "fixtures" / "original"


def _settings(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@cache
def seed_report() -> AnnualReport:
    return parse_text(SEED.read_text(encoding="utf-8"), source="seed")


@cache
def html_pages() -> dict[str, str]:
    pages = {p.name: p.read_bytes().decode("utf-8") for p in sorted(ORIGINAL.glob("*.html"))}
    pages["rendered-seed.html"] = render_html(seed_report())
    return pages


@cache
def docx_files() -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(ORIGINAL.glob("*.docx"))}
    files["rendered-seed.docx"] = render_docx(seed_report())
    return files


@cache
def pdf_files() -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(ORIGINAL.glob("*.pdf"))}
    files["rendered-seed.pdf"] = render_pdf(seed_report())
    return files


# --- The contract -----------------------------------------------------------------------------


def _outcome(read: Any, data: Any) -> dict[str, Any] | str:
    """The audit record of what ``read`` returns, or the ParseError's text; anything
    else escapes, with the input attached."""
    try:
        report = read(data)
    except ParseError as err:
        assert isinstance(err.line, int) and err.line >= 0 and err.message, repr(err)
        if currently_in_test_context():
            event("ParseError")
        return f"ParseError: {err}"
    except Exception as err:
        err.add_note(f"CONTRACT BROKEN: {type(err).__name__} escaped the reader")
        err.add_note(f"input ({len(data)}): {data[:300]!r}")
        raise
    assert isinstance(report, AnnualReport)
    if currently_in_test_context():
        event("report")
    record = audit_record(report, check(report))
    json.dumps(record, ensure_ascii=False)
    return record


def _holds_twice(read: Any, data: Any, steps: list[str]) -> None:
    """The contract, and determinism: the same input read twice reads the same."""
    first = _outcome(read, data)
    second = _outcome(read, data)
    assert first == second, f"two reads of the same input differ (mutations: {steps})"


def read_html_bytes(data: bytes) -> AnnualReport:
    """The HTML reader as read_report runs it on a page: sniff, decode, read."""
    text = decode(data, source="fuzz.html", declared=sniff_html_encoding(data))
    return parse_html(text, source="fuzz.html")


def _cells(report: AnnualReport) -> dict[str, Any]:
    return {cell: v.number for cell, v in report.cells.items()}


# --- HTML -------------------------------------------------------------------------------------


@_settings(80)
@given(data=st.data())
@example(data=None)  # the pages as they are
def test_mutated_html_reads_or_raises_parse_error(data: st.DataObject | None) -> None:
    if data is None:
        for markup in html_pages().values():
            _holds_twice(read_html_bytes, markup.encode(), [])
        return
    name = data.draw(st.sampled_from(sorted(html_pages())), label="page")
    page, steps = mutate_html(DrawChooser(data.draw), html_pages()[name])
    _holds_twice(read_html_bytes, page, [name, *steps])


@pytest.mark.parametrize(
    "markup",
    [
        '<table><tr><td rowspan="2147483648" colspan="-1">规章</td></tr></table>',
        "<meta charset=x-bogus><table><tr><td>总计</td></tr></table>",
        '<meta charset="utf-16"><html><body>一、总体情况</body></html>',
        "<table><tr><td>" * 300 + "1",
        "<div>" * 100_000 + "二、主动公开政府信息情况",
        "<html>\x00<body>\ud800</body></html>",
        "<!-- unclosed <table><tr><td>1</td></tr></table>",
    ],
    ids=["huge-spans", "bogus-charset", "utf16-declared", "nested-cells", "deep", "nul", "comment"],
)
def test_odd_html_reads_or_raises_parse_error(markup: str) -> None:
    _holds_twice(read_html_bytes, markup.encode("utf-8", "surrogatepass"), [])


@pytest.mark.parametrize("name", ["01-shanghai-govoffice-2019.html", "02-shuyang-fgj-2023.html"])
def test_html_in_gb18030_declaring_it_reads_the_same(name: str) -> None:
    markup = html_pages()[name]
    utf8 = read_html_bytes(markup.encode())
    assert len(utf8.cells) > 100  # the page is a report
    gb = re.sub(r"charset\s*=\s*[\"']?[\w-]+", "charset=gbk", markup, count=1, flags=re.I)
    if gb == markup:
        gb = '<meta charset="gbk">' + markup
    assert _cells(read_html_bytes(gb.encode("gb18030"))) == _cells(utf8)


@pytest.mark.parametrize("name", ["02-shuyang-fgj-2023.html", "rendered-seed.html"])
def test_tables_inside_a_layout_table_read_the_same(name: str) -> None:
    """Pages put the report's tables in a cell of a layout table: they are tables of
    their own, read as they are."""
    markup = html_pages()[name]
    body = re.search(r"<body[^>]*>(.*)</body>", markup, re.S | re.I)
    assert body is not None
    wrapped = (
        markup[: body.start(1)]
        + "<table><tr><td>导航</td><td>"
        + body[1]
        + "</td></tr></table>"
        + markup[body.end(1) :]
    )
    assert _cells(read_html_bytes(wrapped.encode())) == _cells(read_html_bytes(markup.encode()))


# --- DOCX -------------------------------------------------------------------------------------


@_settings(60)
@given(data=st.data())
def test_mutated_docx_reads_or_raises_parse_error(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(docx_files())), label="document")
    members = docx_members(docx_files()[name])
    chooser = DrawChooser(data.draw)
    if data.draw(st.integers(0, 3), label="break the package") == 0:
        blob, steps = mutate_docx_package(chooser, members)
    else:
        blob, steps = mutate_docx_xml(chooser, members)
    _holds_twice(lambda b: parse_docx(b, source="fuzz.docx"), blob, [name, *steps])


_W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'


@pytest.mark.parametrize(
    "xml",
    [
        b"",
        b"<w:document/>",
        b'<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>',
        # Found by the fuzzers: no <w:body> (AttributeError on None) ...
        _W + b"</w:document>",
        # ... and a <p> or <tbl> of another namespace taken for Word's (TypeError, AttributeError)
        _W + b'<w:body><v:p xmlns:v="urn:x"><v:r/></v:p></w:body></w:document>',
        _W + b'<w:body><v:tbl xmlns:v="urn:x"><v:tr/></v:tbl></w:body></w:document>',
        _W + b'<w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/><w:vMerge w:val="x"/>'
        b"</w:tcPr><w:p><w:r><w:t>\xe8\xa7\x84\xe7\xab\xa0</w:t></w:r></w:p></w:tc></w:tr>"
        b"</w:tbl></w:body></w:document>",
    ],
    ids=["empty", "no-namespace", "entities", "no-body", "foreign-p", "foreign-tbl", "odd-merges"],
)
def test_odd_document_xml_reads_or_raises_parse_error(xml: bytes) -> None:
    members = docx_members(docx_files()["06-official-template-2021-blank.docx"])
    _outcome(
        lambda b: parse_docx(b, source="x.docx"), zip_members({**members, "word/document.xml": xml})
    )


def test_docx_zipped_again_reads_the_same() -> None:
    original = docx_files()["rendered-seed.docx"]
    members = docx_members(original)
    rezipped = zip_members(dict(reversed(list(members.items()))))
    assert rezipped != original
    assert _cells(parse_docx(rezipped)) == _cells(parse_docx(original)) == _cells(seed_report())


# --- PDF --------------------------------------------------------------------------------------


@_settings(16)
@given(data=st.data())
def test_mutated_pdf_reads_or_raises_parse_error(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(pdf_files())), label="pdf")
    blob, steps = mutate_pdf(DrawChooser(data.draw), pdf_files()[name])
    try:
        _outcome(lambda b: parse_pdf(b, source="fuzz.pdf"), blob)
    except Exception as err:
        err.add_note(f"{name} mutated by {steps}")
        raise


@pytest.mark.parametrize(
    "blob",
    [
        b"%PDF-1.4",
        b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 99999999/Kids[2 0 R]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF",
        b"%PDF-1.4\n1 0 obj<</Length -1>>stream\nxx\nendstream endobj\nstartxref\n999999\n%%EOF",
    ],
    ids=["header-only", "self-referencing-pages", "negative-length"],
)
def test_odd_pdf_reads_or_raises_parse_error(blob: bytes) -> None:
    _outcome(lambda b: parse_pdf(b, source="x.pdf"), blob)


def test_pdf_reading_is_deterministic() -> None:
    read = lambda b: parse_pdf(b, source="x.pdf")  # noqa: E731
    data = pdf_files()["03-hongze-district-2023.pdf"]
    assert _outcome(read, data) == _outcome(read, data)


# --- read_report_bytes: kind detection, encodings, old Word -----------------------------------

KIND_PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"<!doctype html>",
    b"\xef\xbb\xbf<html>",
    b"<!-- x --><table>",
    b"\xff\xfe",
    b"\xfe\xff",
    b" " * 1024 + b"%PDF-",
]


@_settings(60)
@given(
    prefix=st.sampled_from([p for p in KIND_PREFIXES if not p.startswith(b"\xd0\xcf")]),
    rest=st.binary(max_size=400)
    | st.sampled_from(sorted(html_pages())).map(lambda n: html_pages()[n][:3000].encode("gb18030")),
)
def test_any_kind_of_bytes_reads_or_raises_parse_error(prefix: bytes, rest: bytes) -> None:
    _outcome(lambda b: read_report_bytes(b, source="fuzz"), prefix + rest)


@_settings(1)
@given(rest=st.binary(min_size=1, max_size=600))
@example(rest=b"\x00" * 512)
def test_old_word_bytes_go_through_libreoffice_to_a_report_or_parse_error(rest: bytes) -> None:
    """An OLE header and anything after it: LibreOffice (where installed) converts or
    refuses it; either way a report or ParseError."""
    _outcome(lambda b: read_report_bytes(b, source="fuzz.doc"), KIND_PREFIXES[3] + rest)
