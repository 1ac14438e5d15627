"""Renderers: an AnnualReport back to a document."""

from gongkai.core.report.render.text import render_text

__all__ = ["render_text"]
