"""Columns (栏目) kept fresh: each column's last update, counted in one GROUP BY query,
and where it stands against its update rule (:mod:`gongkai.core.columns`); the
office's edits of columns and their rules."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet

from gongkai.core.columns import ColumnCheck, ColumnState, column_check, default_rule_days
from gongkai.web.audit.services import audit_record
from gongkai.web.proactive.models import Column, ItemStatus
from gongkai.web.units.models import Unit

#: The states the work queue and the check list: what needs someone's attention.
ATTENTION = (ColumnState.OVERDUE, ColumnState.EMPTY, ColumnState.DUE_SOON)
#: The order they are listed in: overdue first, then empty, then due soon, then fresh.
_ORDER = {ColumnState.OVERDUE: 0, ColumnState.EMPTY: 1, ColumnState.DUE_SOON: 2}


@dataclass(frozen=True)
class ColumnRow:
    column: Column
    last_updated: date | None
    check: ColumnCheck

    @property
    def unit(self) -> Unit:
        return self.column.unit

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit.code,
            "unit_name": self.unit.name,
            "column": self.column.name,
            "category": self.column.category,
            "last_updated": self.last_updated.isoformat() if self.last_updated else None,
            "rule_days": self.column.rule_days,
            "state": self.check.state.value,
            "due_on": self.check.due_on.isoformat() if self.check.due_on else None,
            "overdue_days": self.check.overdue_days,
        }


def column_last_updated(*, units: QuerySet[Unit], as_of: date) -> QuerySet[Column]:
    """The units' columns, each with ``last_updated``: the latest publication date of its
    published items up to ``as_of`` — for a new-media account, of the items posted to it
    (one query, grouped by column; a column has items or posts, never both, so the two
    joins do not multiply rows)."""
    in_column = Q(items__status=ItemStatus.PUBLISHED, items__published_on__lte=as_of)
    posted = Q(posts__status=ItemStatus.PUBLISHED, posts__published_on__lte=as_of)
    return (
        Column.objects.filter(unit__in=units)
        .select_related("unit")
        .annotate(
            last_item=Max("items__published_on", filter=in_column),
            last_post=Max("posts__published_on", filter=posted),
        )
        .order_by("unit__path", "name")
    )


def column_list_checked(
    *,
    units: QuerySet[Unit],
    as_of: date,
    states: Collection[ColumnState] | None = None,
) -> list[ColumnRow]:
    """Each column of ``units`` with its state on ``as_of``, those needing attention
    first (by days overdue), then by unit; only ``states`` if given."""
    rows = []
    for column in column_last_updated(units=units, as_of=as_of):
        dates = [column.last_item, column.last_post]  # type: ignore[attr-defined]
        last = max((d for d in dates if d is not None), default=None)
        check = column_check(last_updated=last, rule_days=column.rule_days, today=as_of)
        if states is None or check.state in states:
            rows.append(ColumnRow(column=column, last_updated=last, check=check))
    rows.sort(
        key=lambda r: (_ORDER.get(r.check.state, 3), -r.check.overdue_days, r.check.days_left)
    )
    return rows


#: The work queue lists at most this many columns (the columns page lists them all).
QUEUE_COLUMNS = 20


@dataclass(frozen=True)
class QueueColumns:
    rows: list[ColumnRow]
    total: int


def queue_columns(*, units: QuerySet[Unit], as_of: date) -> QueueColumns:
    """For the work queue: the units' columns overdue, empty or due within a week."""
    rows = column_list_checked(units=units, as_of=as_of, states=ATTENTION)
    return QueueColumns(rows=rows[:QUEUE_COLUMNS], total=len(rows))


@transaction.atomic
def column_save(*, column: Column, actor: Any) -> Column:
    """Create or edit a column; a rule left empty is its category's default."""
    created = column.pk is None
    if not column.rule_days:
        column.rule_days = default_rule_days(column.category)
    column.full_clean()
    column.save()
    audit_record(
        actor=actor,
        action="column.create" if created else "column.edit",
        obj=column,
        unit=column.unit,
        name=column.name,
        category=column.category,
        rule_days=column.rule_days,
    )
    return column


__all__ = [
    "ATTENTION",
    "ColumnRow",
    "column_last_updated",
    "column_list_checked",
    "column_save",
    "queue_columns",
]
