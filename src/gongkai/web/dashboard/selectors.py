"""The dashboard's figures, each one GROUP BY in the database over the units in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from gongkai.core.report.formats import FORMATS, Version
from gongkai.web.applications.models import OUTCOME_CHOICES, Application, Status
from gongkai.web.applications.selectors import DUE_SOON_WORKING_DAYS
from gongkai.web.units.models import Unit
from gongkai.web.workdays.services import work_calendar

#: The heading of each numbered sub-row of Table 3 (（三）不予公开 for "1.属于国家秘密"…).
_GROUP_OF = {r: g.label for g in FORMATS[Version.V2021].table("apply").groups for r in g.rows}


def outcome_label(row: str, label: str) -> str:
    """A Table 3 row's label as the dashboard shows it: a sub-row with its heading."""
    group = _GROUP_OF.get(row)
    return f"{group}{label}" if group else label


#: How many units the overdue chart shows (those with the most overdue, then due soon).
DASHBOARD_UNITS = 20


@dataclass(frozen=True)
class Dashboard:
    year: int
    as_of: date
    soon_until: date
    #: [{"month": 1..12, "this": n, "last": n}] — applications received per month.
    months: list[dict[str, int]]
    #: [{"row": Table 3 row id, "label": its label, "this": n, "last": n}] — replies made.
    outcomes: list[dict[str, Any]]
    #: [{"unit": name, "code": code, "overdue": n, "due_soon": n}] — open applications now.
    units: list[dict[str, Any]]
    units_total: int

    @property
    def received_this_total(self) -> int:
        return sum(m["this"] for m in self.months)

    @property
    def received_last_total(self) -> int:
        return sum(m["last"] for m in self.months)

    def chart_data(self) -> dict[str, Any]:
        """What the charts draw (handed to the page with ``json_script``)."""
        return {
            "year": self.year,
            "months": [m["month"] for m in self.months],
            "received_this": [m["this"] for m in self.months],
            "received_last": [m["last"] for m in self.months],
            "outcome_labels": [o["label"] for o in self.outcomes],
            "outcome_this": [o["this"] for o in self.outcomes],
            "outcome_last": [o["last"] for o in self.outcomes],
            "unit_names": [u["unit"] for u in self.units],
            "overdue": [u["overdue"] for u in self.units],
            "due_soon": [u["due_soon"] for u in self.units],
        }


def _by_year_and(
    apps: QuerySet[Application], field: str, key: Any, year: int
) -> dict[tuple[int, Any], int]:
    """Counts of ``apps`` grouped by the year of ``field`` (this or last) and ``key``."""
    rows = (
        apps.filter(**{f"{field}__gte": date(year - 1, 1, 1), f"{field}__lte": date(year, 12, 31)})
        .annotate(y=ExtractYear(field), k=key)
        .values("y", "k")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["y"], r["k"]): r["n"] for r in rows}


def dashboard_figures(*, units: QuerySet[Unit], year: int, as_of: date) -> Dashboard:
    """The figures over the applications of ``units``: received by month in ``year`` and
    the year before; replies (closed applications) by outcome in both years; and, as of
    ``as_of``, the open applications overdue or due within the queue's working days by
    unit (the units with none are left out)."""
    apps = Application.objects.filter(unit__in=units)
    received = _by_year_and(apps, "received_on", ExtractMonth("received_on"), year)
    months = [
        {"month": m, "this": received.get((year, m), 0), "last": received.get((year - 1, m), 0)}
        for m in range(1, 13)
    ]
    closed = _by_year_and(apps.exclude(outcome=""), "closed_on", F("outcome"), year)
    outcomes = [
        {
            "row": row,
            "label": outcome_label(row, label),
            "this": closed.get((year, row), 0),
            "last": closed.get((year - 1, row), 0),
        }
        for row, label in OUTCOME_CHOICES
        if closed.get((year, row)) or closed.get((year - 1, row))
    ]
    soon = work_calendar().add_working_days(as_of, DUE_SOON_WORKING_DAYS)
    late = apps.filter(status=Status.IN_PROGRESS, due_on__lte=soon)
    per_unit = (
        late.values("unit__name", "unit__code", "unit__path")
        .annotate(
            overdue=Count("id", filter=Q(due_on__lt=as_of)),
            due_soon=Count("id", filter=Q(due_on__gte=as_of)),
        )
        .order_by("-overdue", "-due_soon", "unit__path")
    )
    rows = [
        {
            "unit": r["unit__name"],
            "code": r["unit__code"],
            **{k: r[k] for k in ("overdue", "due_soon")},
        }
        for r in per_unit[:DASHBOARD_UNITS]
    ]
    return Dashboard(
        year=year,
        as_of=as_of,
        soon_until=soon,
        months=months,
        outcomes=outcomes,
        units=rows,
        units_total=per_unit.count(),
    )
