"""The PDF reader (``parse_pdf``) on any bytes. Half the mutations are structure-aware
(``tests/mutations/``: a stream's bytes damaged, a ``/Length`` made wrong, object
numbers, references, counts and the cross-reference table damaged, bytes flipped, the
file cut off); the other half libFuzzer's own. Seeds: the real PDFs in
``shared/fixtures/original`` and gongkai's own PDF renderings."""

from __future__ import annotations

import harness
from harness import atheris

with atheris.instrument_imports():
    import pdfminer  # noqa: F401
    import pdfplumber  # noqa: F401

    from gongkai.core.report.parse.pdf import parse_pdf


def read(data: bytes):
    # In this process, not in the PDF helper (and so without its memory and CPU-time
    # caps: fuzz_hostile.py holds the reader to those): libFuzzer counts the coverage
    # of this process only.
    return parse_pdf(data, source="<fuzz>", isolated=False)


def structured(chooser, data: bytes) -> bytes:
    from mutations import mutate_pdf

    return mutate_pdf(chooser, data)[0]


if __name__ == "__main__":
    harness.main(harness.contract("pdf", read), harness.custom_mutator(structured))
