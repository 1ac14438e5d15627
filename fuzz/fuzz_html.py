"""The HTML reader on any bytes: the declared encoding sniffed, the page decoded and read
(``sniff_html_encoding``, ``decode``, ``parse_html``), exactly as ``read_report`` reads
a page. Half the mutations are structure-aware (``tests/mutations/``: tags dropped,
rowspan/colspan changed, cells and rows removed or duplicated, tables nested, the
charset declared or encoded otherwise, truncation). Seeds: the real pages in
``shared/fixtures/original`` and gongkai's own HTML renderings."""

from __future__ import annotations

import harness
from harness import atheris

with atheris.instrument_imports():
    from gongkai.core.report.parse.files import decode
    from gongkai.core.report.parse.html import parse_html, sniff_html_encoding


def read(data: bytes):
    text = decode(data, source="<fuzz>", declared=sniff_html_encoding(data))
    return parse_html(text, source="<fuzz>")


def structured(chooser, data: bytes) -> bytes:
    from mutations import mutate_html

    return mutate_html(chooser, data.decode("utf-8", errors="replace"))[0]


if __name__ == "__main__":
    harness.main(harness.contract("html", read), harness.custom_mutator(structured))
