"""Render, then read back: every fixture's report comes back with exactly the same
cells (numbers and blank / 「/」 / unreadable kinds), body, year and format, through
text, HTML, DOCX and PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE_REPORTS, SEED, SHARED
from gongkai.core import read_report
from gongkai.core.report.parse.files import InputKind, detect_kind, read_report_bytes
from gongkai.core.report.render import render_docx, render_html, render_pdf, render_text

ORIGINALS = sorted(
    p
    for p in (SHARED / "fixtures" / "original").iterdir()
    if p.suffix in (".html", ".pdf", ".docx")
)
SOURCES = [SEED, *FIXTURE_REPORTS, *ORIGINALS]
RENDERERS = {
    "text": (lambda r: render_text(r).encode("utf-8"), InputKind.TEXT),
    "html": (lambda r: render_html(r).encode("utf-8"), InputKind.HTML),
    "docx": (render_docx, InputKind.DOCX),
    "pdf": (render_pdf, InputKind.PDF),
}


def _cells(report):
    return {k: (v.kind, v.number) for k, v in report.cells.items()}


@pytest.mark.parametrize("kind", list(RENDERERS))
@pytest.mark.parametrize("path", SOURCES, ids=lambda p: Path(p).name)
def test_render_then_read_gives_the_same_report(path, kind):
    report = read_report(path)
    render, expected_kind = RENDERERS[kind]
    data = render(report)
    assert detect_kind(data) is expected_kind
    back = read_report_bytes(data, source=f"roundtrip.{kind}")
    assert _cells(back) == _cells(report)
    assert (back.body, back.year, back.format) == (report.body, report.year, report.format)


def test_the_seed_has_cells_to_lose():
    # Guards the test above against passing vacuously on empty reports.
    assert len(read_report(SEED).cells) == 179
    assert sum(len(read_report(p).cells) for p in ORIGINALS) > 900
