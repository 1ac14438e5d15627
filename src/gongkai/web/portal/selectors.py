"""What the public may see: only published documents and published report versions."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.core import AnnualReport
from gongkai.core.report.serialize import report_from_record
from gongkai.web.proactive.models import CatalogueItem, ItemStatus
from gongkai.web.reports.models import ReportStatus, ReportVersion
from gongkai.web.units.models import Unit


def catalogue_search(
    *, q: str = "", unit: Unit | None = None, topic: int | None = None
) -> QuerySet[CatalogueItem]:
    """Published items; ``q`` matches title, index number or document number as a substring
    (works for Chinese text alike on SQLite and PostgreSQL: no word splitting involved)."""
    items = CatalogueItem.objects.filter(status=ItemStatus.PUBLISHED).select_related("unit")
    if unit is not None:
        items = items.filter(unit__path__startswith=unit.path)
    if topic:
        items = items.filter(topic=topic)
    for word in q.split():
        items = items.filter(
            Q(title__icontains=word)
            | Q(index_no__icontains=word)
            | Q(doc_number__icontains=word)
            | Q(body__icontains=word)
        )
    return items.order_by("-published_on", "-id")


def published_reports(*, unit: Unit) -> list[ReportVersion]:
    """The latest published version of each of the unit's reports, newest year first."""
    latest: dict[tuple[int, str], ReportVersion] = {}
    for v in ReportVersion.objects.filter(unit=unit, status=ReportStatus.PUBLISHED).order_by(
        "year", "scope", "number"
    ):
        latest[(v.year, v.scope)] = v
    return sorted(latest.values(), key=lambda v: (-v.year, v.scope))


def published_report(*, unit: Unit, year: int, scope: str) -> ReportVersion | None:
    return (
        ReportVersion.objects.filter(
            unit=unit, year=year, scope=scope, status=ReportStatus.PUBLISHED
        )
        .order_by("-number")
        .first()
    )


def report_of(version: ReportVersion) -> AnnualReport:
    """The report as it was published (the frozen snapshot, its narrative included)."""
    return report_from_record(
        dict(version.snapshot or {}), source=f"{version.unit.code}/{version.year}"
    )


def figures_over_years(*, unit: Unit, scope: str) -> dict[str, list[Any]]:
    """The unit's key figures from its published reports, for the chart."""
    versions = sorted(published_reports(unit=unit), key=lambda v: v.year)
    versions = [v for v in versions if v.scope == scope]
    cells = [(v.snapshot or {}).get("cells", {}) for v in versions]
    return {
        "years": [v.year for v in versions],
        "new": [c.get("apply.new.total") for c in cells],
        "closed": [c.get("apply.result.total.total") for c in cells],
        "granted": [c.get("apply.result.grant.total") for c in cells],
        "review": [c.get("review.total") for c in cells],
    }
