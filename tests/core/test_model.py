"""The model's shortcuts give what the plain dataclass API gives."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from gongkai.core import AnnualReport, Value, ValueKind, read_report
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
