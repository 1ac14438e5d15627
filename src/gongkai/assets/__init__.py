"""Vendored front-end assets (see README.md)."""

from __future__ import annotations

from importlib import resources

__all__ = ["echarts_inline"]


def echarts_inline() -> str:
    """ECharts' code, safe to put between ``<script>`` and ``</script>`` of a page that
    must work with no network (``gongkai audit --html``, ``gongkai evaluate --html``)."""
    code = resources.files(__package__).joinpath("echarts.min.js").read_text(encoding="utf-8")
    return code.replace("</script", "<\\/script")
