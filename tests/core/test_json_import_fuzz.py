"""The JSON import (``report_from_json`` and ``report_from_record``) held to its contract:
for any bytes, and any JSON value, it gives a report or raises ``RecordError`` (a
``ParseError``) naming what is wrong -- never another exception -- and on a report it
gives, the rules, the audit record (strict JSON) and the renderers run.

The inputs are the audit records of the real reports (the seed, the fixture reports),
mutated by ``mutations.mutate_record``: keys dropped, values of the wrong type, huge,
negative, non-finite and fractional numbers, unknown cell ids, wrong format strings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from gongkai.core import AnnualReport, ParseError, audit_record, check, parse_text
from gongkai.core.errors import RecordError
from gongkai.core.report.render import render_html, render_markdown, render_text, render_xlsx
from gongkai.core.report.serialize import report_from_json, report_from_record
from mutations import DrawChooser, brief, mutate_record
from support import FIXTURE_REPORTS, SEED

RECORDS = []
for _path in [SEED, *FIXTURE_REPORTS]:
    _report = parse_text(Path(_path).read_text(encoding="utf-8"), source=Path(_path).name)
    RECORDS.append(audit_record(_report, check(_report)))

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def _dumps(value: Any) -> bytes:
    """JSON text of any value the mutations make, ints of more than 4300 digits included."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(value, default=brief).encode()
    finally:
        sys.set_int_max_str_digits(limit)


def _holds(report: AnnualReport) -> dict[str, Any]:
    """What must run on any report the import gives; returns its audit record."""
    record = audit_record(report, check(report))
    json.dumps(record, ensure_ascii=False, allow_nan=False)  # strict JSON
    render_text(report)
    render_html(report)
    render_markdown(report)
    return record


def _import(record: Any) -> AnnualReport | None:
    try:
        report = report_from_record(record, source="fuzz")
    except RecordError as err:
        assert err.message and err.source == "fuzz" and err.line == 0, repr(err)
        event("RecordError")
        return None
    event("report")
    return report


@st.composite
def mutated_records(draw: Any) -> tuple[Any, list[str]]:
    record = draw(st.sampled_from(RECORDS))
    return mutate_record(DrawChooser(draw), record)


@SETTINGS
@given(case=mutated_records())
def test_mutated_records_give_a_report_or_record_error(case: tuple[Any, list[str]]) -> None:
    record, steps = case
    report = _import(record)
    if report is None:
        return
    back = _holds(report)
    # What is accepted comes back out as it went in: each cell's number, blank as null.
    assert back["cells"] == record["cells"], f"cells changed on the way through ({steps})"
    assert (back["year"], back["body"], back["format"]) == (
        record.get("year"),
        record.get("body"),
        record.get("format"),
    ), steps


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(sorted(RECORDS[0]["cells"])),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(
    record=st.fixed_dictionaries(
        {
            "cells": st.dictionaries(
                st.sampled_from(sorted(RECORDS[0]["cells"])), JSON_VALUES, max_size=8
            )
        },
        optional=dict.fromkeys(("format", "year", "body", "source", "narrative"), JSON_VALUES),
    )
    | JSON_VALUES
)
def test_any_json_value_gives_a_report_or_record_error(record: Any) -> None:
    report = _import(record)
    if report is not None:
        _holds(report)


@SETTINGS
@given(
    data=st.binary(max_size=300)
    | mutated_records().map(lambda c: _dumps(c[0]))
    | st.sampled_from(RECORDS).map(lambda r: json.dumps(r, ensure_ascii=False).encode("gb18030"))
)
@example(data=b"")
@example(data=b"\xff\xfe{}")
@example(data=b'\xef\xbb\xbf{"cells": {}}')
@example(data=b"[" * 100_000)
@example(data=b'{"cells": {"apply.new.np": ' + b"9" * 5000 + b"}}")
@example(data=b'{"cells": {"apply.new.np": NaN}}')
def test_any_bytes_give_a_report_or_record_error(data: bytes) -> None:
    try:
        report = report_from_json(data, source="fuzz.json")
    except RecordError as err:
        assert err.source == "fuzz.json" and err.line >= 0 and err.message, repr(err)
        return
    _holds(report)


# --- The inputs that broke the import, pinned ------------------------------------------------

_CELLS = {"apply.new.np": 1}
BROKE = {
    # float('nan') became Decimal('NaN'): the rules' comparisons raised InvalidOperation
    "nan": {"cells": {"active.normative.in_force": float("nan")}},
    # Decimal('Infinity'): OverflowError in json_number and in the rules' number formatting
    "infinity": {"cells": {"active.rules.issued": float("inf")}},
    # str() of an int of more than 4300 digits raises ValueError
    "huge-int": {"cells": {"apply.new.np": 10**5000}},
    # the audit record came out with a 4301-digit int that json.dumps refused
    "huge-year": {"cells": _CELLS, "year": 10**4300},
    # date(year + 1, …) in the publication deadline: ValueError / OverflowError
    "year-9999": {"cells": _CELLS, "year": 9999},
    "year-negative": {"cells": _CELLS, "year": -(10**12)},
    # body_kind() called .endswith on it
    "body-number": {"cells": _CELLS, "body": 1.5},
    "body-false": {"cells": _CELLS, "body": False},
    # narrative.items() on a string
    "narrative-string": {"cells": _CELLS, "narrative": "sec1"},
    # an id no format has, holding infinity, reached the audit record
    "unknown-cell": {"cells": {"\x00": float("inf")}},
    "not-an-object": [{"cells": _CELLS}],
}


@pytest.mark.parametrize("name", sorted(BROKE))
def test_inputs_that_broke_the_import_raise_record_error(name: str) -> None:
    with pytest.raises(RecordError) as info:
        report_from_record(BROKE[name], source="r.json")
    assert isinstance(info.value, ParseError) and info.value.source == "r.json"


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"cells": {"apply.new.np": "many"}}, ["apply.new.np", "'many'", "not a number"]),
        ({"cells": {"apply.new.xx": 1}}, ["'apply.new.xx'", "not a cell"]),
        ({"cells": {"apply.new.np": float("nan")}}, ["apply.new.np", "nan", "finite"]),
        ({"cells": {"apply.new.np": 10**16}}, ["apply.new.np", "too long"]),
        ({"cells": {"active.admin_fees.amount_wan": 1e-10}}, ["amount_wan", "too long"]),
        ({"cells": {}, "year": 2100}, ['"year"', "1900 to 2099", "2100"]),
        ({"cells": {}, "year": True}, ['"year"', "True"]),
        ({"cells": {}, "format": "2020"}, ['"format"', "'2020'"]),
        ({"cells": {}, "body": ["x"]}, ['"body"', "array"]),
        ({"cells": {}, "narrative": {"sec1": 5}}, ["sec1", "number"]),
        ({"cells": []}, ['"cells"']),
        (5, ["a JSON number, not an object"]),
    ],
)
def test_record_error_names_what_is_wrong(record: Any, words: list[str]) -> None:
    with pytest.raises(RecordError) as info:
        report_from_record(record, source="r.json")
    missing = [w for w in words if w not in str(info.value)]
    assert not missing, f"{info.value} does not say {missing}"


def test_the_records_own_source_must_be_text() -> None:
    """Without a source from the caller, the record's own names the report."""
    with pytest.raises(RecordError, match='"source" must be a string'):
        report_from_record({"cells": _CELLS, "source": 10**5000})
    assert report_from_record({"cells": _CELLS, "source": "a.txt"}).source == "a.txt"


def test_json_errors_carry_the_line() -> None:
    with pytest.raises(RecordError) as info:
        report_from_json(b'{"cells": {},\n\n "year": 20x}', source="r.json")
    assert info.value.line == 3 and "not JSON" in info.value.message
    with pytest.raises(RecordError) as info:
        report_from_json(b'{"cells": {}}\n\xff', source="r.json")
    assert info.value.line == 2 and "UTF-8" in info.value.message


@pytest.mark.parametrize("record", RECORDS[:3], ids=["seed", "fixture-001", "fixture-002"])
def test_real_records_round_trip_and_render(record: dict[str, Any]) -> None:
    report = report_from_json(json.dumps(record, ensure_ascii=False).encode(), source="r.json")
    back = _holds(report)
    assert back["cells"] == record["cells"] and back["year"] == record["year"]
    assert render_xlsx(report)[:2] == b"PK"


def test_mutating_records_leaves_the_odd_values_as_they_were():
    """A mutation that sets the cells to one of the odd values and then drops a cell must
    change a copy: a changed table makes Hypothesis draw differently for the same input
    (FlakyStrategyDefinition) and every later input meet other values."""
    import mutations

    odd = next(i for i, v in enumerate(mutations.ODD_VALUES) if v == {"a": 1})

    class Scripted:
        """The choices: two steps; cells = {"a": 1}; drop cell "a"; keep the record."""

        def __init__(self) -> None:
            self.script = iter([2, 1, mutations.RECORD_KEYS.index("cells"), odd, 8, 0, 1])

        def integer(self, lo: int, hi: int) -> int:
            return next(self.script)

    mutated, done = mutate_record(Scripted(), RECORDS[0])
    assert done == ["cells = {'a': 1}", "drop cell a"] and mutated["cells"] == {}
    assert mutations.ODD_VALUES[odd] == {"a": 1}
