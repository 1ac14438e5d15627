"""The work queue's other duties, per user: the annual reports to approve, the user's
units' returned reports, and the catalogue items waiting for review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from gongkai.web.proactive.models import CatalogueItem, ItemStatus
from gongkai.web.reports.models import ReportStatus, ReportVersion
from gongkai.web.units.selectors import unit_list_approvable, unit_list_writable_cached

#: How many rows each list of duties shows.
DUTY_ROWS = 25


@dataclass(frozen=True)
class Duties:
    reports_to_approve: Sequence[ReportVersion]
    reports_returned: Sequence[ReportVersion]
    items_to_review: Sequence[CatalogueItem]
    items_to_review_total: int

    def __bool__(self) -> bool:
        return bool(self.reports_to_approve or self.reports_returned or self.items_to_review)


def _reports(units: Any, status: str) -> QuerySet[ReportVersion]:
    return (
        ReportVersion.objects.filter(unit__in=units, status=status)
        .annotate(unit_name=F("unit__name"), unit_code=F("unit__code"))
        .only("id", "unit", "year", "scope", "number", "status", "return_reason", "updated_at")
        .order_by("-updated_at", "id")
    )


def duties_for(*, user: Any) -> Duties:
    """Reports submitted for approval in the units the user approves; reports returned in
    the units the user writes; draft catalogue items (not yet secrecy-reviewed) in the
    units the user approves, oldest first."""
    approvable = unit_list_approvable(user=user)
    items = (
        CatalogueItem.objects.filter(unit__in=approvable, status=ItemStatus.DRAFT)
        .annotate(unit_name=F("unit__name"))
        .only("id", "unit", "title", "index_no", "written_on")
        .order_by("id")
    )
    shown = list(items[:DUTY_ROWS])
    return Duties(
        reports_to_approve=list(_reports(approvable, ReportStatus.SUBMITTED)[:DUTY_ROWS]),
        reports_returned=list(
            _reports(unit_list_writable_cached(user=user), ReportStatus.RETURNED)[:DUTY_ROWS]
        ),
        items_to_review=shown,
        # Counted only when the list is cut: else it is the list's length.
        items_to_review_total=items.count() if len(shown) == DUTY_ROWS else len(shown),
    )
