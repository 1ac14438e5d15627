"""A report as PDF: the HTML rendering laid out for print (A4 landscape, each label on one
line, so that the PDF's text holds every label whole) by WeasyPrint with Debian's Noto CJK
fonts."""

from __future__ import annotations

from datetime import date

from gongkai.core.report.model import AnnualReport
from gongkai.core.report.render.html import render_html

__all__ = ["render_pdf"]


def render_pdf(report: AnnualReport, *, issued_on: date | None = None) -> bytes:
    import weasyprint

    html = render_html(report, for_print=True, issued_on=issued_on)
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)
