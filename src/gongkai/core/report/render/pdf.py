"""A report as PDF: the HTML rendering laid out by WeasyPrint (with Debian's Noto CJK fonts)."""

from __future__ import annotations

from gongkai.core.report.model import AnnualReport
from gongkai.core.report.render.html import render_html

__all__ = ["render_pdf"]


def render_pdf(report: AnnualReport) -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string=render_html(report)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
