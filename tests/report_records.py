"""The records an annual report is compiled from, and the cells worked out from them.

The records (:func:`make_records`; the ``report_records`` fixture of tests/web) are a
handful of applications, catalogue documents, Table 2 counts and cases made with the real
services; every expected cell below was worked out by hand from the list in
:func:`make_records`' docstring (spec §4 "Generating reports from case data").
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from gongkai.core.report.formats import APPLICANT_COLUMNS, FORMATS, Version
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Appeal, Application
from gongkai.web.proactive.models import ActiveCounts, CatalogueItem, DocKind, ItemStatus
from gongkai.web.reports.models import Scope
from gongkai.web.reports.services import report_compile, report_version_current

D = date
ROOT = Path(__file__).resolve().parents[1]
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


def reply(app, on, outcome, actor):
    return apps.application_reply(
        application=app,
        on=on,
        outcome=outcome,
        legal_basis="《中华人民共和国政府信息公开条例》",
        service_method="direct",
        actor=actor,
        as_of=on,
    )


def catalogue_item(
    unit, n, kind, *, issued=None, repealed=None, published=None, status="published"
):
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


def make_records(county, register) -> SimpleNamespace:
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
    reply(a1, D(2023, 3, 10), "apply.result.grant", c.clerk_edu)
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

    reply(a2, D(2024, 1, 10), "apply.result.partial", c.clerk_edu)
    a4 = reg(D(2024, 2, 20), "np")
    reply(a4, D(2024, 3, 1), "apply.result.deny.third_party", c.clerk_edu)
    a5 = reg(D(2024, 5, 6), "le_law")
    reply(a5, D(2024, 5, 20), "apply.result.unable.not_held", c.clerk_edu)
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
    reply(b2, D(2024, 4, 15), "apply.result.grant", c.clerk_env)
    b3 = reg(D(2024, 7, 1), "le_oth")
    b3 = apps.application_transfer(
        application=b3, to_unit=env, on=D(2024, 7, 3), actor=c.clerk_edu, as_of=D(2024, 7, 3)
    )
    reply(b3, D(2024, 7, 10), "apply.result.reject.duplicate", c.clerk_env)
    reply(b1, D(2025, 1, 6), "apply.result.reject.petition", c.clerk_env)

    catalogue_item(edu, 1, DocKind.NORMATIVE, issued=D(2022, 5, 1), repealed=D(2024, 6, 30))
    catalogue_item(edu, 2, DocKind.NORMATIVE, issued=D(2023, 1, 10))
    catalogue_item(edu, 3, DocKind.NORMATIVE, issued=D(2024, 3, 1))
    catalogue_item(edu, 4, DocKind.RULES, issued=D(2024, 4, 1))
    catalogue_item(edu, 5, DocKind.NORMATIVE, issued=D(2024, 9, 1), status=ItemStatus.REVIEWED)
    catalogue_item(edu, 6, DocKind.ORDINARY, published=D(2024, 1, 15))
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
# Table 3 of each unit and year (and of the county's subtree), by hand from the records
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


def compile_2024(unit):
    """The unit's 2024 report and findings, compiled for its current version."""
    compiled = report_compile(
        unit=unit,
        year=2024,
        version=report_version_current(unit=unit, year=2024, scope=Scope.UNIT),
    )
    return compiled.report, compiled.findings
