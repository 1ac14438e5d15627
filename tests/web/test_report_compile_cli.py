"""``gongkai report compile``: one unit or every unit as JSON lines that match the audit
result's schema and carry the compiled cells; an unknown unit is an error.

The records and the cells expected of them are in ``report_records`` (the
``report_records`` fixture); every expected cell was worked out by hand.
"""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pytest
from click.testing import CliRunner

from gongkai.cli.main import cli
from gongkai.core import audit_record
from gongkai.web.units.models import Unit
from report_records import CELLS, COUNTY_2024, EDU_2024, R1_R4, SCHEMA, T3_CELLS, compile_2024

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------
# gongkai report compile
# --------------------------------------------------------------------------------------


def _run(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["report", "compile", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    for r in records:
        jsonschema.validate(r, SCHEMA)
    return records


def test_cli_compiles_one_unit(report_records):
    (line,) = _run("--unit", "T-EDU", "--year", "2024")
    assert line["source"] == "gongkai:T-EDU/2024"
    assert (line["format"], line["year"], line["body"]) == ("2021", 2024, "测试县教育局")
    assert line["cells"] == audit_record(*compile_2024(report_records.edu))["cells"]
    assert set(line["cells"]) == set(CELLS)
    for cell in T3_CELLS:
        assert line["cells"][cell] == int(Decimal(EDU_2024.get(cell, 0))), cell
    assert line["cells"]["active.admin_fees.amount_wan"] == 1.2345
    assert not {f["id"] for f in line["findings"]} & R1_R4


def test_cli_compiles_every_unit_one_line_each(report_records):
    lines = _run("--year", "2024")
    assert [r["source"] for r in lines] == [
        f"gongkai:{u.code}/2024" for u in Unit.objects.order_by("path")
    ]
    assert len(lines) == 4
    (subtree,) = _run("--unit", "T", "--subtree", "--year", "2024")
    assert subtree["source"] == "gongkai:T/2024/subtree"
    for cell in T3_CELLS:
        assert subtree["cells"][cell] == COUNTY_2024.get(cell, 0), cell


def test_cli_unknown_unit_is_an_error(report_records):
    result = CliRunner().invoke(cli, ["report", "compile", "--unit", "NOPE", "--year", "2024"])
    assert result.exit_code != 0
    assert "NOPE" in result.output
