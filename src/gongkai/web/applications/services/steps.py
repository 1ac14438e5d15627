"""What every service of an application shares: the refusal (:class:`ServiceError`), the
state and due date derived from the application's ledger of events
(:func:`application_derive`), the lock with the version check, the checks on a step's
date, and the recording of a step (event, re-derived state, audit row). Also the two
services that change no state of their own: a note in the ledger, and re-deriving the
open applications' due dates after the calendar changed.

Error messages are module constants; tests import them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from gongkai.core.calendar import CalendarMissing, WorkCalendar
from gongkai.core.deadlines import DeadlineError, DueDate, Pause, due_date
from gongkai.web.applications.models import OUTCOME_CHOICES, Application, Event, EventKind, Status
from gongkai.web.audit.services import audit_record
from gongkai.web.workdays.services import work_calendar

E_DATE_BEFORE_RECEIPT = _("This date is before the application was received ({received}).")
E_NOT_RECEIVED = _("The receipt of this application has not been confirmed yet.")
E_CLOSED = _("This application is closed: it already has its outcome ({outcome}).")
E_STALE = _(
    "Someone else changed this application while you were editing it. Reload the page and try again."
)
E_NOTE_EMPTY = _("Write the note.")
E_CALENDAR = _(
    "The working days of {year} can be neither read from the calendar nor computed by rule."
)
E_FUTURE = _("This date ({day}) is after today ({today}): record a step once it has happened.")
E_BEFORE_PREVIOUS = _(
    "This date ({day}) is before the last step in the ledger ({previous}): the ledger runs in date order."
)


class ServiceError(Exception):
    """A change refused, with a message for the person who asked for it (and the field it concerns)."""

    def __init__(self, message: Any, *, field: str | None = None, **params: Any) -> None:
        self.field = field
        self.message = str(message).format(**params) if params else str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class Derived:
    status: str
    due: DueDate | None
    outcome: str
    closed_on: date | None
    correction_deadline: date | None


def application_derive(
    app: Application, *, as_of: date, calendar: WorkCalendar | None = None
) -> Derived:
    """The state and due date the ledger gives, as of ``as_of``."""
    # Notes change nothing here. (Through .all(), so that a prefetched ledger is used.)
    events = [e for e in app.events.all() if e.kind != EventKind.NOTE]
    outcome, closed_on = "", None
    for e in events:
        if e.kind == EventKind.REPLY:
            outcome, closed_on = e.outcome, e.on
        elif e.kind == EventKind.CORRECTION_LAPSED:
            outcome, closed_on = "apply.result.other.no_correction", e.on
        elif e.kind == EventKind.FEE_LAPSED:
            outcome, closed_on = "apply.result.other.fee_unpaid", e.on
    notice = next((e for e in events if e.kind == EventKind.CORRECTION_NOTICE), None)
    corrected = next((e for e in events if e.kind == EventKind.CORRECTION_RECEIVED), None)
    fee = next((e for e in events if e.kind == EventKind.FEE_NOTICE), None)
    paid = next((e for e in events if e.kind == EventKind.FEE_PAID), None)
    open_consultation = any(e.kind == EventKind.CONSULTATION and e.until is None for e in events)
    if closed_on is not None:
        status = Status.CLOSED
    elif app.received_on is None:
        status = Status.AWAITING_CONFIRMATION
    elif notice is not None and corrected is None:
        status = Status.AWAITING_CORRECTION
    elif fee is not None and paid is None:
        status = Status.AWAITING_FEE
    elif open_consultation:
        status = Status.CONSULTING
    else:
        status = Status.IN_PROGRESS
    due = None
    if app.received_on is not None and status != Status.AWAITING_CORRECTION:
        pauses = [
            Pause(
                e.on,
                e.until or max(as_of, e.on),
                "征求意见" + (f"（{e.party}）" if e.party else ""),
            )
            for e in events
            if e.kind == EventKind.CONSULTATION
        ]
        if fee is not None:
            pauses.append(
                Pause(fee.on, paid.on if paid else max(as_of, fee.on), "等待缴纳信息处理费")
            )
        cal = calendar or work_calendar()
        try:
            due = due_date(
                cal,
                received=app.received_on,
                correction_received=corrected.on if corrected else None,
                extension_days=sum(e.days or 0 for e in events if e.kind == EventKind.EXTENSION),
                pauses=pauses,
            )
        except CalendarMissing as err:
            raise ServiceError(E_CALENDAR, year=err.year) from None
        except DeadlineError as err:
            raise ServiceError(str(err)) from None
    return Derived(
        status, due, outcome, closed_on, notice.until if notice and corrected is None else None
    )


def _refresh(app: Application, *, as_of: date, expected_version: int | None) -> Application:
    """Re-derive status and due date, and save with a version check."""
    d = application_derive(app, as_of=as_of)
    query = Application.objects.filter(pk=app.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    updated = query.update(
        status=d.status,
        due_on=d.due.due if d.due else None,
        due_provisional=bool(d.due and d.due.provisional),
        outcome=d.outcome,
        closed_on=d.closed_on,
        received_on=app.received_on,
        unit=app.unit,
        version=F("version") + 1,
    )
    if updated != 1:
        raise ServiceError(E_STALE)
    app.status, app.due_on, app.outcome, app.closed_on = (
        d.status,
        d.due.due if d.due else None,
        d.outcome,
        d.closed_on,
    )
    app.due_provisional = bool(d.due and d.due.provisional)
    app.version = (expected_version if expected_version is not None else app.version) + 1
    return app


def _lock(app: Application, expected_version: int | None) -> Application:
    fresh = Application.objects.select_for_update().get(pk=app.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ServiceError(E_STALE)
    return fresh


def _open(app: Application) -> None:
    if app.closed_on is not None:
        raise ServiceError(E_CLOSED, outcome=dict(OUTCOME_CHOICES).get(app.outcome, app.outcome))
    if app.received_on is None:
        raise ServiceError(E_NOT_RECEIVED)


def _not_before_receipt(app: Application, day: date, field: str) -> None:
    assert app.received_on is not None
    if day < app.received_on:
        raise ServiceError(E_DATE_BEFORE_RECEIPT, field=field, received=app.received_on.isoformat())


def _not_future(day: date, as_of: date, field: str) -> None:
    """A step is recorded once it has happened: never dated after today."""
    if day > as_of:
        raise ServiceError(E_FUTURE, field=field, day=day.isoformat(), today=as_of.isoformat())


def _in_order(app: Application, day: date, as_of: date, field: str = "on") -> None:
    """A new step of the ledger is dated today or earlier, and not before the step before it
    (notes, which change nothing, are left out of the order)."""
    _not_future(day, as_of, field)
    previous = (
        app.events.exclude(kind=EventKind.NOTE).order_by("-on").values_list("on", flat=True).first()
    )
    if previous is not None and day < previous:
        raise ServiceError(
            E_BEFORE_PREVIOUS, field=field, day=day.isoformat(), previous=previous.isoformat()
        )


def _event(app: Application, kind: str, on: date, actor: Any, **fields: Any) -> Event:
    return Event.objects.create(
        application=app, kind=kind, on=on, created_by=_user(actor), **fields
    )


def _step(
    app: Application,
    kind: str,
    on: date,
    actor: Any,
    as_of: date,
    action: str,
    *,
    audit: dict[str, Any] | None = None,
    **fields: Any,
) -> Application:
    """The end of every service that records a step: the event in the ledger, the
    application re-derived (with the version check), and the audit row."""
    _event(app, kind, on, actor, **fields)
    app = _refresh(app, as_of=as_of, expected_version=app.version)
    audit_record(actor=actor, action=action, obj=app, unit=app.unit, **(audit or {}))
    return app


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def application_note(
    *,
    application: Application,
    on: date,
    text: str,
    actor: Any,
    as_of: date,
    expected_version: int | None = None,
) -> Application:
    """A note in the ledger (a telephone call, a reminder, a file handed over): it changes
    neither the state nor the due date, but it is a change of the application like any
    other, with the version check and an audit row."""
    app = _lock(application, expected_version)
    if not text.strip():
        raise ServiceError(E_NOTE_EMPTY, field="text")
    _not_future(on, as_of, "on")
    return _step(app, EventKind.NOTE, on, actor, as_of, "application.note", note=text.strip())


def application_refresh_open(*, as_of: date, actor: Any = None, reason: str = "") -> int:
    """Re-derive every open application's due date after the calendar changed, in the
    caller's transaction (one for the change and all its consequences): each application
    whose due date moves, or stops or starts being an estimate, gets an audit row with
    the dates before and after. Returns how many changed."""
    changed = 0
    cal = work_calendar()
    open_apps = (
        Application.objects.exclude(status=Status.CLOSED)
        .exclude(received_on=None)
        .select_related("unit")
        .prefetch_related("events")
        .order_by("pk")
    )
    with transaction.atomic():
        for app in open_apps.iterator(chunk_size=500):
            before = (app.due_on, app.due_provisional)
            d = application_derive(app, as_of=as_of, calendar=cal)
            after = (d.due.due if d.due else None, bool(d.due and d.due.provisional))
            if after == before:
                continue
            Application.objects.filter(pk=app.pk).update(
                due_on=after[0], due_provisional=after[1], version=F("version") + 1
            )
            audit_record(
                actor=actor,
                action="application.recompute",
                obj=app,
                unit=app.unit,
                reason=reason,
                due_before=before[0].isoformat() if before[0] else None,
                due_after=after[0].isoformat() if after[0] else None,
                provisional_before=before[1],
                provisional_after=after[1],
            )
            changed += 1
    return changed
