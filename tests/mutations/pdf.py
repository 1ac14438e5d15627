"""Mutations of PDF files: bytes flipped, the file cut off, a stream's bytes damaged or its
``/Length`` made wrong, object numbers, references and the cross-reference table damaged,
``%%EOF`` removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .choosers import Chooser, pick
from .text import flip_bytes, truncate

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
