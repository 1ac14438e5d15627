"""Old Word files (.doc/.wps, OLE compound files) through ``read_report_bytes``, which has
LibreOffice convert them to DOCX (about a second per input: run it with a few hundred
``-runs``, not 100,000). Mutations: bytes flipped or the file cut off, half the time.
Seeds: ``fuzz/corpus/doc``, the real template converted to .doc by LibreOffice."""

from __future__ import annotations

import harness
from harness import atheris

with atheris.instrument_imports():
    from gongkai.core.report.parse.files import read_report_bytes


def read(data: bytes):
    return read_report_bytes(data, source="<fuzz>")


def structured(chooser, data: bytes) -> bytes:
    from mutations import flip_bytes, truncate

    if chooser.integer(0, 1):
        return truncate(chooser, data)[0]
    return flip_bytes(chooser, data)[0]


if __name__ == "__main__":
    harness.main(harness.contract("doc", read), harness.custom_mutator(structured))
