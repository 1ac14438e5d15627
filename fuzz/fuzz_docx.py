"""The DOCX reader (``parse_docx``) on any bytes. Half the mutations are structure-aware
(``tests/mutations/``): a valid zip whose ``word/document.xml`` is mutated (cells and
rows removed or duplicated, gridSpan/vMerge changed, tags dropped, the XML cut off), or
the package broken (a member missing, document.xml not XML, bytes flipped, cut off);
the other half are libFuzzer's own byte mutations. Seeds: the real template in
``shared/fixtures/original`` and gongkai's own DOCX renderings."""

from __future__ import annotations

import harness
from harness import atheris

with atheris.instrument_imports():
    import docx.oxml  # noqa: F401  (python-docx's element classes, instrumented)

    from gongkai.core.report.parse.docx import parse_docx


def read(data: bytes):
    return parse_docx(data, source="<fuzz>")


def structured(chooser, data: bytes) -> bytes:
    from mutations import docx_members, mutate_docx_package, mutate_docx_xml

    members = docx_members(data)  # raises for a broken zip: libFuzzer's mutation then
    if chooser.integer(0, 3) == 0 or "word/document.xml" not in members:
        return mutate_docx_package(chooser, members)[0]
    return mutate_docx_xml(chooser, members)[0]


if __name__ == "__main__":
    harness.main(harness.contract("docx", read), harness.custom_mutator(structured))
