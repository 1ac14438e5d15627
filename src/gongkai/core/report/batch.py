"""Auditing many reports: finding the inputs, auditing one file (in any process),
and pairing the same body's consecutive years for the cross-year rules.

Nothing here keeps whole reports in memory across files: a bulk audit keeps, per
report, only what the cross-year rules need (its body, year and a few cells).
"""

from __future__ import annotations

import csv
import glob
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from gongkai.core.collect.manifest import MANIFEST, read_manifest
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
    "Given",
    "apply_given",
    "audit_file",
    "audit_file_with_pairing",
    "audit_inputs",
    "body_kind",
    "collect_inputs",
    "cross_year_findings",
    "file_findings",
    "pairing_data",
    "read_input_list",
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


@dataclass(frozen=True)
class Given:
    """What is known of an input besides its content: its publication date and where
    that comes from — ``"manifest"`` (a store made by ``gongkai collect``) or ``"list"``
    (an input list) — and the unit and year it was collected for."""

    published_on: date | None
    source: str
    unit: str | None = None
    year: int | None = None


def apply_given(report: AnnualReport, given: Given | None) -> AnnualReport:
    """The report with what is known of it: the given publication date (over one its text
    prints: the date the site shows is the one Art. 49 is about), and the unit and year
    where the report names none."""
    if given is None:
        return report
    changes: dict[str, Any] = {}
    if given.published_on is not None:
        changes.update(published_on=given.published_on, published_on_source=given.source)
    if report.body is None and given.unit:
        changes["body"] = given.unit
    if report.year is None and given.year:
        changes["year"] = given.year
    return replace(report, **changes) if changes else report


def read_input_list(path: str | Path) -> list[tuple[Path, Given]]:
    """The files of an input list: a CSV with the columns ``file,published_on`` and an
    optional ``unit`` (a header row first; UTF-8 or GB18030). A file's path is relative
    to the list's folder; an empty ``published_on`` gives no date. Raises
    :class:`ParseError` naming the line of a row that cannot be used."""
    from gongkai.core.collect.dates import parse_date  # lxml: only for a list

    source = str(path)
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if "file" not in header or "published_on" not in header:
        raise ParseError("第一行应为列名 file,published_on[,unit]", line=1, source=source)
    col = {name: header.index(name) for name in ("file", "published_on", "unit") if name in header}
    folder = Path(path).parent
    found = []
    for n, row in enumerate(rows[1:], start=2):
        cells = {k: (row[i].strip() if i < len(row) else "") for k, i in col.items()}
        if not any(cells.values()):
            continue
        if not cells["file"]:
            raise ParseError("file 不能为空", line=n, source=source)
        published = None
        if cells["published_on"]:
            published = parse_date(cells["published_on"])
            if published is None:
                raise ParseError(
                    f"「{cells['published_on']}」不是日期（如 2024-01-20）", line=n, source=source
                )
        file = Path(cells["file"])
        found.append(
            (
                file if file.is_absolute() else folder / file,
                Given(published, "list", cells.get("unit") or None),
            )
        )
    return found


def audit_inputs(
    args: Iterable[str], input_list: str | Path | None = None
) -> Iterator[tuple[str, Path | None, Given | None]]:
    """What ``gongkai audit`` reads: the files of ``input_list`` (with their dates), then
    each argument as :func:`collect_inputs` takes it — except that a store made by
    ``gongkai collect`` (a folder with a manifest.jsonl) gives the reports its manifest
    lists, with the dates collected. Each file once, the first time it is named."""
    seen: set[Path] = set()
    directories: dict[Path, Path] = {}

    def first(path: Path) -> bool:
        key = _canonical(path, directories) if path.exists() else path.absolute()
        if key in seen:
            return False
        seen.add(key)
        return True

    for path, given in read_input_list(input_list) if input_list is not None else []:
        if first(path):
            yield str(path), path if path.is_file() else None, given
    for arg in args:
        store = Path(arg)
        if store.is_dir() and (store / MANIFEST).is_file():
            for entry in read_manifest(store):
                path = store / entry.file
                if first(path):
                    given = Given(entry.published_on, "manifest", entry.unit, entry.year)
                    yield str(path), path if path.is_file() else None, given
            continue
        for source, p in collect_inputs([arg]):
            if p is None or first(p):
                yield source, p, None


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


def file_findings(source: str, given: Given | None = None) -> list[Finding] | None:
    """The findings of one file (without cross-year rules), or None when it cannot be
    read as a report: all a bulk audit needs when it prints and writes nothing."""
    try:
        report = apply_given(read_report(source), given)
    except ParseError:
        return None
    return check(report)


def audit_file(
    source: str, prior: AnnualReport | None = None, given: Given | None = None
) -> dict[str, Any]:
    """The audit JSON record of one file; an unreadable file gives a record with ``error``."""
    return audit_file_with_pairing(source, prior, given)[0]


def audit_file_with_pairing(
    source: str, prior: AnnualReport | None = None, given: Given | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The record, and the report's :func:`pairing_data` (None when it cannot be paired)."""
    try:
        report = apply_given(read_report(source), given)
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
