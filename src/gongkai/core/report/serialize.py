"""The audit JSON form of a report and its findings (docs/audit-result.schema.json)."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

from gongkai.core.errors import RecordError
from gongkai.core.report.formats import FORMATS, SECTIONS, Version
from gongkai.core.report.model import AnnualReport, Finding, Section, Value, ValueKind
from gongkai.core.report.parse.normalize import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS

__all__ = ["audit_record", "report_from_json", "report_from_record"]


def audit_record(report: AnnualReport, findings: list[Finding]) -> dict[str, Any]:
    """One line of ``gongkai audit --format json``. A report with a publication date
    also has ``published_on`` and ``published_on_source`` (text, manifest or list)."""
    record: dict[str, Any] = {
        "source": report.source,
        "format": report.format.value if report.format else None,
        "body": report.body,
        "year": report.year,
    }
    if report.published_on is not None:
        record["published_on"] = report.published_on.isoformat()
        record["published_on_source"] = report.published_on_source or "text"
    record["cells"] = {cell: value.json_number() for cell, value in report.cells.items()}
    record["findings"] = [f.as_dict() for f in findings]
    return record


#: The years the readers take for a report's year (19xx and 20xx).
MIN_YEAR, MAX_YEAR = 1900, 2099


def _fail(message: str, source: str) -> RecordError:
    return RecordError(message, line=0, source=source)


def _number(cell: str, v: object, source: str) -> Value:
    """A cell's value: a finite number no longer than the text reader reads, or null."""
    if v is None:
        return Value(ValueKind.BLANK)
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise _fail(f"cell {cell!r} holds {_brief(v)}, not a number or null", source)
    if isinstance(v, float) and not math.isfinite(v):
        raise _fail(f"cell {cell!r} holds {v}, not a finite number", source)
    # Decimal(int) has no 4300-digit limit, unlike str(int); repr(float) is the shortest
    # text that gives the float back.
    number = Decimal(v) if isinstance(v, int) else Decimal(repr(v))
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    whole = max(0, len(digits) + exponent)
    fraction = -exponent if exponent < 0 else 0
    if whole > MAX_INTEGER_DIGITS or fraction > MAX_FRACTION_DIGITS + 1:
        raise _fail(
            f"cell {cell!r} holds a number too long for a count or an amount "
            f"(at most {MAX_INTEGER_DIGITS} digits before the point and "
            f"{MAX_FRACTION_DIGITS + 1} after it)",
            source,
        )
    return Value(ValueKind.NUMBER, number, raw=format(number, "f"))


def report_from_record(record: object, *, source: str | None = None) -> AnnualReport:
    """The report an audit JSON record describes (for rendering it): its cells — a number,
    or null for a blank cell — body, year, format and, where the record has them, the
    narrative sections. Raises :class:`RecordError` naming what is wrong; any value it
    accepts gives a report the rules and the renderers take."""
    where = source or "<json>"
    if not isinstance(record, dict):
        raise _fail(f"not an audit record: a JSON {_json_type(record)}, not an object", where)
    if source is None:
        name = record.get("source")
        if name is not None and not isinstance(name, str):
            raise _fail(f'"source" must be a string or null, not {_json_type(name)}', where)
        where = name or where
    if not isinstance(record.get("cells"), dict):
        raise _fail('not an audit record: no "cells" object', where)
    fmt = record.get("format")
    if fmt not in (None, "2019", "2021"):
        raise _fail(f'"format" must be "2019", "2021" or null, not {_brief(fmt)}', where)
    year = record.get("year")
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR
    ):
        raise _fail(
            f'"year" must be a whole number from {MIN_YEAR} to {MAX_YEAR} or null, '
            f"not {_brief(year)}",
            where,
        )
    body = record.get("body")
    if body is not None and not isinstance(body, str):
        raise _fail(f'"body" must be a string or null, not {_json_type(body)}', where)
    cells: dict[str, Value] = {}
    for cell, v in record["cells"].items():
        if not isinstance(cell, str) or cell not in _CELL_IDS:
            raise _fail(f"{_brief(cell)} is not a cell of the 2019 or 2021 format", where)
        cells[cell] = _number(cell, v, where)
    narrative = record.get("narrative")
    if narrative is None:
        narrative = {}
    if not isinstance(narrative, dict):
        raise _fail(f'"narrative" must be an object, not {_json_type(narrative)}', where)
    titles = {s.id: s.title for s in SECTIONS}
    sections: dict[str, Section] = {}
    for k, text in narrative.items():
        if k not in titles or text is None:
            continue  # only the sections the format has
        if not isinstance(text, str):
            raise _fail(f'narrative "{k}" must be a string, not {_json_type(text)}', where)
        sections[k] = Section(k, titles[k], text, 0)
    return AnnualReport(
        source=where,
        format=Version(fmt) if fmt else None,
        body=body,
        year=year,
        sections=sections,
        cells=cells,
    )


def report_from_json(data: bytes | str, *, source: str) -> AnnualReport:
    """The report one JSON object describes (a line of ``gongkai audit --format json`` or
    ``gongkai report compile``), from the file's bytes: UTF-8 (with or without a BOM).
    Raises :class:`RecordError` naming what is wrong, with the line where known."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise RecordError(
                f"not UTF-8 text (byte {err.start})", line=line, source=source
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        raise RecordError("empty", line=0, source=source)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise RecordError(f"not JSON ({err.msg})", line=err.lineno, source=source) from None
    except ValueError as err:  # an integer of more than 4300 digits
        raise RecordError(f"not JSON that can be read ({err})", line=0, source=source) from None
    except RecursionError:
        raise RecordError(
            "not JSON that can be read (nested too deeply)", line=0, source=source
        ) from None
    return report_from_record(record, source=source)


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(
        type(value), "number" if isinstance(value, int | float) else type(value).__name__
    )


def _brief(value: object) -> str:
    """A short repr (``repr`` raises on an int of more than 4300 digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = (
        repr(value)
        if isinstance(value, str | int | float | bool | type(None))
        else _json_type(value)
    )
    return text if len(text) <= 60 else text[:57] + "..."


_CELL_IDS = frozenset(cell for spec in FORMATS.values() for cell in spec.cells)
