"""Renderers: an AnnualReport back to a document. What the readers read back from a
rendering is the same report (tests hold every fixture to it)."""

from gongkai.core.report.render.docx import render_docx
from gongkai.core.report.render.html import render_html, render_tables_html
from gongkai.core.report.render.markdown import render_markdown
from gongkai.core.report.render.pdf import render_pdf
from gongkai.core.report.render.text import render_text
from gongkai.core.report.render.xlsx import render_xlsx

__all__ = [
    "render_docx",
    "render_html",
    "render_markdown",
    "render_pdf",
    "render_tables_html",
    "render_text",
    "render_xlsx",
]
