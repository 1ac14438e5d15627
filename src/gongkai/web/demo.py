"""The demo county (示例县): fictional units, staff and realistic records.

Everything is made through the same services staff use, so the demo's data obeys
the same rules (deadlines, one outcome per application, audit log). Deterministic:
the same seed and ``as_of`` give the same county: the three years before ``as_of``'s
and its own year up to ``as_of``. It loads in one transaction: all or nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from gongkai.web.applications.models import OUTCOME_CHOICES
from gongkai.web.demo_applications import _applications, _repeat_applicant
from gongkai.web.demo_data import COUNTY_CODE, DEMO_PASSWORD, DEPARTMENTS, TOPICS, TOWNSHIPS
from gongkai.web.demo_guides import demo_guides
from gongkai.web.demo_letters import demo_letters
from gongkai.web.demo_reports import demo_reports, evaluated_year
from gongkai.web.demo_work_in_hand import demo_extension_requests, demo_work_in_hand
from gongkai.web.proactive.demo_columns import demo_columns
from gongkai.web.proactive.models import ActiveCounts, CatalogueItem, DocKind, ItemStatus
from gongkai.web.units.models import Role, Unit, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from gongkai.web.workdays.services import work_calendar


@dataclass
class DemoResult:
    units: int
    applications: int
    users: list[tuple[str, str]]


def demo_loaded() -> bool:
    return Unit.objects.filter(code=COUNTY_CODE).exists()


#: Everyone who can log in to the demo, as the login page names them.
DEMO_ACCOUNTS = (
    ("admin", "系统管理员（管理后台）"),
    ("office", "县政务公开办（全县，含审核）"),
    ("supervisor", "县监督员（只读）"),
    ("clerk_county", "县政府办经办人"),
    *(
        (f"{role}_{code.lower()}", f"示例县{name}{label}")
        for name, code in DEPARTMENTS + TOWNSHIPS
        for role, label in (("clerk", "经办人"), ("reviewer", "审核人"))
    ),
)


def load_demo(
    *,
    as_of: date,
    seed: int = 2023,
    per_unit_year: int = 70,
    years: tuple[int, ...] | None = None,
) -> DemoResult:
    """Load 示例县 (once), in one transaction: on any failure nothing is left. ``years``
    (default: the three years before ``as_of``'s) get ``per_unit_year`` applications per
    unit, and ``as_of``'s year open ones up to ``as_of``."""
    if years is None:
        years = (as_of.year - 3, as_of.year - 2, as_of.year - 1)
    with transaction.atomic():
        return _load(as_of=as_of, seed=seed, per_unit_year=per_unit_year, years=years)


def _load(*, as_of: date, seed: int, per_unit_year: int, years: tuple[int, ...]) -> DemoResult:
    rnd = random.Random(seed)
    county, units, users = _units_and_staff()
    reviewers = {
        u.pk: users[f"reviewer_{u.code.lower()}"]
        for u in units
        if f"reviewer_{u.code.lower()}" in users
    }
    cal = work_calendar()
    count = 0
    for year in years:
        for unit in units:
            reviewer = reviewers.get(unit.pk, users["office"])
            count += _applications(rnd, unit, year, per_unit_year, as_of, reviewer, cal)
            _catalogue_and_counts(rnd, unit, year)
    current = as_of.year
    if current not in years:
        for unit in units:
            reviewer = reviewers.get(unit.pk, users["office"])
            count += _applications(rnd, unit, current, per_unit_year // 3, as_of, reviewer, cal)
    count += _repeat_applicant(units, as_of, seed, users["office"], cal)
    _reports(county, units, years, users, as_of)
    count += demo_work_in_hand(units, users, as_of, years[-1], cal)
    demo_letters(county, users["office"], as_of)
    demo_extension_requests(units, users, as_of)
    demo_columns(units, as_of)
    demo_guides(units)
    from gongkai.web.evaluations.demo import demo_evaluation

    demo_evaluation(
        units=[u for u in units if u != county], year=evaluated_year(as_of), office=users["office"]
    )
    accounts = [(name, DEMO_PASSWORD) for name, _label in DEMO_ACCOUNTS]
    return DemoResult(units=len(units), applications=count, users=accounts)


def demo_email(username: str) -> str:
    """A demo account's e-mail address, in a domain reserved for examples (RFC 2606)."""
    return f"{username.replace('_', '.')}@slx.example"


def _units_and_staff() -> tuple[Unit, list[Unit], dict[str, Any]]:
    User = get_user_model()
    county = unit_create(name="示例县人民政府", code=COUNTY_CODE, kind=UnitKind.GOVERNMENT)
    # The county government has no government above it in the demo: its letters name the
    # city's (行政复议法 Art. 24; 行政诉讼法 Art. 15: the intermediate court), as an office
    # would have filled in on the letter-templates page.
    county.reconsideration_body, county.litigation_court = "示例市人民政府", "示例市中级人民法院"
    county.save(update_fields=["reconsideration_body", "litigation_court"])
    units = [county]
    for name, code in DEPARTMENTS:
        units.append(
            unit_create(
                name=f"示例县{name}",
                code=f"{COUNTY_CODE}-{code}",
                kind=UnitKind.DEPARTMENT,
                parent=county,
            )
        )
    for name, code in TOWNSHIPS:
        units.append(
            unit_create(
                name=f"示例县{name}",
                code=f"{COUNTY_CODE}-{code}",
                kind=UnitKind.TOWNSHIP,
                parent=county,
            )
        )
    users: dict[str, Any] = {}

    hashed = make_password(DEMO_PASSWORD)  # hashing is slow on purpose: once for all demo accounts

    def user(username: str, full: str, **extra: Any) -> Any:
        u = User.objects.create(
            username=username, password=hashed, first_name=full, email=demo_email(username), **extra
        )
        users[username] = u
        return u

    user("admin", "系统管理员", is_staff=True, is_superuser=True)
    membership_grant(user=user("office", "县政务公开办"), unit=county, role=Role.OFFICE)
    membership_grant(user=users["office"], unit=county, role=Role.REVIEWER)
    membership_grant(user=user("supervisor", "县监督员"), unit=county, role=Role.SUPERVISOR)
    for unit in units[1:]:
        short = unit.code.split("-")[1].lower()
        membership_grant(
            user=user(f"clerk_{short}", f"{unit.name}经办人"), unit=unit, role=Role.CLERK
        )
        membership_grant(
            user=user(f"reviewer_{short}", f"{unit.name}审核人"), unit=unit, role=Role.REVIEWER
        )
    membership_grant(user=user("clerk_county", "县政府办经办人"), unit=county, role=Role.CLERK)
    return county, units, users


def _catalogue_and_counts(rnd: random.Random, unit: Unit, year: int) -> None:
    seq = CatalogueItem.objects.filter(unit=unit).count()
    for i in range(rnd.randint(2, 6)):
        seq += 1
        published = date(year, rnd.randint(1, 12), rnd.randint(1, 28))
        kind = DocKind.NORMATIVE if i < 2 and unit.kind != UnitKind.TOWNSHIP else DocKind.ORDINARY
        CatalogueItem.objects.create(
            unit=unit,
            index_no=f"{unit.code}/{year}-{seq:05d}",
            publisher=unit.name,
            doc_number=f"{unit.name[:3]}发〔{year}〕{seq}号" if kind == DocKind.NORMATIVE else "",
            title=f"{unit.name}关于{rnd.choice(TOPICS)}的{'通知' if kind == DocKind.NORMATIVE else '公告'}",
            written_on=published - timedelta(days=rnd.randint(1, 10)),
            published_on=published,
            topic=1 if kind == DocKind.NORMATIVE else rnd.randint(2, 15),
            kind=kind,
            issued_on=published if kind == DocKind.NORMATIVE else None,
            body="（示例正文）",
            status=ItemStatus.PUBLISHED,
            secrecy_reviewed=True,
        )
    # Repeal one older normative document now and then.
    old = CatalogueItem.objects.filter(
        unit=unit, kind=DocKind.NORMATIVE, repealed_on=None, issued_on__lt=date(year, 1, 1)
    ).first()
    if old is not None and rnd.random() < 0.5:
        old.repealed_on = date(year, rnd.randint(1, 12), rnd.randint(1, 28))
        old.save(update_fields=["repealed_on"])
    ActiveCounts.objects.create(
        unit=unit,
        year=year,
        licensing=rnd.randint(0, 400) if unit.kind != UnitKind.TOWNSHIP else rnd.randint(0, 20),
        penalty=rnd.randint(0, 300) if unit.kind == UnitKind.DEPARTMENT else rnd.randint(0, 10),
        coercion=rnd.randint(0, 30) if unit.kind == UnitKind.DEPARTMENT else 0,
        fees_wan=Decimal(rnd.randint(0, 5_000_000)) / 100
        if unit.kind == UnitKind.DEPARTMENT
        else Decimal(0),
    )


def _reports(
    county: Unit, units: list[Unit], years: tuple[int, ...], users: dict[str, Any], as_of: date
) -> None:
    """Every unit's annual reports and the county's roll-up, published on time as of
    ``as_of`` (see ``demo_reports``)."""
    demo_reports(county, units, years, users, as_of)


__all__ = [
    "COUNTY_CODE",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "OUTCOME_CHOICES",
    "demo_loaded",
    "load_demo",
]
