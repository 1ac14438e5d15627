"""The counts a report is compiled from, each aggregated in the database (GROUP BY),
never counted in Python loops."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from gongkai.web.applications.models import Appeal, Application
from gongkai.web.proactive.models import ActiveCounts, CatalogueItem, DocKind, ItemStatus
from gongkai.web.units.models import Unit


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def table3_selection(*, year: int) -> Q:
    """The applications a year's Table 3 counts: received in the year (row 一), or received
    before it and not closed before it (row 二, carried in). The one definition of a year's
    applications: the report counts them and the ledger (applications.ledger) lists them."""
    start, end = _bounds(year)
    return Q(received_on__lte=end) & (
        Q(received_on__gte=start) | Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )


#: The Table 3 row of an application still open at the year's end (四、结转下年度继续办理).
CARRIED_OUT = "apply.carried_out"


def table3_row(*, year: int) -> Case:
    """The Table 3 row in which the year's report counts an application of
    :func:`table3_selection`: its outcome's row if closed in the year, else carried out —
    as :func:`table3_counts` counts ``closed`` and ``carried_out``."""
    start, end = _bounds(year)
    return Case(
        When(closed_on__gte=start, closed_on__lte=end, then=F("outcome")),
        default=Value(CARRIED_OUT),
        output_field=CharField(),
    )


def table3_counts(*, units: QuerySet[Unit], year: int) -> dict[str, int]:
    """Table 3 cells (without totals) for the applications of ``units``: one GROUP BY over
    (category, outcome) with conditional counts, which the index
    ``(unit, received_on, closed_on, category, outcome)`` answers without reading the table.
    The few grouped rows (at most categories × outcomes) are then added up per category."""
    start, end = _bounds(year)
    groups = (
        Application.objects.filter(table3_selection(year=year), unit__in=units)
        .values("category", "outcome")
        .order_by()
        .annotate(
            new=Count("id", filter=Q(received_on__gte=start)),
            carried_in=Count(
                "id",
                filter=Q(received_on__lt=start)
                & (Q(closed_on__isnull=True) | Q(closed_on__gte=start)),
            ),
            carried_out=Count("id", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
            closed=Count("id", filter=Q(closed_on__gte=start, closed_on__lte=end)),
        )
    )
    cells: dict[str, int] = {}
    for row in groups:
        for key in ("new", "carried_in", "carried_out"):
            cell = f"apply.{key}.{row['category']}"
            cells[cell] = cells.get(cell, 0) + row[key]
        if row["closed"]:
            cells[f"{row['outcome']}.{row['category']}"] = row["closed"]
    return cells


def table2_counts(*, units: QuerySet[Unit], year: int) -> dict[str, int | Decimal]:
    start, end = _bounds(year)
    docs = CatalogueItem.objects.filter(
        unit__in=units, kind__in=[DocKind.RULES, DocKind.NORMATIVE], status=ItemStatus.PUBLISHED
    )
    cells: dict[str, int | Decimal] = {}
    for row in docs.values("kind").annotate(
        issued=Count("id", filter=Q(issued_on__gte=start, issued_on__lte=end)),
        repealed=Count("id", filter=Q(repealed_on__gte=start, repealed_on__lte=end)),
        in_force=Count(
            "id",
            filter=Q(issued_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end)),
        ),
    ):
        for key in ("issued", "repealed", "in_force"):
            cells[f"active.{row['kind']}.{key}"] = row[key]
    sums = ActiveCounts.objects.filter(unit__in=units, year=year).aggregate(
        licensing=Sum("licensing"),
        penalty=Sum("penalty"),
        coercion=Sum("coercion"),
        fees=Sum("fees_wan"),
    )
    cells["active.licensing.decisions"] = sums["licensing"] or 0
    cells["active.penalty.decisions"] = sums["penalty"] or 0
    cells["active.coercion.decisions"] = sums["coercion"] or 0
    cells["active.admin_fees.amount_wan"] = sums["fees"] or Decimal(0)
    return cells


def table4_counts(*, units: QuerySet[Unit], year: int) -> dict[str, int]:
    """Cases filed in the year, by their result as it stood on 31 December (尚未审结 if undecided then)."""
    start, end = _bounds(year)
    filed = Appeal.objects.filter(unit__in=units, filed_on__gte=start, filed_on__lte=end)
    undecided = Q(decided_on__isnull=True) | Q(decided_on__gt=end)
    cells: dict[str, int] = {}
    for row in filed.values("kind").annotate(
        upheld=Count("id", filter=~undecided & Q(result="upheld")),
        corrected=Count("id", filter=~undecided & Q(result="corrected")),
        other=Count("id", filter=~undecided & Q(result="other")),
        pending=Count("id", filter=undecided),
    ):
        for key in ("upheld", "corrected", "other", "pending"):
            cells[f"{row['kind']}.{key}"] = row[key]
    return cells


def units_with_data(*, units: QuerySet[Unit], year: int) -> set[int]:
    """The units that have any record for the year (an application open or handled in it,
    a catalogue document, Table 2 counts or a case). Asked per unit with EXISTS, each an
    index seek, rather than by reading every application."""
    start, end = _bounds(year)
    apps = Application.objects.filter(unit=OuterRef("pk"))
    received = apps.filter(received_on__gte=start, received_on__lte=end)
    carried_in = apps.filter(received_on__lt=start).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    counts = ActiveCounts.objects.filter(unit=OuterRef("pk"), year=year)
    published = CatalogueItem.objects.filter(
        unit=OuterRef("pk"), published_on__gte=start, published_on__lte=end
    )
    cases = Appeal.objects.filter(unit=OuterRef("pk"), filed_on__gte=start, filed_on__lte=end)
    return set(
        units.filter(
            Exists(received)
            | Exists(carried_in)
            | Exists(counts)
            | Exists(published)
            | Exists(cases)
        ).values_list("pk", flat=True)
    )
