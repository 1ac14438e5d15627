"""Mutations of audit records (JSON): keys dropped, values of the wrong type, huge,
negative, non-finite or fractional numbers, unknown cell ids, wrong format strings and
years, odd narratives.
"""

from __future__ import annotations

from typing import Any

from .choosers import Chooser, pick

# --- JSON records ---------------------------------------------------------------------------

ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1.5,
    -0.0,
    1e308,
    -1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    10**30,
    -(10**30),
    10**4300,
    10**5000,
    2**63,
    "",
    "1",
    "2021",
    "１２",
    "abc",
    [],
    [1],
    {},
    {"a": 1},
)
#: Values a record may well hold: the import takes them.
PLAUSIBLE_VALUES: tuple[Any, ...] = (
    None,
    0,
    1,
    7,
    52,
    -3,
    12.5,
    7730.28,
    0.0001,
    999_999_999_999_999,
)
ODD_FORMATS: tuple[Any, ...] = (
    "2019",
    "2021",
    "2020",
    "2021 ",
    "V2021",
    "",
    2021,
    2019.0,
    None,
    [],
)
ODD_CELLS = (
    "",
    "apply",
    "apply.",
    "apply.new",
    "apply.new.total.extra",
    "review.unknown",
    "x" * 1000,
    "active.admin_fees.amount_wan",
    "\x00",
    "申请",
)


def brief(value: Any) -> str:
    """A short repr (``repr`` itself raises on an int of more than 4300 digits)."""
    try:
        return repr(value)[:40]
    except ValueError:
        return f"<{type(value).__name__} with an int of more than 4300 digits>"


RECORD_KEYS = ("source", "format", "body", "year", "cells", "findings", "narrative")


def mutate_record(c: Chooser, record: dict[str, Any]) -> tuple[Any, list[str]]:
    """An audit record mangled: keys dropped, values replaced by odd ones, unknown cells."""
    rec: Any = dict(record)
    rec["cells"] = dict(record.get("cells") or {})
    done: list[str] = []
    for _ in range(c.integer(1, 6)):
        op = c.integer(0, 9)
        cells = rec.get("cells") if isinstance(rec, dict) else None
        if op == 0 and isinstance(rec, dict):
            key = pick(c, RECORD_KEYS)
            rec.pop(key, None)
            done.append(f"drop {key}")
        elif op == 1 and isinstance(rec, dict):
            key = pick(c, RECORD_KEYS)
            rec[key] = pick(c, ODD_VALUES)
            done.append(f"{key} = {brief(rec[key])}")
        elif op == 2 and isinstance(rec, dict):
            rec["format"] = pick(c, ODD_FORMATS)
            done.append(f"format = {rec['format']!r}")
        elif op == 3 and isinstance(rec, dict):
            rec["year"] = pick(
                c, (0, -1, 1, 2023, 9999, 10000, 10**12, -(10**12), True, 2023.0, "2023")
            )
            done.append(f"year = {rec['year']!r}")
        elif op in (4, 5, 6) and isinstance(cells, dict) and cells:
            cid = pick(c, sorted(cells))
            cells[cid] = pick(c, ODD_VALUES if op == 4 else PLAUSIBLE_VALUES)
            done.append(f"cell {cid} = {brief(cells[cid])}")
        elif op == 7 and isinstance(cells, dict):
            cid = pick(c, ODD_CELLS)
            cells[cid] = pick(c, ODD_VALUES)
            done.append(f"unknown cell {cid[:20]!r}")
        elif op == 8 and isinstance(cells, dict) and cells:
            cid = pick(c, sorted(cells))
            del cells[cid]
            done.append(f"drop cell {cid}")
        elif op == 9 and isinstance(rec, dict):
            rec["narrative"] = pick(
                c,
                (
                    {"sec1": "总体情况"},
                    {"sec1": 5, "sec9": "x", "": None},
                    {"sec5": ["a"]},
                    ["sec1"],
                    "sec1",
                    None,
                ),
            )
            done.append(f"narrative = {brief(rec['narrative'])}")
    if c.integer(0, 15) == 0:
        rec = pick(c, ([rec], "record", 5, None, [], {"cells": rec}))
        done.append(f"record replaced by {type(rec).__name__}")
    return rec, done
