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
from gongkai.core.report.formats import TABLE3_COLUMNS
from gongkai.core.report.model import AnnualReport, Finding, Value
from gongkai.core.report.parse.files import read_report
from gongkai.core.report.rules import check
from gongkai.core.report.rules.crossyear import check as crossyear_check
from gongkai.core.report.serialize import audit_record

__all__ = [
    "CROSS_YEAR_CELLS",
    "audit_file",
    "body_kind",
    "collect_inputs",
    "cross_year_findings",
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


def collect_inputs(args: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Files, directories (recursively: the files with a report's suffix) and glob
    patterns, in the order given, each file once. A name that matches nothing is
    yielded with None, to be reported as unusable."""
    seen: set[Path] = set()
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
            key = m.resolve()
            if key not in seen:
                seen.add(key)
                yield str(m), m


def audit_file(source: str, prior: AnnualReport | None = None) -> dict[str, Any]:
    """The audit JSON record of one file; an unreadable file gives a record with ``error``."""
    try:
        report = read_report(source)
    except ParseError as err:
        return error_record(source, err.message, err.line)
    return audit_record(report, check(report, prior))


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


def _stub(record: dict[str, Any]) -> AnnualReport:
    cells = {
        k: Value.of(v)
        for k, v in record.get("cells", {}).items()
        if k in CROSS_YEAR_CELLS and v is not None
    }
    return AnnualReport(
        source=record["source"],
        format=None,
        body=record.get("body"),
        year=record.get("year"),
        cells=cells,
    )


def cross_year_findings(record: dict[str, Any], prior: dict[str, Any]) -> list[Finding]:
    """R5 and R9 for a record against the same body's record of the year before."""
    return list(crossyear_check(_stub(record), _stub(prior)))


_KINDS = (
    ("township", ("街道办事处", "街道", "镇人民政府", "乡人民政府", "镇", "乡")),
    ("government", ("人民政府", "政府")),
    ("department", ("局", "委员会", "委", "办公室", "办", "厅", "署", "中心", "院")),
)


def body_kind(body: str | None) -> str:
    """government / department / township / other, from the body's name."""
    if not body:
        return "other"
    for kind, endings in _KINDS:
        if body.endswith(endings):
            return kind
    return "other"
