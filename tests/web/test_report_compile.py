"""The annual report compiled from the records (spec §4 "Generating reports from case
data"), its workflow, and ``gongkai report compile``.

The records are a handful of applications, catalogue documents, Table 2 counts and
cases made with the real services; every expected cell below was worked out by hand
from the list in :func:`records`' docstring.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
from click.testing import CliRunner

from gongkai.cli.main import cli
from gongkai.core import audit_record
from gongkai.core.report.formats import APPLICANT_COLUMNS, FORMATS, Version
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Appeal, Application
from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive.models import ActiveCounts, CatalogueItem, DocKind, ItemStatus
from gongkai.web.reports.models import ReportStatus, ReportVersion, Scope
from gongkai.web.reports.services import (
    E_FROZEN,
    E_NOT_LATEST,
    E_REASON,
    E_STATE,
    ReportError,
    report_approve,
    report_compile,
    report_new_version,
    report_publish,
    report_return,
    report_save_narrative,
    report_submit,
    report_version_current,
    report_version_open,
)
from gongkai.web.units.models import Unit

pytestmark = pytest.mark.django_db

D = date
ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "audit-result.schema.json").read_text())
CELLS = FORMATS[Version.V2021].cells
T3_CELLS = [c for c in CELLS if c.startswith("apply.")]
T2_CELLS = [c for c in CELLS if c.startswith("active.")]
T4_CELLS = [c for c in CELLS if c.startswith(("review.", "lit_direct.", "lit_after_review."))]
COLUMNS = (*APPLICANT_COLUMNS, "total")
R1_R4 = {"T3.E001", "T3.E002", "T3.E003", "T4.E001"}


# --------------------------------------------------------------------------------------
# The records
# --------------------------------------------------------------------------------------


def _reply(app, on, outcome, actor):
    return apps.application_reply(
        application=app,
        on=on,
        outcome=outcome,
        legal_basis="《中华人民共和国政府信息公开条例》",
        service_method="direct",
        actor=actor,
        as_of=on,
    )


def _doc(unit, n, kind, *, issued=None, repealed=None, published=None, status="published"):
    return CatalogueItem.objects.create(
        unit=unit,
        index_no=f"{unit.code}/{n:05d}",
        publisher=unit.name,
        title=f"文件{n}",
        topic=1 if kind != DocKind.ORDINARY else 7,
        kind=kind,
        issued_on=issued,
        repealed_on=repealed,
        published_on=published or issued,
        status=status,
        secrecy_reviewed=status == ItemStatus.PUBLISHED,
    )


@pytest.fixture
def records(county, register) -> SimpleNamespace:
    """教育局 (edu):
      a1 np      in person 2023-03-01, reply 2023-03-10 grant
      a2 le_com  in person 2023-12-20, reply 2024-01-10 partial       (carried 2023 → 2024)
      a3 np      in person 2023-11-06, 补正 11-08 (deadline 11-20), lapsed 11-21 → no_correction
      a4 np      in person 2024-02-20, reply 2024-03-01 deny.third_party
      a5 le_law  in person 2024-05-06, reply 2024-05-20 unable.not_held
      a6 np      in person 2024-12-16, still open                     (carried 2024 → 2025)
      a7 np      online, made 2024-12-30, receipt never confirmed     (counted nowhere)
      a8 le_res  in person 2024-06-03, fee notice 06-05 (deadline 07-03), lapsed 07-04 → fee_unpaid
    生态环境局 (env):
      b1 le_soc  in person 2023-12-25, reply 2025-01-06 reject.petition (open all of 2024)
      b2 np      in person 2024-04-08, reply 2024-04-15 grant
      b3 le_oth  in person at edu 2024-07-01, transferred to env 07-03, reply 07-10 reject.duplicate
    The county government (gov) and the township (town) have no records at all.

    Catalogue (edu): normative in force 2022-05-01, repealed 2024-06-30; normative 2023-01-10;
      normative 2024-03-01; rules 2024-04-01; a normative 2024-09-01 not yet published
      (reviewed); an ordinary document published 2024-01-15.
    Table 2 counts 2024: edu 120/30/2 and 1.2345 万元; env 5/0/0 and 0.5 万元.
    Cases: edu review filed 2023-11-01 decided 2024-02-01 corrected; edu review filed
      2024-03-20 decided 2024-06-01 upheld; edu review filed 2024-05-10 decided 2025-02-01
      corrected; edu lit_direct filed 2024-08-01 undecided; edu lit_after_review filed
      2024-09-01 decided 2024-12-31 other; env review filed 2024-10-10 decided 2024-11-11 upheld.
    """
    c = county
    edu, env = c.edu, c.env

    def reg(received, category, unit=edu, actor=c.clerk_edu, **kw):
        return register(
            unit=unit,
            category=category,
            submitted_on=received,
            actor=actor,
            as_of=received,
            **kw,
        )

    a1 = reg(D(2023, 3, 1), "np")
    _reply(a1, D(2023, 3, 10), "apply.result.grant", c.clerk_edu)
    a2 = reg(D(2023, 12, 20), "le_com", applicant_name="示例建材有限公司", id_number="")
    a3 = reg(D(2023, 11, 6), "np")
    a3 = apps.application_correction_notice(
        application=a3,
        on=D(2023, 11, 8),
        deadline=D(2023, 11, 20),
        actor=c.clerk_edu,
        as_of=D(2023, 11, 8),
    )
    apps.application_correction_lapsed(
        application=a3, on=D(2023, 11, 21), actor=c.clerk_edu, as_of=D(2023, 11, 21)
    )
    b1 = reg(D(2023, 12, 25), "le_soc", unit=env, actor=c.clerk_env)

    _reply(a2, D(2024, 1, 10), "apply.result.partial", c.clerk_edu)
    a4 = reg(D(2024, 2, 20), "np")
    _reply(a4, D(2024, 3, 1), "apply.result.deny.third_party", c.clerk_edu)
    a5 = reg(D(2024, 5, 6), "le_law")
    _reply(a5, D(2024, 5, 20), "apply.result.unable.not_held", c.clerk_edu)
    a6 = reg(D(2024, 12, 16), "np")
    a7 = register(channel="online", submitted_on=D(2024, 12, 30), as_of=D(2024, 12, 30))
    a8 = reg(D(2024, 6, 3), "le_res")
    a8 = apps.application_fee_notice(
        application=a8,
        on=D(2024, 6, 5),
        deadline=D(2024, 7, 3),
        amount_yuan=100,
        actor=c.clerk_edu,
        as_of=D(2024, 6, 5),
    )
    apps.application_fee_lapsed(
        application=a8, on=D(2024, 7, 4), actor=c.clerk_edu, as_of=D(2024, 7, 4)
    )
    b2 = reg(D(2024, 4, 8), "np", unit=env, actor=c.clerk_env)
    _reply(b2, D(2024, 4, 15), "apply.result.grant", c.clerk_env)
    b3 = reg(D(2024, 7, 1), "le_oth")
    b3 = apps.application_transfer(
        application=b3, to_unit=env, on=D(2024, 7, 3), actor=c.clerk_edu, as_of=D(2024, 7, 3)
    )
    _reply(b3, D(2024, 7, 10), "apply.result.reject.duplicate", c.clerk_env)
    _reply(b1, D(2025, 1, 6), "apply.result.reject.petition", c.clerk_env)

    _doc(edu, 1, DocKind.NORMATIVE, issued=D(2022, 5, 1), repealed=D(2024, 6, 30))
    _doc(edu, 2, DocKind.NORMATIVE, issued=D(2023, 1, 10))
    _doc(edu, 3, DocKind.NORMATIVE, issued=D(2024, 3, 1))
    _doc(edu, 4, DocKind.RULES, issued=D(2024, 4, 1))
    _doc(edu, 5, DocKind.NORMATIVE, issued=D(2024, 9, 1), status=ItemStatus.REVIEWED)
    _doc(edu, 6, DocKind.ORDINARY, published=D(2024, 1, 15))
    ActiveCounts.objects.create(
        unit=edu, year=2024, licensing=120, penalty=30, coercion=2, fees_wan=Decimal("1.2345")
    )
    ActiveCounts.objects.create(
        unit=env, year=2024, licensing=5, penalty=0, coercion=0, fees_wan=Decimal("0.5")
    )

    def case(unit, kind, filed, decided=None, result="pending"):
        Appeal.objects.create(
            unit=unit, kind=kind, filed_on=filed, decided_on=decided, result=result
        )

    case(edu, "review", D(2023, 11, 1), D(2024, 2, 1), "corrected")
    case(edu, "review", D(2024, 3, 20), D(2024, 6, 1), "upheld")
    case(edu, "review", D(2024, 5, 10), D(2025, 2, 1), "corrected")
    case(edu, "lit_direct", D(2024, 8, 1))
    case(edu, "lit_after_review", D(2024, 9, 1), D(2024, 12, 31), "other")
    case(env, "review", D(2024, 10, 10), D(2024, 11, 11), "upheld")

    assert Application.objects.get(pk=a7.pk).received_on is None
    return SimpleNamespace(**vars(c), a6=a6, a7=a7, b1=b1)


def numbers(compiled) -> dict[str, Decimal]:
    return {cell: v.number for cell, v in compiled.report.cells.items()}


def assert_cells(compiled, cells: list[str], nonzero: dict[str, int | str]) -> None:
    """Each of ``cells`` is the hand-worked value in ``nonzero``, or 0."""
    got = numbers(compiled)
    assert set(nonzero) <= set(cells)
    wrong = {
        c: (got[c], Decimal(nonzero.get(c, 0)))
        for c in cells
        if got[c] != Decimal(nonzero.get(c, 0))
    }
    assert wrong == {}


# --------------------------------------------------------------------------------------
# Table 3
# --------------------------------------------------------------------------------------

EDU_2023 = {
    "apply.new.np": 2,  # a1, a3
    "apply.new.le_com": 1,  # a2
    "apply.new.total": 3,
    "apply.result.grant.np": 1,  # a1
    "apply.result.grant.total": 1,
    "apply.result.other.no_correction.np": 1,  # a3
    "apply.result.other.no_correction.total": 1,
    "apply.result.total.np": 2,
    "apply.result.total.total": 2,
    "apply.carried_out.le_com": 1,  # a2
    "apply.carried_out.total": 1,
}
EDU_2024 = {
    "apply.new.np": 2,  # a4, a6 (a7 was never confirmed)
    "apply.new.le_res": 1,  # a8
    "apply.new.le_law": 1,  # a5 (b3 went to env)
    "apply.new.total": 4,
    "apply.carried_in.le_com": 1,  # a2
    "apply.carried_in.total": 1,
    "apply.result.partial.le_com": 1,  # a2, decided in 2024
    "apply.result.partial.total": 1,
    "apply.result.deny.third_party.np": 1,  # a4
    "apply.result.deny.third_party.total": 1,
    "apply.result.unable.not_held.le_law": 1,  # a5
    "apply.result.unable.not_held.total": 1,
    "apply.result.other.fee_unpaid.le_res": 1,  # a8
    "apply.result.other.fee_unpaid.total": 1,
    "apply.result.total.np": 1,
    "apply.result.total.le_com": 1,
    "apply.result.total.le_res": 1,
    "apply.result.total.le_law": 1,
    "apply.result.total.total": 4,
    "apply.carried_out.np": 1,  # a6
    "apply.carried_out.total": 1,
}
EDU_2025 = {
    "apply.carried_in.np": 1,  # a6
    "apply.carried_in.total": 1,
    "apply.carried_out.np": 1,
    "apply.carried_out.total": 1,
}
ENV_2023 = {
    "apply.new.le_soc": 1,  # b1
    "apply.new.total": 1,
    "apply.carried_out.le_soc": 1,
    "apply.carried_out.total": 1,
}
ENV_2024 = {
    "apply.new.np": 1,  # b2
    "apply.new.le_oth": 1,  # b3, transferred in
    "apply.new.total": 2,
    "apply.carried_in.le_soc": 1,  # b1
    "apply.carried_in.total": 1,
    "apply.result.grant.np": 1,
    "apply.result.grant.total": 1,
    "apply.result.reject.duplicate.le_oth": 1,
    "apply.result.reject.duplicate.total": 1,
    "apply.result.total.np": 1,
    "apply.result.total.le_oth": 1,
    "apply.result.total.total": 2,
    "apply.carried_out.le_soc": 1,  # b1, replied only in 2025
    "apply.carried_out.total": 1,
}
ENV_2025 = {
    "apply.carried_in.le_soc": 1,
    "apply.carried_in.total": 1,
    "apply.result.reject.petition.le_soc": 1,
    "apply.result.reject.petition.total": 1,
    "apply.result.total.le_soc": 1,
    "apply.result.total.total": 1,
}
COUNTY_2024 = {
    "apply.new.np": 3,
    "apply.new.le_res": 1,
    "apply.new.le_law": 1,
    "apply.new.le_oth": 1,
    "apply.new.total": 6,
    "apply.carried_in.le_com": 1,
    "apply.carried_in.le_soc": 1,
    "apply.carried_in.total": 2,
    "apply.result.grant.np": 1,
    "apply.result.grant.total": 1,
    "apply.result.partial.le_com": 1,
    "apply.result.partial.total": 1,
    "apply.result.deny.third_party.np": 1,
    "apply.result.deny.third_party.total": 1,
    "apply.result.unable.not_held.le_law": 1,
    "apply.result.unable.not_held.total": 1,
    "apply.result.reject.duplicate.le_oth": 1,
    "apply.result.reject.duplicate.total": 1,
    "apply.result.other.fee_unpaid.le_res": 1,
    "apply.result.other.fee_unpaid.total": 1,
    "apply.result.total.np": 2,
    "apply.result.total.le_com": 1,
    "apply.result.total.le_res": 1,
    "apply.result.total.le_law": 1,
    "apply.result.total.le_oth": 1,
    "apply.result.total.total": 6,
    "apply.carried_out.np": 1,
    "apply.carried_out.le_soc": 1,
    "apply.carried_out.total": 2,
}


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
def test_table3_cells(records, code, year, subtree, expected):
    compiled = report_compile(unit=Unit.objects.get(code=code), year=year, subtree=subtree)
    assert_cells(compiled, T3_CELLS, expected)
    assert {f.id for f in compiled.findings} & R1_R4 == set()
    assert [f.id for f in compiled.findings if f.severity == "error"] == []


def test_carried_in_equals_last_years_carried_out(records):
    for unit, subtree in [(u, False) for u in Unit.objects.all()] + [(records.gov, True)]:
        for year in (2024, 2025):
            this = numbers(report_compile(unit=unit, year=year, subtree=subtree))
            last = numbers(report_compile(unit=unit, year=year - 1, subtree=subtree))
            for c in COLUMNS:
                assert this[f"apply.carried_in.{c}"] == last[f"apply.carried_out.{c}"], (
                    unit.code,
                    year,
                    c,
                )


def test_the_subtree_is_the_sum_of_its_units_cell_by_cell(records):
    units = list(Unit.objects.filter(path__startswith=records.gov.path))
    assert len(units) == 4
    for year in (2023, 2024, 2025):
        rollup = numbers(report_compile(unit=records.gov, year=year, subtree=True))
        parts = [numbers(report_compile(unit=u, year=year)) for u in units]
        assert set(rollup) == set(CELLS)
        for cell in CELLS:
            assert rollup[cell] == sum(p[cell] for p in parts), (year, cell)


def test_units_without_data(records):
    gov, edu, env, town = records.gov, records.edu, records.env, records.town
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


def test_an_unconfirmed_application_counts_from_its_confirmation(records):
    edu = records.edu
    before = numbers(report_compile(unit=edu, year=2025))
    apps.application_confirm_receipt(
        application=records.a7, on=D(2025, 1, 2), actor=records.clerk_edu, as_of=D(2025, 1, 2)
    )
    after = numbers(report_compile(unit=edu, year=2025))
    assert after["apply.new.np"] == before["apply.new.np"] + 1
    assert after["apply.carried_out.np"] == before["apply.carried_out.np"] + 1
    assert numbers(report_compile(unit=edu, year=2024))["apply.new.total"] == 4


# --------------------------------------------------------------------------------------
# Tables 2 and 4
# --------------------------------------------------------------------------------------


def test_table2_from_catalogue_and_counts(records):
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
    assert_cells(report_compile(unit=records.edu, year=2024), T2_CELLS, edu_2024)
    edu_2023 = {
        "active.normative.issued": 1,  # 2023-01-10
        "active.normative.in_force": 2,  # 2022-05-01, 2023-01-10
    }
    assert_cells(report_compile(unit=records.edu, year=2023), T2_CELLS, edu_2023)
    assert_cells(
        report_compile(unit=records.env, year=2024),
        T2_CELLS,
        {"active.licensing.decisions": 5, "active.admin_fees.amount_wan": "0.5"},
    )
    assert_cells(
        report_compile(unit=records.gov, year=2024, subtree=True),
        T2_CELLS,
        {**edu_2024, "active.licensing.decisions": 125, "active.admin_fees.amount_wan": "1.7345"},
    )


def test_table4_counts_cases_filed_in_the_year_by_their_result_on_31_december(records):
    edu_2024 = {
        "review.upheld": 1,  # filed 03-20, decided 06-01
        "review.pending": 1,  # filed 05-10, decided only in 2025: 尚未审结 on 31 Dec
        "review.total": 2,  # (the case filed in 2023 is not counted in 2024)
        "lit_direct.pending": 1,
        "lit_direct.total": 1,
        "lit_after_review.other": 1,  # decided on 31 December itself
        "lit_after_review.total": 1,
    }
    compiled = report_compile(unit=records.edu, year=2024)
    assert_cells(compiled, T4_CELLS, edu_2024)
    assert {f.id for f in compiled.findings} & R1_R4 == set()
    assert_cells(
        report_compile(unit=records.edu, year=2023),
        T4_CELLS,
        {"review.pending": 1, "review.total": 1},  # decided 2024-02-01
    )
    assert_cells(report_compile(unit=records.edu, year=2025), T4_CELLS, {})
    assert_cells(
        report_compile(unit=records.gov, year=2024, subtree=True),
        T4_CELLS,
        {**edu_2024, "review.upheld": 2, "review.total": 3},
    )


def test_years_before_the_2021_format_are_refused(records):
    with pytest.raises(ReportError):
        report_compile(unit=records.edu, year=2020)


# --------------------------------------------------------------------------------------
# Workflow
# --------------------------------------------------------------------------------------


def _actions(version: ReportVersion) -> list[str]:
    return list(
        AuditLog.objects.filter(object_type="reports.reportversion", object_id=str(version.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_workflow_draft_submit_return_approve_publish_freezes(records):
    edu, clerk, reviewer = records.edu, records.clerk_edu, records.reviewer_edu
    v = report_version_open(unit=edu, year=2024, scope=Scope.UNIT, actor=clerk)
    assert (v.number, v.status) == (1, ReportStatus.DRAFT)
    assert report_version_open(unit=edu, year=2024, scope=Scope.UNIT, actor=clerk).pk == v.pk
    v = report_save_narrative(
        version=v, sec1="本年度共收到申请4件。", sec5="问题", sec6="无", actor=clerk
    )
    v = report_submit(version=v, actor=clerk)
    assert v.status == ReportStatus.SUBMITTED
    with pytest.raises(ReportError) as info:
        report_save_narrative(version=v, sec1="改", sec5="", sec6="", actor=clerk)
    assert info.value.message == str(E_STATE).format(status=ReportStatus.SUBMITTED.label)
    for reason in ("", "   "):
        with pytest.raises(ReportError) as info:
            report_return(version=v, reason=reason, actor=reviewer)
        assert info.value.message == str(E_REASON)
    assert ReportVersion.objects.get(pk=v.pk).status == ReportStatus.SUBMITTED
    with pytest.raises(ReportError):
        report_publish(version=v, actor=reviewer)  # not approved yet

    v = report_return(version=v, reason="第一部分数字与表三不一致", actor=reviewer)
    assert (v.status, v.return_reason) == (ReportStatus.RETURNED, "第一部分数字与表三不一致")
    v = report_save_narrative(
        version=v, sec1="本年度新收申请4件，办结4件。", sec5="问题", sec6="无", actor=clerk
    )
    v = report_submit(version=v, actor=clerk)
    assert (v.status, v.return_reason) == (ReportStatus.SUBMITTED, "")
    v = report_approve(version=v, actor=reviewer)
    assert v.status == ReportStatus.APPROVED
    compiled_then = audit_record(*_compiled(edu))
    v = report_publish(version=v, actor=reviewer)
    v = ReportVersion.objects.get(pk=v.pk)
    assert v.status == ReportStatus.PUBLISHED
    assert v.published_at is not None
    assert v.snapshot["cells"] == compiled_then["cells"]
    assert v.snapshot["cells"]["apply.carried_out.np"] == 1
    assert v.snapshot["narrative"]["sec1"] == "本年度新收申请4件，办结4件。"

    # Frozen: the narrative cannot change …
    with pytest.raises(ReportError) as info:
        report_save_narrative(version=v, sec1="改", sec5="", sec6="", actor=clerk)
    assert info.value.message == str(E_FROZEN)
    assert ReportVersion.objects.get(pk=v.pk).sec1 == "本年度新收申请4件，办结4件。"
    # … and a later change of the records leaves the published cells alone.
    _reply(records.a6, D(2024, 12, 20), "apply.result.grant", clerk)
    assert numbers(report_compile(unit=edu, year=2024))["apply.carried_out.np"] == 0
    assert ReportVersion.objects.get(pk=v.pk).snapshot["cells"] == compiled_then["cells"]

    assert _actions(v) == [
        "report.create",
        "report.edit",
        "report.submitted",
        "report.returned",
        "report.edit",
        "report.submitted",
        "report.approved",
        "report.published",
    ]


def _compiled(unit):
    compiled = report_compile(
        unit=unit,
        year=2024,
        version=report_version_current(unit=unit, year=2024, scope=Scope.UNIT),
    )
    return compiled.report, compiled.findings


def test_new_version_needs_a_reason_and_starts_a_draft(records):
    edu, clerk, reviewer = records.edu, records.clerk_edu, records.reviewer_edu
    v = report_version_open(unit=edu, year=2024, scope=Scope.UNIT, actor=clerk)
    v = report_save_narrative(version=v, sec1="一", sec5="五", sec6="六", actor=clerk)
    with pytest.raises(ReportError) as info:
        report_new_version(version=v, reason="更正", actor=clerk)  # a draft is simply edited
    assert info.value.message == str(E_STATE).format(status=ReportStatus.DRAFT.label)
    v = report_publish(
        version=report_approve(version=report_submit(version=v, actor=clerk), actor=reviewer),
        actor=reviewer,
    )
    for reason in ("", "  "):
        with pytest.raises(ReportError) as info:
            report_new_version(version=v, reason=reason, actor=clerk)
        assert info.value.message == str(E_REASON)
    assert ReportVersion.objects.filter(unit=edu, year=2024).count() == 1

    new = report_new_version(version=v, reason="更正表三数据", actor=clerk)
    assert (new.number, new.status, new.change_reason) == (2, ReportStatus.DRAFT, "更正表三数据")
    assert (new.sec1, new.sec5, new.sec6) == ("一", "五", "六")
    assert new.snapshot is None
    assert report_version_current(unit=edu, year=2024, scope=Scope.UNIT).pk == new.pk
    assert ReportVersion.objects.get(pk=v.pk).status == ReportStatus.PUBLISHED
    assert _actions(new) == ["report.new_version"]
    report_save_narrative(version=new, sec1="一（更正）", sec5="五", sec6="六", actor=clerk)

    # Only the latest version can be the start of another: a second request made from
    # version 1 (a double click, a stale page) is refused, and nothing is made.
    with pytest.raises(ReportError) as info:
        report_new_version(version=v, reason="再次更正", actor=clerk)
    assert info.value.message == str(E_NOT_LATEST)
    assert sorted(
        ReportVersion.objects.filter(unit=edu, year=2024).values_list("number", flat=True)
    ) == [1, 2]


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


def test_cli_compiles_one_unit(records):
    (line,) = _run("--unit", "T-EDU", "--year", "2024")
    assert line["source"] == "gongkai:T-EDU/2024"
    assert (line["format"], line["year"], line["body"]) == ("2021", 2024, "测试县教育局")
    assert line["cells"] == audit_record(*_compiled(records.edu))["cells"]
    assert set(line["cells"]) == set(CELLS)
    for cell in T3_CELLS:
        assert line["cells"][cell] == int(Decimal(EDU_2024.get(cell, 0))), cell
    assert line["cells"]["active.admin_fees.amount_wan"] == 1.2345
    assert not {f["id"] for f in line["findings"]} & R1_R4


def test_cli_compiles_every_unit_one_line_each(records):
    lines = _run("--year", "2024")
    assert [r["source"] for r in lines] == [
        f"gongkai:{u.code}/2024" for u in Unit.objects.order_by("path")
    ]
    assert len(lines) == 4
    (subtree,) = _run("--unit", "T", "--subtree", "--year", "2024")
    assert subtree["source"] == "gongkai:T/2024/subtree"
    for cell in T3_CELLS:
        assert subtree["cells"][cell] == COUNTY_2024.get(cell, 0), cell


def test_cli_unknown_unit_is_an_error(records):
    result = CliRunner().invoke(cli, ["report", "compile", "--unit", "NOPE", "--year", "2024"])
    assert result.exit_code != 0
    assert "NOPE" in result.output
