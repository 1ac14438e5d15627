"""The model's shortcuts give what the plain dataclass API gives."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from gongkai.core import AnnualReport, Value, ValueKind, read_report
from gongkai.core.report.model import Finding, Location, Severity
from support import SEED


@pytest.mark.parametrize(
    "args",
    [
        (ValueKind.NUMBER, Decimal("52"), "52", None, 7),
        (ValueKind.NUMBER, Decimal("-7730.28"), "-7730.28万元", "万元", None),
        (ValueKind.BLANK, None, "", None, 3),
        (ValueKind.NOT_APPLICABLE, None, "/", None, 1),
    ],
)
def test_value_read_is_the_value_init_makes(args):
    fast, plain = Value.read(*args), Value(*args)
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert vars(fast) == {f.name: getattr(plain, f.name) for f in dataclasses.fields(Value)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.raw = "changed"  # type: ignore[misc]


def test_terms_are_what_number_worked_out_cell_by_cell():
    report = read_report(SEED)
    for cell, value in report.cells.items():
        if value.kind is ValueKind.NUMBER:
            expected = value.number
        elif cell.endswith((".total", ".le_subtotal")):
            expected = None
        else:
            expected = value.as_sum_term
        assert report.number(cell) == expected, cell
    assert report.number("no.such.cell") is None
    blank_total = dataclasses.replace(
        report,
        cells={
            "apply.new.total": Value(ValueKind.BLANK),
            "apply.new.natural": Value(ValueKind.BLANK),
        },
    )
    assert blank_total.number("apply.new.total") is None
    assert blank_total.number("apply.new.natural") == Decimal(0)
    assert isinstance(blank_total, AnnualReport)


def test_location_and_finding_init_set_every_field_in_the_dataclass_order():
    names = [f.name for f in dataclasses.fields(Location)]
    values = [
        "apply",
        "表三",
        "apply.new",
        "一、本年新收",
        "total",
        "总计",
        "apply.new.total",
        None,
        7,
    ]
    by_position, by_name = Location(*values), Location(**dict(zip(names, values, strict=True)))
    assert by_position == by_name and hash(by_position) == hash(by_name)
    assert list(vars(by_position).items()) == list(zip(names, values, strict=True))
    assert vars(Location()) == dict.fromkeys(names)
    assert Location(line=3).as_dict() == {"line": 3}
    assert repr(Location(cell="a.b")).startswith("Location(table=None, ")
    assert dataclasses.replace(by_name, line=8).line == 8
    with pytest.raises(dataclasses.FrozenInstanceError):
        by_name.line = 9  # type: ignore[misc]
    with pytest.raises(TypeError):
        Location(bogus=1)  # type: ignore[call-arg]

    fields = [f.name for f in dataclasses.fields(Finding)]
    args = ("T3.E001", "R1", Severity.ERROR, by_name, "表三不平", "请核对")
    finding = Finding(*args)
    assert finding == Finding(**dict(zip(fields, args, strict=True)))
    assert list(vars(finding).items()) == list(zip(fields, args, strict=True))
    assert hash(finding) == hash(Finding(*args))
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.hint = "x"  # type: ignore[misc]
