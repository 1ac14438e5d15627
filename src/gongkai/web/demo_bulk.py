"""A city of any size for measuring gongkai at scale: ``gongkai demo --applications N --units U``.

示例县 (``gongkai.web.demo``) is made through the staff services, one application at a
time, so that its records are exactly what staff would produce; that takes minutes for a few
thousand. This module makes the same kind of records with bulk inserts — a million
applications over three thousand units in minutes — for the benchmarks of ``bench/`` and for
trying the office pages at the size of a province.

The records obey the same rules as the services' (tested against ``application_derive``):
each application's ledger has its 收到申请 event and, when closed, its reply event; its status,
due date, outcome and closing date are the ones the ledger gives. The ledger is kept simple:
no corrections, fees, consultations or extensions (the applications and their ledgers:
``demo_bulk_applications``). Everything is one transaction: an interrupted load leaves
nothing behind.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from gongkai.web.applications.models import Appeal, Application
from gongkai.web.audit.services import audit_record
from gongkai.web.demo_bulk_applications import (
    BATCH,
    BulkError,
    bulk_appeal,
    bulk_appealed,
    bulk_applications,
    bulk_insert_events,
)
from gongkai.web.demo_data import DEMO_PASSWORD, DEPARTMENTS, TOPICS, TOWNSHIPS
from gongkai.web.demo_reports import county_published_on, roll_up_report
from gongkai.web.proactive.models import ActiveCounts, CatalogueItem, DocKind, ItemStatus
from gongkai.web.units.models import Membership, Role, Unit, UnitKind
from gongkai.web.workdays.services import work_calendar

CITY_CODE = "SLS"
CITY_NAME = "示例市人民政府"


@dataclass
class BulkResult:
    units: int
    applications: int
    events: int
    appeals: int
    users: list[str]


def bulk_loaded() -> bool:
    return Unit.objects.filter(code=CITY_CODE).exists()


def load_bulk(
    *,
    applications: int,
    units: int,
    as_of: date,
    seed: int = 2024,
    since: date = date(2023, 1, 1),
    progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """Make 示例市: ``units`` units (the city, then counties of 15 units each: the county
    government, 8 departments, 6 townships) and ``applications`` applications received from
    ``since`` to ``as_of``. ``progress`` is called with each batch's size."""
    if units < 1 or applications < 0:
        raise BulkError("--units must be at least 1 and --applications at least 0")
    if as_of < since:
        raise BulkError(f"as_of {as_of} is before {since}")
    if bulk_loaded():
        raise BulkError(f"示例市 ({CITY_CODE}) is already loaded")
    rnd = random.Random(seed)
    cal = work_calendar()
    with transaction.atomic():
        all_units = _units(units)
        users = _staff(all_units[0], all_units)
        made, events, appeals = 0, 0, 0
        for batch in bulk_applications(rnd, all_units, applications, as_of, since, cal):
            apps = Application.objects.bulk_create([a for a, _ in batch])
            ledger = [e for (a, evs) in batch for e in evs(a)]
            bulk_insert_events(ledger)
            cases = [bulk_appeal(rnd, a, as_of) for a in apps if bulk_appealed(rnd, a)]
            Appeal.objects.bulk_create([c for c in cases if c is not None])
            made += len(apps)
            events += len(ledger)
            appeals += sum(c is not None for c in cases)
            if progress is not None:
                progress(len(apps))
        _catalogue_and_counts(rnd, all_units, since.year, as_of)
        _publish_reports(all_units[0], range(since.year, as_of.year), as_of)
        audit_record(
            actor=None,
            action="demo.bulk_load",
            obj=all_units[0],
            unit=all_units[0],
            units=len(all_units),
            applications=made,
        )
    # The planner's statistics, now that the tables are a thousand times bigger; on
    # PostgreSQL also the visibility map, without which no index-only scan is possible
    # (VACUUM cannot run inside a transaction, as in a test).
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return BulkResult(len(all_units), made, events, appeals, users)


def _units(n: int) -> list[Unit]:
    """The city and its counties, made level by level so that each level knows its parents' paths."""
    city = Unit.objects.create(name=CITY_NAME, code=CITY_CODE, kind=UnitKind.GOVERNMENT)
    city.path = f"/{city.pk}/"
    city.save(update_fields=["path"])
    counties: list[Unit] = []
    remaining = n - 1
    while remaining > 0:
        k = len(counties) + 1
        counties.append(
            Unit(
                name=f"示例市第{k}县人民政府",
                code=f"{CITY_CODE}-C{k:04d}",
                kind=UnitKind.GOVERNMENT,
                parent=city,
            )
        )
        remaining -= min(remaining, 15)
    Unit.objects.bulk_create(counties)
    for c in counties:
        c.path = f"{city.path}{c.pk}/"
    Unit.objects.bulk_update(counties, ["path"])
    below: list[Unit] = []
    remaining = n - 1 - len(counties)
    members = [(d, c, UnitKind.DEPARTMENT) for d, c in DEPARTMENTS] + [
        (t, c, UnitKind.TOWNSHIP) for t, c in TOWNSHIPS
    ]
    for k, county in enumerate(counties, start=1):
        for name, code, kind in members[: min(remaining, 14)]:
            below.append(
                Unit(
                    name=f"示例市第{k}县{name}",
                    code=f"{county.code}-{code}",
                    kind=kind,
                    parent=county,
                )
            )
        remaining -= min(remaining, 14)
    Unit.objects.bulk_create(below, batch_size=BATCH)
    parents = {c.pk: c.path for c in counties}
    for u in below:
        assert u.parent_id is not None
        u.path = f"{parents[u.parent_id]}{u.pk}/"
    Unit.objects.bulk_update(below, ["path"], batch_size=BATCH)
    return [city, *counties, *below]


def _staff(city: Unit, units: list[Unit]) -> list[str]:
    """The city's disclosure office (office and reviewer over the whole city), a supervisor,
    and a clerk and reviewer for the first department (the queue of one unit)."""
    User = get_user_model()
    hashed = make_password(DEMO_PASSWORD)
    first_department = next((u for u in units if u.kind == UnitKind.DEPARTMENT), city)
    grants = [
        ("city_office", "市政务公开办", [(city, Role.OFFICE), (city, Role.REVIEWER)]),
        ("city_supervisor", "市监督员", [(city, Role.SUPERVISOR)]),
        ("city_clerk", f"{first_department.name}经办人", [(first_department, Role.CLERK)]),
        ("city_reviewer", f"{first_department.name}审核人", [(first_department, Role.REVIEWER)]),
    ]
    for username, full, roles in grants:
        user = User.objects.create(username=username, password=hashed, first_name=full)
        Membership.objects.bulk_create(
            [Membership(user=user, unit=unit, role=role) for unit, role in roles]
        )
    return [g[0] for g in grants]


def _publish_reports(city: Unit, years: range, as_of: date) -> None:
    """The city's roll-up report of every complete year: published by its office on
    time if that day has come by ``as_of``, else still a draft."""
    office = get_user_model().objects.get(username="city_office")
    for year in years:
        roll_up_report(
            city,
            year,
            office,
            sec1=f"{year}年，示例市各级行政机关依照《中华人民共和国政府信息公开条例》做好主动公开和依申请公开工作。",
            sec5=f"{year}年工作中仍存在基层公开内容不够全面等问题，下一步将加强培训和督促检查。",
            published_on=county_published_on(year) if county_published_on(year) <= as_of else None,
        )


def _catalogue_and_counts(
    rnd: random.Random, units: list[Unit], first_year: int, as_of: date
) -> None:
    """Each year: one or two normative documents from every unit but the townships, and the
    unit's Table 2 counts (licences, penalties, coercive measures, fees)."""
    items: list[CatalogueItem] = []
    counts: list[ActiveCounts] = []
    for year in range(first_year, as_of.year + 1):
        last = min(as_of, date(year, 12, 31))
        span = (last - date(year, 1, 1)).days
        for unit in units:
            if unit.kind != UnitKind.TOWNSHIP:
                for seq in range(1, rnd.randint(1, 2) + 1):
                    published = date(year, 1, 1) + timedelta(days=rnd.randint(0, span))
                    items.append(
                        CatalogueItem(
                            unit=unit,
                            index_no=f"{unit.code}/{year}-{seq:05d}",
                            publisher=unit.name,
                            doc_number=f"{unit.code}〔{year}〕{seq}号",
                            title=f"{unit.name}关于{rnd.choice(TOPICS)}的通知",
                            written_on=published - timedelta(days=rnd.randint(1, 10)),
                            published_on=published,
                            topic=1,
                            kind=DocKind.NORMATIVE,
                            issued_on=published,
                            body="（示例正文）",
                            status=ItemStatus.PUBLISHED,
                            secrecy_reviewed=True,
                        )
                    )
            if year < as_of.year:
                department = unit.kind == UnitKind.DEPARTMENT
                counts.append(
                    ActiveCounts(
                        unit=unit,
                        year=year,
                        licensing=rnd.randint(0, 400) if department else rnd.randint(0, 20),
                        penalty=rnd.randint(0, 300) if department else rnd.randint(0, 10),
                        coercion=rnd.randint(0, 30) if department else 0,
                        fees_wan=Decimal(rnd.randint(0, 5_000_000)) / 100
                        if department
                        else Decimal(0),
                    )
                )
    CatalogueItem.objects.bulk_create(items, batch_size=BATCH)
    ActiveCounts.objects.bulk_create(counts, batch_size=BATCH)


__all__ = ["CITY_CODE", "BulkError", "BulkResult", "bulk_loaded", "load_bulk"]
