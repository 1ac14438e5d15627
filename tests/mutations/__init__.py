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
* Plain text: lines deleted, duplicated, swapped, merged or split, junk, digits replaced.

One module a family -- ``choosers``, ``text`` (any text or bytes, and plain text),
``markup`` (HTML and DOCX), ``pdf``, ``record`` (JSON) -- all re-exported here.
"""

from __future__ import annotations

from .choosers import Chooser, DrawChooser, RandomChooser, pick
from .markup import (
    CHARSETS,
    ENCODINGS,
    HTML_CELL,
    HTML_JUNK,
    HTML_MUTATIONS,
    HTML_ROW,
    HTML_TAG,
    SPAN_VALUES,
    W_CELL,
    W_JUNK,
    W_MERGE_VALUES,
    W_PARA,
    W_ROW,
    W_TAG,
    W_TEXT,
    XML_MUTATIONS,
    docx_members,
    html_junk,
    html_nest,
    html_span,
    mutate_docx_package,
    mutate_docx_xml,
    mutate_html,
    w_junk,
    w_merge,
    w_text,
    zip_members,
)
from .pdf import PDF_MUTATIONS, mutate_pdf, pdf_length, pdf_stream, pdf_token
from .record import (
    ODD_CELLS,
    ODD_FORMATS,
    ODD_VALUES,
    PLAUSIBLE_VALUES,
    RECORD_KEYS,
    brief,
    mutate_record,
)
from .text import (
    DIGIT_REPLACEMENTS,
    JUNK,
    TEXT_MUTATIONS,
    delete_span,
    find_spans,
    flip_bytes,
    insert_junk,
    mutate_text,
    replace_digit,
    truncate,
)

__all__ = [
    "CHARSETS",
    "DIGIT_REPLACEMENTS",
    "ENCODINGS",
    "HTML_CELL",
    "HTML_JUNK",
    "HTML_MUTATIONS",
    "HTML_ROW",
    "HTML_TAG",
    "JUNK",
    "ODD_CELLS",
    "ODD_FORMATS",
    "ODD_VALUES",
    "PDF_MUTATIONS",
    "PLAUSIBLE_VALUES",
    "RECORD_KEYS",
    "SPAN_VALUES",
    "TEXT_MUTATIONS",
    "W_CELL",
    "W_JUNK",
    "W_MERGE_VALUES",
    "W_PARA",
    "W_ROW",
    "W_TAG",
    "W_TEXT",
    "XML_MUTATIONS",
    "Chooser",
    "DrawChooser",
    "RandomChooser",
    "brief",
    "delete_span",
    "docx_members",
    "find_spans",
    "flip_bytes",
    "html_junk",
    "html_nest",
    "html_span",
    "insert_junk",
    "mutate_docx_package",
    "mutate_docx_xml",
    "mutate_html",
    "mutate_pdf",
    "mutate_record",
    "mutate_text",
    "pdf_length",
    "pdf_stream",
    "pdf_token",
    "pick",
    "replace_digit",
    "truncate",
    "w_junk",
    "w_merge",
    "w_text",
    "zip_members",
]
