"""``read_report_bytes`` (what ``read_report`` does with a file's bytes): the kind of
input detected from the bytes (text, HTML, DOCX, PDF, old Word), the encoding (UTF-8,
GB18030, a declared charset) and the reader for it. Seeds: every other target's seeds,
in several encodings. Old Word files (.doc/.wps) go to LibreOffice at about a second
each: here LibreOffice is hidden (``PATH`` without it), so that they take the
refusal path; ``fuzz_doc.py`` feeds LibreOffice itself."""

from __future__ import annotations

import os

import harness
from harness import atheris

os.environ["PATH"] = os.pathsep.join(
    p
    for p in os.environ.get("PATH", "").split(os.pathsep)
    if not os.path.exists(os.path.join(p, "soffice"))
)

with atheris.instrument_imports():
    from gongkai.core.report.parse.files import read_report_bytes


def read(data: bytes):
    return read_report_bytes(data, source="<fuzz>")


if __name__ == "__main__":
    harness.main(harness.contract("files", read), None)
