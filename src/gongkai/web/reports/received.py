"""Reports received from units that run their own gongkai (``gongkai report push``): in a
roll-up they count like the units whose records are kept here."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from gongkai.web.reports.models import ReportStatus, ReportVersion, Scope
from gongkai.web.units.models import Unit


def received_cells(
    *, units: QuerySet[Unit], year: int
) -> tuple[dict[str, int | Decimal], set[int]]:
    """The cells of the latest received version of each unit's report of ``year``, added
    up, and the units they come from. (A handful of rows: one per unit that sends.)"""
    latest: dict[int, ReportVersion] = {}
    for v in ReportVersion.objects.filter(
        unit__in=units,
        year=year,
        scope=Scope.UNIT,
        status=ReportStatus.PUBLISHED,
        received__isnull=False,
    ).order_by("number"):
        latest[v.unit_id] = v
    sums: dict[str, int | Decimal] = {}
    for v in latest.values():
        for cell, value in (v.snapshot or {}).get("cells", {}).items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            number = value if isinstance(value, int) else Decimal(repr(value))
            sums[cell] = sums.get(cell, 0) + number
    return sums, set(latest)
