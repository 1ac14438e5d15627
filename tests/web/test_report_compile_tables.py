"""The annual report's tables compiled from the records (spec §4 "Generating reports
from case data"): Table 3 per unit, year and subtree, carried-in and carried-out
applications, units without data, and Tables 2 and 4.

The records and the cells expected of them are in ``report_records`` (the
``report_records`` fixture); every expected cell was worked out by hand.
"""

from __future__ import annotations

import pytest

from gongkai.web.applications import services as apps
from gongkai.web.reports.services import ReportError, report_compile
from gongkai.web.units.models import Unit
from report_records import (
    CELLS,
    COLUMNS,
    COUNTY_2024,
    EDU_2023,
    EDU_2024,
    EDU_2025,
    ENV_2023,
    ENV_2024,
    ENV_2025,
    R1_R4,
    T2_CELLS,
    T3_CELLS,
    T4_CELLS,
    D,
    assert_cells,
    numbers,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------
# Table 3
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "year", "subtree", "expected"),
    [
        ("T-EDU", 2023, False, EDU_2023),
        ("T-EDU", 2024, False, EDU_2024),
        ("T-EDU", 2025, False, EDU_2025),
        ("T-ENV", 2023, False, ENV_2023),
        ("T-ENV", 2024, False, ENV_2024),
        ("T-ENV", 2025, False, ENV_2025),
        ("T", 2024, False, {}),
        ("T-TOWN", 2024, False, {}),
        ("T", 2024, True, COUNTY_2024),
    ],
)
def test_table3_cells(report_records, code, year, subtree, expected):
    compiled = report_compile(unit=Unit.objects.get(code=code), year=year, subtree=subtree)
    assert_cells(compiled, T3_CELLS, expected)
    assert {f.id for f in compiled.findings} & R1_R4 == set()
    assert [f.id for f in compiled.findings if f.severity == "error"] == []


def test_carried_in_equals_last_years_carried_out(report_records):
    for unit, subtree in [(u, False) for u in Unit.objects.all()] + [(report_records.gov, True)]:
        for year in (2024, 2025):
            this = numbers(report_compile(unit=unit, year=year, subtree=subtree))
            last = numbers(report_compile(unit=unit, year=year - 1, subtree=subtree))
            for c in COLUMNS:
                assert this[f"apply.carried_in.{c}"] == last[f"apply.carried_out.{c}"], (
                    unit.code,
                    year,
                    c,
                )


def test_the_subtree_is_the_sum_of_its_units_cell_by_cell(report_records):
    units = list(Unit.objects.filter(path__startswith=report_records.gov.path))
    assert len(units) == 4
    for year in (2023, 2024, 2025):
        rollup = numbers(report_compile(unit=report_records.gov, year=year, subtree=True))
        parts = [numbers(report_compile(unit=u, year=year)) for u in units]
        assert set(rollup) == set(CELLS)
        for cell in CELLS:
            assert rollup[cell] == sum(p[cell] for p in parts), (year, cell)


def test_units_without_data(report_records):
    gov, edu, env, town = (
        report_records.gov,
        report_records.edu,
        report_records.env,
        report_records.town,
    )
    members = list(Unit.objects.filter(path__startswith=gov.path).order_by("path"))
    for year in (2023, 2024, 2025):
        compiled = report_compile(unit=gov, year=year, subtree=True)
        assert compiled.units == members
        assert set(compiled.units_without_data) == {gov, town}, year
    assert report_compile(unit=edu, year=2024).units_without_data == []
    assert report_compile(unit=town, year=2024).units_without_data == [town]
    # 2022: only edu's normative document published that year.
    assert set(report_compile(unit=gov, year=2022, subtree=True).units_without_data) == {
        gov,
        env,
        town,
    }
    # 2026: only edu's a6, still open.
    assert set(report_compile(unit=gov, year=2026, subtree=True).units_without_data) == {
        gov,
        env,
        town,
    }


def test_an_unconfirmed_application_counts_from_its_confirmation(report_records):
    edu = report_records.edu
    before = numbers(report_compile(unit=edu, year=2025))
    apps.application_confirm_receipt(
        application=report_records.a7,
        on=D(2025, 1, 2),
        actor=report_records.clerk_edu,
        as_of=D(2025, 1, 2),
    )
    after = numbers(report_compile(unit=edu, year=2025))
    assert after["apply.new.np"] == before["apply.new.np"] + 1
    assert after["apply.carried_out.np"] == before["apply.carried_out.np"] + 1
    assert numbers(report_compile(unit=edu, year=2024))["apply.new.total"] == 4


# --------------------------------------------------------------------------------------
# Tables 2 and 4
# --------------------------------------------------------------------------------------


def test_table2_from_catalogue_and_counts(report_records):
    edu_2024 = {
        "active.normative.issued": 1,  # 2024-03-01 (the 2024-09-01 one is not published)
        "active.normative.repealed": 1,  # the 2022 one, repealed 2024-06-30
        "active.normative.in_force": 2,  # 2023-01-10, 2024-03-01
        "active.rules.issued": 1,
        "active.rules.in_force": 1,
        "active.licensing.decisions": 120,
        "active.penalty.decisions": 30,
        "active.coercion.decisions": 2,
        "active.admin_fees.amount_wan": "1.2345",
    }
    assert_cells(report_compile(unit=report_records.edu, year=2024), T2_CELLS, edu_2024)
    edu_2023 = {
        "active.normative.issued": 1,  # 2023-01-10
        "active.normative.in_force": 2,  # 2022-05-01, 2023-01-10
    }
    assert_cells(report_compile(unit=report_records.edu, year=2023), T2_CELLS, edu_2023)
    assert_cells(
        report_compile(unit=report_records.env, year=2024),
        T2_CELLS,
        {"active.licensing.decisions": 5, "active.admin_fees.amount_wan": "0.5"},
    )
    assert_cells(
        report_compile(unit=report_records.gov, year=2024, subtree=True),
        T2_CELLS,
        {**edu_2024, "active.licensing.decisions": 125, "active.admin_fees.amount_wan": "1.7345"},
    )


def test_table4_counts_cases_filed_in_the_year_by_their_result_on_31_december(report_records):
    edu_2024 = {
        "review.upheld": 1,  # filed 03-20, decided 06-01
        "review.pending": 1,  # filed 05-10, decided only in 2025: 尚未审结 on 31 Dec
        "review.total": 2,  # (the case filed in 2023 is not counted in 2024)
        "lit_direct.pending": 1,
        "lit_direct.total": 1,
        "lit_after_review.other": 1,  # decided on 31 December itself
        "lit_after_review.total": 1,
    }
    compiled = report_compile(unit=report_records.edu, year=2024)
    assert_cells(compiled, T4_CELLS, edu_2024)
    assert {f.id for f in compiled.findings} & R1_R4 == set()
    assert_cells(
        report_compile(unit=report_records.edu, year=2023),
        T4_CELLS,
        {"review.pending": 1, "review.total": 1},  # decided 2024-02-01
    )
    assert_cells(report_compile(unit=report_records.edu, year=2025), T4_CELLS, {})
    assert_cells(
        report_compile(unit=report_records.gov, year=2024, subtree=True),
        T4_CELLS,
        {**edu_2024, "review.upheld": 2, "review.total": 3},
    )


def test_years_before_the_2021_format_are_refused(report_records):
    with pytest.raises(ReportError):
        report_compile(unit=report_records.edu, year=2020)
