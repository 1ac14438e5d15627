"""Readers of published reports. Every reader returns an AnnualReport or raises ParseError."""

from gongkai.core.report.parse.text import parse_text

__all__ = ["parse_text"]
