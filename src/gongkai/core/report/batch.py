"""Auditing many reports: finding the inputs, auditing one file (in any process),
and pairing the same body's consecutive years for the cross-year rules.

Nothing here keeps whole reports in memory across files: a bulk audit keeps, per
report, only what the cross-year rules need (its body, year and a few cells).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from gongkai.core.errors import ParseError
from gongkai.core.report.bodies import body_kind
from gongkai.core.report.formats import TABLE3_COLUMNS
from gongkai.core.report.model import AnnualReport, Finding, Section, Value
from gongkai.core.report.parse.files import read_report
from gongkai.core.report.rules import check
from gongkai.core.report.rules.crossyear import check as crossyear_check
from gongkai.core.report.serialize import audit_record

__all__ = [
    "CROSS_YEAR_CELLS",
    "audit_file",
    "audit_file_with_pairing",
    "body_kind",
    "collect_inputs",
    "cross_year_findings",
    "file_findings",
    "pairing_data",
    "year_key",
]

SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".htm",
    ".html",
    ".shtml",
    ".xhtml",
    ".docx",
    ".pdf",
    ".doc",
    ".wps",
}

#: The cells the cross-year rules compare (R5 and R9).
CROSS_YEAR_CELLS = tuple(
    [f"apply.carried_in.{c.id}" for c in TABLE3_COLUMNS]
    + [f"apply.carried_out.{c.id}" for c in TABLE3_COLUMNS]
    + [
        f"active.{r}.{k}"
        for r in ("rules", "normative")
        for k in ("issued", "repealed", "in_force")
    ]
)
_CROSS_YEAR = frozenset(CROSS_YEAR_CELLS)


def collect_inputs(args: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Files, directories (recursively: the files with a report's suffix) and glob
    patterns, in the order given, each file once. A name that matches nothing is
    yielded with None, to be reported as unusable."""
    seen: set[Path] = set()
    directories: dict[Path, Path] = {}  # resolved once each, for this call only
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            matches = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        elif path.exists():
            matches = [path]
        elif glob.has_magic(arg):
            matches = sorted(Path(p) for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
        else:
            matches = []
        if not matches:
            yield arg, None
            continue
        for m in matches:
            key = _canonical(m, directories)
            if key not in seen:
                seen.add(key)
                yield str(m), m


def _canonical(path: Path, directories: dict[Path, Path]) -> Path:
    """``path.resolve()``, resolving each directory once (``directories`` keeps them):
    the files of a bulk audit share a few directories, and resolving walks every
    component of the path."""
    if path.is_symlink():
        return path.resolve()
    parent = directories.get(path.parent)
    if parent is None:
        parent = directories[path.parent] = path.parent.resolve()
    return parent / path.name


def file_findings(source: str) -> list[Finding] | None:
    """The findings of one file (without cross-year rules), or None when it cannot be
    read as a report: all a bulk audit needs when it prints and writes nothing."""
    try:
        report = read_report(source)
    except ParseError:
        return None
    return check(report)


def audit_file(source: str, prior: AnnualReport | None = None) -> dict[str, Any]:
    """The audit JSON record of one file; an unreadable file gives a record with ``error``."""
    return audit_file_with_pairing(source, prior)[0]


def audit_file_with_pairing(
    source: str, prior: AnnualReport | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The record, and the report's :func:`pairing_data` (None when it cannot be paired)."""
    try:
        report = read_report(source)
    except ParseError as err:
        return error_record(source, err.message, err.line), None
    record = audit_record(report, check(report, prior))
    return record, pairing_data(report, record) if year_key(record) else None


def error_record(source: str, message: str, line: int = 0) -> dict[str, Any]:
    return {
        "source": source,
        "format": None,
        "body": None,
        "year": None,
        "cells": {},
        "findings": [],
        "error": {"message": message, "line": line},
    }


def year_key(record: dict[str, Any]) -> tuple[str, int] | None:
    """(body, year) of a record that can take part in cross-year pairing."""
    body, year = record.get("body"), record.get("year")
    if not body or not isinstance(year, int) or record.get("error"):
        return None
    return (str(body), year)


def pairing_data(report: AnnualReport | None, record: dict[str, Any]) -> dict[str, Any]:
    """What the cross-year rules need of a report: body, year, a few cells, its narrative."""
    return {
        "source": record["source"],
        "body": record.get("body"),
        "year": record.get("year"),
        "cells": {c: v for c, v in record.get("cells", {}).items() if c in _CROSS_YEAR},
        "narrative": {}
        if report is None
        else {k: s.text for k, s in report.sections.items() if k in ("sec1", "sec5", "sec6")},
    }


def _stub(data: dict[str, Any]) -> AnnualReport:
    cells = {k: Value.of(v) for k, v in data.get("cells", {}).items() if v is not None}
    sections = {k: Section(k, k, text, 0) for k, text in data.get("narrative", {}).items()}
    return AnnualReport(
        source=data["source"],
        format=None,
        body=data.get("body"),
        year=data.get("year"),
        cells=cells,
        sections=sections,
    )


def cross_year_findings(data: dict[str, Any], prior: dict[str, Any]) -> list[Finding]:
    """R5, R9 and 内容雷同 for a report against the same body's report of the year before
    (both given as :func:`pairing_data`)."""
    return list(crossyear_check(_stub(data), _stub(prior)))
