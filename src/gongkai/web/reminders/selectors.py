"""What each clerk and reviewer is reminded of: the open applications of their units
whose reply is due within :data:`DUE_SOON_WORKING_DAYS` working days, overdue, or waiting
on the applicant (补正, fees). Two queries for everyone: the memberships, then the
applications of all their units; the rows are then dealt out to the people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Q, Subquery

from gongkai.web.applications.models import Application, Event, EventKind, Status
from gongkai.web.units.models import Membership, Role
from gongkai.web.workdays.services import work_calendar

#: "Due soon" in a reminder: within this many working days of today.
DUE_SOON_WORKING_DAYS = 3
#: The roles reminded: they handle their own unit's applications.
REMINDED_ROLES = (Role.CLERK, Role.REVIEWER)
#: Waiting on the applicant: a correction (补正) or a fee.
WAITING_ON_APPLICANT = (Status.AWAITING_CORRECTION, Status.AWAITING_FEE)
#: What a digest shows of an application: no ID number, phone or address.
DIGEST_FIELDS = (
    "unit",
    "tracking_code",
    "applicant_name",
    "received_on",
    "status",
    "due_on",
    "due_provisional",
    "description",
)


@dataclass
class Digest:
    """One person's reminder: the applications of their units in each list, earliest first."""

    user: Any
    soon_until: date
    overdue: list[Application] = field(default_factory=list)
    due_soon: list[Application] = field(default_factory=list)
    waiting: list[Application] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.waiting)


def reminder_filters(*, as_of: date, soon_until: date) -> dict[str, Q]:
    return {
        "overdue": Q(status=Status.IN_PROGRESS, due_on__lt=as_of),
        "due_soon": Q(status=Status.IN_PROGRESS, due_on__gte=as_of, due_on__lte=soon_until),
        "waiting": Q(status__in=WAITING_ON_APPLICANT),
    }


def reminder_digests(*, as_of: date) -> list[Digest]:
    """A digest for every active user with a clerk or reviewer membership, in user-name
    order, each with the applications of the units of those memberships (a user with
    something to report or not, with an e-mail address or not: the caller decides)."""
    soon_until = work_calendar().add_working_days(as_of, DUE_SOON_WORKING_DAYS)
    memberships = (
        Membership.objects.filter(role__in=REMINDED_ROLES, user__is_active=True)
        .values_list("user_id", "unit_id")
        .distinct()
    )
    units_of: dict[int, set[int]] = defaultdict(set)
    for user_id, unit_id in memberships:
        units_of[user_id].add(unit_id)
    users = get_user_model().objects.filter(pk__in=units_of).order_by("username")
    digests = {u.pk: Digest(user=u, soon_until=soon_until) for u in users}
    if not digests:
        return []
    people_of: dict[int, list[Digest]] = defaultdict(list)
    for user_id, unit_ids in units_of.items():
        for unit_id in unit_ids:
            people_of[unit_id].append(digests[user_id])
    filters = reminder_filters(as_of=as_of, soon_until=soon_until)
    wanted = filters["overdue"] | filters["due_soon"] | filters["waiting"]
    # The applicant's deadline of a correction or fee notice, for the waiting list.
    notice = Event.objects.filter(
        application=OuterRef("pk"),
        kind__in=[EventKind.CORRECTION_NOTICE, EventKind.FEE_NOTICE],
    ).order_by("-on", "-id")
    rows = (
        Application.objects.filter(wanted, unit_id__in=people_of)
        .only(*DIGEST_FIELDS)
        .annotate(unit_name=F("unit__name"), applicant_until=Subquery(notice.values("until")[:1]))
        .order_by(F("due_on").asc(nulls_last=True), "received_on", "id")
    )
    for app in rows:
        if app.status == Status.IN_PROGRESS:
            name = "overdue" if app.due_on is not None and app.due_on < as_of else "due_soon"
        else:
            name = "waiting"
        for digest in people_of[app.unit_id]:
            getattr(digest, name).append(app)
    return list(digests.values())
