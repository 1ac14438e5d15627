"""The audit JSON form of a report and its findings (docs/audit-result.schema.json)."""

from __future__ import annotations

from typing import Any

from gongkai.core.report.model import AnnualReport, Finding

__all__ = ["audit_record", "report_from_record"]


def audit_record(report: AnnualReport, findings: list[Finding]) -> dict[str, Any]:
    """One line of ``gongkai audit --format json``."""
    return {
        "source": report.source,
        "format": report.format.value if report.format else None,
        "body": report.body,
        "year": report.year,
        "cells": {cell: value.json_number() for cell, value in report.cells.items()},
        "findings": [f.as_dict() for f in findings],
    }


def report_from_record(record: dict[str, Any], *, source: str | None = None) -> AnnualReport:
    """The report an audit JSON record describes (for rendering it): its cells — a number,
    or null for a blank cell — body, year, format and, where the record has them, the
    narrative sections. Raises ValueError naming what is wrong."""
    from gongkai.core.report.formats import SECTIONS, Version
    from gongkai.core.report.model import Section, Value, ValueKind

    if not isinstance(record, dict) or not isinstance(record.get("cells"), dict):
        raise ValueError('not an audit record: no "cells" object')
    fmt = record.get("format")
    if fmt not in (None, "2019", "2021"):
        raise ValueError(f'"format" must be "2019", "2021" or null, not {fmt!r}')
    year = record.get("year")
    if year is not None and not isinstance(year, int):
        raise ValueError(f'"year" must be a whole number or null, not {year!r}')
    cells: dict[str, Value] = {}
    for cell, v in record["cells"].items():
        if v is None:
            cells[cell] = Value(ValueKind.BLANK)
        elif isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(f"cell {cell!r} holds {v!r}, not a number or null")
        else:
            cells[cell] = Value.of(str(v))
    narrative = record.get("narrative") or {}
    titles = {s.id: s.title for s in SECTIONS}
    sections = {
        k: Section(k, titles.get(k, k), str(t), 0) for k, t in narrative.items() if k in titles
    }
    return AnnualReport(
        source=source or str(record.get("source") or "<json>"),
        format=Version(fmt) if fmt else None,
        body=record.get("body"),
        year=year,
        sections=sections,
        cells=cells,
    )
