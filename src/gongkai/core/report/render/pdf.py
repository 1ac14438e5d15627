"""A report as PDF: the HTML rendering laid out for print (A4 landscape, each label on one
line, so that the PDF's text holds every label whole) by WeasyPrint with Debian's Noto CJK
fonts."""

from __future__ import annotations

from gongkai.core.report.model import AnnualReport
from gongkai.core.report.render.html import render_html

__all__ = ["render_pdf"]


def render_pdf(report: AnnualReport) -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string=render_html(report, for_print=True)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
