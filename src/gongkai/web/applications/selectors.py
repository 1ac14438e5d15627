"""Reading applications, always through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Q, QuerySet

from gongkai.web.applications.models import Application, Status
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_list_visible
from gongkai.web.workdays.services import work_calendar

DUE_SOON_WORKING_DAYS = 5
WAITING = (Status.AWAITING_CORRECTION, Status.AWAITING_FEE, Status.CONSULTING)


def application_list_visible(
    *, user: Any, units: QuerySet[Unit] | None = None
) -> QuerySet[Application]:
    """The applications of the units the user sees; ``units`` is ``unit_list_visible(user)``
    when the caller has it already (its memberships are then not read again)."""
    if units is None:
        units = unit_list_visible(user=user)
    return Application.objects.filter(unit__in=units).select_related("unit")


def application_get_visible(*, user: Any, pk: int) -> Application | None:
    return application_list_visible(user=user).filter(pk=pk).first()


#: How many applications each list of the work queue shows, and how many units its table.
QUEUE_ROWS = 25
QUEUE_UNITS = 30
OPEN = [s for s in Status.values if s != Status.CLOSED]


@dataclass(frozen=True)
class Queue:
    overdue: QuerySet[Application]
    due_soon: QuerySet[Application]
    waiting: QuerySet[Application]
    unconfirmed: QuerySet[Application]
    totals: dict[str, int]
    by_unit: list[Any]
    soon_until: date


def _due_filters(as_of: date, soon: date) -> dict[str, Q]:
    return {
        "overdue": Q(status=Status.IN_PROGRESS, due_on__lt=as_of),
        "due_soon": Q(status=Status.IN_PROGRESS, due_on__gte=as_of, due_on__lte=soon),
        "waiting": Q(status__in=WAITING),
        "unconfirmed": Q(status=Status.AWAITING_CONFIRMATION),
    }


def application_queue(
    *, user: Any, as_of: date, unit: Unit | None = None, units: QuerySet[Unit] | None = None
) -> Queue:
    """The work queue: overdue, due within 5 working days, waiting for the applicant or a
    consulted party, waiting for confirmation of receipt — each list its first
    :data:`QUEUE_ROWS`, with its total; and the units with the most overdue and open
    applications. Only open applications are read (an index on status and due date), so
    the queue costs the same with a million closed ones. ``units`` as for
    :func:`application_list_visible`."""
    visible = application_list_visible(user=user, units=units)
    if unit is not None:
        visible = visible.filter(unit=unit)
    open_ = visible.filter(status__in=OPEN)
    soon = work_calendar().add_working_days(as_of, DUE_SOON_WORKING_DAYS)
    filters = _due_filters(as_of, soon)
    counts = {name: Count("id", filter=q) for name, q in filters.items()}
    totals, by_unit = _per_unit(open_, counts)
    # Each list's own condition implies an open status: the lists are not filtered by
    # OPEN again, which would make the planner misjudge how many rows each one has.
    lists = _listed(visible)
    return Queue(
        overdue=lists.filter(filters["overdue"]).order_by("due_on", "id")[:QUEUE_ROWS],
        due_soon=lists.filter(filters["due_soon"]).order_by("due_on", "id")[:QUEUE_ROWS],
        waiting=lists.filter(filters["waiting"]).order_by("due_on", "id")[:QUEUE_ROWS],
        unconfirmed=lists.filter(filters["unconfirmed"]).order_by("submitted_on", "id")[
            :QUEUE_ROWS
        ],
        totals=totals,
        by_unit=by_unit,
        soon_until=soon,
    )


def _per_unit(
    open_: QuerySet[Application], counts: dict[str, Count]
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """The counts of every unit with open applications, in one pass over them: the
    :data:`QUEUE_UNITS` units with the most overdue and open ones, with their names and
    codes, and the totals (window sums over all the units, taken before the limit) —
    rather than a second aggregate over the same rows. Grouped by the unit's id alone
    (hashing its name and code for every row costs more than the counting); the units
    shown are named afterwards, in the same query."""
    names = ["open", *counts]
    totals = dict.fromkeys(["units", *names], 0)
    grouped = open_.values("unit__id").annotate(open=Count("id"), **counts).order_by()
    try:
        sql, params = grouped.query.sql_with_params()
    except EmptyResultSet:  # a user who sees no unit: nothing to count
        return totals, []
    q = connection.ops.quote_name

    def order(t: str) -> str:
        return f"{t}.{q('overdue')} DESC, {t}.{q('open')} DESC, {t}.{q('unit__id')}"

    windows = ", ".join(f"SUM(g.{q(n)}) OVER () AS {q('total_' + n)}" for n in names)
    busiest = (
        f"SELECT g.*, COUNT(*) OVER () AS {q('units')}, {windows} FROM ({sql}) g "
        f"ORDER BY {order('g')} LIMIT {QUEUE_UNITS}"
    )
    rows = _fetch(
        f"SELECT b.*, u.{q('name')} AS {q('unit__name')}, u.{q('code')} AS {q('unit__code')} "
        f"FROM ({busiest}) b JOIN {q(Unit._meta.db_table)} u ON u.{q('id')} = b.{q('unit__id')} "
        f"ORDER BY {order('b')}",
        params,
    )
    if rows:
        totals = {"units": rows[0]["units"]} | {n: int(rows[0]["total_" + n]) for n in names}
    shown = ["unit__id", "unit__name", "unit__code", *names]
    return totals, [{k: r[k] for k in shown} for r in rows]


def _fetch(sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


#: What a list of applications shows (``applications/_list.html``): no personal data.
LIST_FIELDS = (
    "unit",
    "tracking_code",
    "received_on",
    "status",
    "due_on",
    "due_provisional",
    "description",
)


def _listed(applications: QuerySet[Application]) -> QuerySet[Application]:
    """The rows of a list of applications: :data:`LIST_FIELDS` and the unit's name as
    ``unit_name`` — read in the same query, without making a Unit of every row."""
    return applications.select_related(None).only(*LIST_FIELDS).annotate(unit_name=F("unit__name"))


def application_search(
    *,
    user: Any,
    as_of: date,
    unit: Unit | None = None,
    status: str = "",
    due: str = "",
    year: int | None = None,
    q: str = "",
) -> QuerySet[Application]:
    """The applications the user may see, filtered: by unit, status, the queue's lists
    (``due`` is one of :func:`_due_filters`' names), the year received, and a tracking code
    or words of the information requested. Newest first."""
    qs = application_list_visible(user=user)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if status:
        qs = qs.filter(status=status)
    if due:
        soon = work_calendar().add_working_days(as_of, DUE_SOON_WORKING_DAYS)
        qs = qs.filter(_due_filters(as_of, soon)[due])
    if year is not None:
        qs = qs.filter(received_on__gte=date(year, 1, 1), received_on__lte=date(year, 12, 31))
    if q:
        code = q.upper()
        qs = (
            qs.filter(tracking_code=code)
            if code.startswith("GK")
            else qs.filter(description__icontains=q)
        )
    return _listed(qs).order_by("-received_on", "-id")
