"""Reading applications, always through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.web.applications.models import Application, Status
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_list_visible
from gongkai.web.workdays.services import work_calendar

DUE_SOON_WORKING_DAYS = 5
WAITING = (Status.AWAITING_CORRECTION, Status.AWAITING_FEE, Status.CONSULTING)


def application_list_visible(*, user: Any) -> QuerySet[Application]:
    return Application.objects.filter(unit__in=unit_list_visible(user=user)).select_related("unit")


def application_get_visible(*, user: Any, pk: int) -> Application | None:
    return application_list_visible(user=user).filter(pk=pk).first()


@dataclass(frozen=True)
class Queue:
    overdue: QuerySet[Application]
    due_soon: QuerySet[Application]
    waiting: QuerySet[Application]
    unconfirmed: QuerySet[Application]
    by_unit: list[Any]
    soon_until: date


def application_queue(*, user: Any, as_of: date, unit: Unit | None = None) -> Queue:
    """The work queue: overdue, due within 5 working days, waiting for the applicant or a
    consulted party, waiting for confirmation of receipt; and the counts per unit."""
    qs = application_list_visible(user=user)
    if unit is not None:
        qs = qs.filter(unit=unit)
    soon = work_calendar().add_working_days(as_of, DUE_SOON_WORKING_DAYS)
    running = qs.filter(status=Status.IN_PROGRESS)
    by_unit = list(
        qs.exclude(status=Status.CLOSED)
        .values("unit__id", "unit__name", "unit__code")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(status=Status.IN_PROGRESS, due_on__lt=as_of)),
            due_soon=Count(
                "id", filter=Q(status=Status.IN_PROGRESS, due_on__gte=as_of, due_on__lte=soon)
            ),
            waiting=Count("id", filter=Q(status__in=WAITING)),
        )
        .order_by("unit__code")
    )
    return Queue(
        overdue=running.filter(due_on__lt=as_of).order_by("due_on"),
        due_soon=running.filter(due_on__gte=as_of, due_on__lte=soon).order_by("due_on"),
        waiting=qs.filter(status__in=WAITING).order_by("due_on"),
        unconfirmed=qs.filter(status=Status.AWAITING_CONFIRMATION).order_by("submitted_on"),
        by_unit=by_unit,
        soon_until=soon,
    )
