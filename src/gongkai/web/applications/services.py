"""Everything that changes an application. Each service runs in one transaction that
also writes the audit log, checks the application's version (a second person saving
an application someone else changed meanwhile is refused), and re-derives the
application's status and due date from its ledger of events.

Error messages are module constants; tests import them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from gongkai.core.calendar import CalendarMissing, WorkCalendar
from gongkai.core.deadlines import (
    MAX_EXTENSION_DAYS,
    DeadlineError,
    DueDate,
    Pause,
    correction_notice_due,
    due_date,
)
from gongkai.web.applications.models import (
    OUTCOME_CHOICES,
    Appeal,
    Application,
    Channel,
    Event,
    EventKind,
    ServiceMethod,
    Status,
)
from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.audit.services import audit_record
from gongkai.web.units.models import Unit
from gongkai.web.workdays.services import work_calendar

E_RECEIVED_BEFORE_SUBMITTED = _(
    "The receipt date cannot be before the date the application was made."
)
E_IN_PERSON_RECEIPT = _(
    "An application made in person is received the day it is handed in (Art. 31)."
)
E_DATE_BEFORE_RECEIPT = _("This date is before the application was received ({received}).")
E_NOT_RECEIVED = _("The receipt of this application has not been confirmed yet.")
E_CLOSED = _("This application is closed: it already has its outcome ({outcome}).")
E_CORRECTION_TWICE = _("A correction notice may be sent only once (Art. 30).")
E_CORRECTION_LATE = _("A correction notice must go out within 7 working days of receipt, by {due}.")
E_NO_CORRECTION_PENDING = _("No correction notice is waiting for the applicant.")
E_CORRECTION_DEADLINE = _(
    "The applicant's deadline for the correction must be after the notice date."
)
E_LAPSE_EARLY = _("The applicant's deadline ({deadline}) has not passed yet.")
E_EXTENSION_TWICE = _("The reply period may be extended only once.")
E_EXTENSION_DAYS = _("An extension is 1 to 20 working days (Art. 33).")
E_EXTENSION_LATE = _("An extension must be approved by the due date ({due}).")
E_EXTENSION_APPROVER = _("An extension must be approved by a reviewer of the unit.")
E_NO_FEE_PENDING = _("No fee notice is waiting for payment.")
E_CONSULTATION_OPEN = _("This consultation has already been answered.")
E_BAD_OUTCOME = _("Choose one outcome from the rows of Table 3.")
E_TRANSFER_SAME = _("The application is already with this unit.")
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
E_REPLY_BEFORE_ANSWER = _(
    "The reply cannot be dated before the answer to the consultation it waited for ({answered})."
)

#: Channels whose receipt date is not the day the application is handed in (Art. 31).
CONFIRMED_CHANNELS = (
    Channel.POST_SIGNED,
    Channel.POST_ORDINARY,
    Channel.ONLINE,
    Channel.FAX,
    Channel.EMAIL,
)


class ServiceError(Exception):
    """A change refused, with a message for the person who asked for it (and the field it concerns)."""

    def __init__(self, message: Any, *, field: str | None = None, **params: Any) -> None:
        self.field = field
        self.message = str(message).format(**params) if params else str(message)
        super().__init__(self.message)


def _new_tracking_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "GK" + "".join(secrets.choice(alphabet) for _ in range(10))
        if not Application.objects.filter(tracking_code=code).exists():
            return code


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
def application_register(
    *,
    unit: Unit,
    channel: str,
    category: str,
    applicant_name: str,
    description: str,
    form_wanted: str,
    submitted_on: date,
    received_on: date | None = None,
    id_number: str = "",
    phone: str = "",
    address: str = "",
    email: str = "",
    actor: Any = None,
    as_of: date,
) -> Application:
    """Register an application. In person, the receipt date is the day it is handed in;
    by post it is the signature date, for an ordinary letter the day the office confirms
    with the applicant, online or by fax the day both sides confirm (Art. 31) — until
    then the application waits for confirmation and its clock has not started."""
    _not_future(submitted_on, as_of, "submitted_on")
    if received_on is not None:
        _not_future(received_on, as_of, "received_on")
    if received_on is not None and received_on < submitted_on:
        raise ServiceError(E_RECEIVED_BEFORE_SUBMITTED, field="received_on")
    if channel == Channel.IN_PERSON:
        if received_on is not None and received_on != submitted_on:
            raise ServiceError(E_IN_PERSON_RECEIPT, field="received_on")
        received_on = submitted_on
    app = Application.objects.create(
        unit=unit,
        tracking_code=_new_tracking_code(),
        channel=channel,
        category=category,
        applicant_name=applicant_name,
        id_number=id_number,
        phone=phone,
        address=address,
        email=email,
        description=description,
        form_wanted=form_wanted,
        submitted_on=submitted_on,
        received_on=received_on,
        status=Status.AWAITING_CONFIRMATION,
    )
    if received_on is not None:
        _event(app, EventKind.RECEIVED, received_on, actor)
    app = _refresh(app, as_of=as_of, expected_version=None)
    audit_record(
        actor=actor,
        action="application.register",
        obj=app,
        unit=unit,
        channel=channel,
        category=category,
    )
    return app


@transaction.atomic
def application_confirm_receipt(
    *,
    application: Application,
    on: date,
    actor: Any,
    as_of: date,
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    if app.received_on is not None:
        raise ServiceError(_("The receipt of this application is already confirmed."))
    if on < app.submitted_on:
        raise ServiceError(E_RECEIVED_BEFORE_SUBMITTED, field="on")
    _in_order(app, on, as_of)
    app.received_on = on
    return _step(
        app,
        EventKind.RECEIVED,
        on,
        actor,
        as_of,
        "application.confirm_receipt",
        audit={"on": on.isoformat()},
    )


@transaction.atomic
def application_correction_notice(
    *,
    application: Application,
    on: date,
    deadline: date,
    actor: Any,
    as_of: date,
    note: str = "",
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    _open(app)
    _not_before_receipt(app, on, "on")
    _in_order(app, on, as_of)
    if app.events.filter(kind=EventKind.CORRECTION_NOTICE).exists():
        raise ServiceError(E_CORRECTION_TWICE)
    assert app.received_on is not None
    cal = work_calendar()
    try:
        last = correction_notice_due(cal, app.received_on)
    except CalendarMissing as err:
        raise ServiceError(E_CALENDAR, year=err.year) from None
    # A limit counted over an unannounced year is an estimate: never refuse on it.
    if on > last and not cal.provisional_years(app.received_on + timedelta(days=1), on):
        raise ServiceError(E_CORRECTION_LATE, field="on", due=last.isoformat())
    if deadline <= on:
        raise ServiceError(E_CORRECTION_DEADLINE, field="deadline")
    return _step(
        app,
        EventKind.CORRECTION_NOTICE,
        on,
        actor,
        as_of,
        "application.correction_notice",
        until=deadline,
        note=note,
        audit={"on": on.isoformat(), "deadline": deadline.isoformat()},
    )


@transaction.atomic
def application_correction_received(
    *,
    application: Application,
    on: date,
    actor: Any,
    as_of: date,
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    _open(app)
    notice = app.events.filter(kind=EventKind.CORRECTION_NOTICE).first()
    if notice is None or app.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists():
        raise ServiceError(E_NO_CORRECTION_PENDING)
    if on < notice.on:
        raise ServiceError(
            _("The correction cannot arrive before the notice was sent ({sent})."),
            field="on",
            sent=notice.on.isoformat(),
        )
    _in_order(app, on, as_of)
    return _step(
        app,
        EventKind.CORRECTION_RECEIVED,
        on,
        actor,
        as_of,
        "application.correction_received",
        audit={"on": on.isoformat()},
    )


@transaction.atomic
def application_correction_lapsed(
    *,
    application: Application,
    on: date,
    actor: Any,
    as_of: date,
    expected_version: int | None = None,
) -> Application:
    """The applicant did not supplement in time: the application is closed as 其他处理/逾期不补正."""
    app = _lock(application, expected_version)
    _open(app)
    notice = app.events.filter(kind=EventKind.CORRECTION_NOTICE).first()
    if notice is None or app.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists():
        raise ServiceError(E_NO_CORRECTION_PENDING)
    assert notice.until is not None
    if on <= notice.until:
        raise ServiceError(E_LAPSE_EARLY, field="on", deadline=notice.until.isoformat())
    _in_order(app, on, as_of)
    return _step(
        app,
        EventKind.CORRECTION_LAPSED,
        on,
        actor,
        as_of,
        "application.correction_lapsed",
        audit={"on": on.isoformat()},
    )


@transaction.atomic
def application_consultation_start(
    *,
    application: Application,
    on: date,
    party: str,
    actor: Any,
    as_of: date,
    answered_on: date | None = None,
    party_kind: str = "third_party",
    expected_version: int | None = None,
) -> Application:
    """Consult a third party (Art. 32) or another organ (Art. 34): the time is not counted.
    ``party_kind`` (third_party / agency) picks the consultation letter's wording."""
    app = _lock(application, expected_version)
    _open(app)
    _not_before_receipt(app, on, "on")
    if answered_on is not None and answered_on < on:
        raise ServiceError(
            _("The answer cannot come before the consultation was sent."), field="answered_on"
        )
    _in_order(app, on, as_of)
    if answered_on is not None:
        _not_future(answered_on, as_of, "answered_on")
    return _step(
        app,
        EventKind.CONSULTATION,
        on,
        actor,
        as_of,
        "application.consultation",
        until=answered_on,
        party=party,
        party_kind=party_kind,
        audit={"on": on.isoformat(), "party_kind": party_kind},
    )


@transaction.atomic
def application_consultation_answered(
    *, event: Event, on: date, actor: Any, as_of: date, expected_version: int | None = None
) -> Application:
    app = _lock(event.application, expected_version)
    _open(app)
    event.refresh_from_db()
    if event.kind != EventKind.CONSULTATION or event.until is not None:
        raise ServiceError(E_CONSULTATION_OPEN)
    if on < event.on:
        raise ServiceError(
            _("The answer cannot come before the consultation was sent."), field="on"
        )
    _not_future(on, as_of, "on")
    Event.objects.filter(pk=event.pk).update(until=on)
    app = _refresh(app, as_of=as_of, expected_version=app.version)
    audit_record(
        actor=actor,
        action="application.consultation_answered",
        obj=app,
        unit=app.unit,
        on=on.isoformat(),
    )
    return app


@transaction.atomic
def application_fee_notice(
    *,
    application: Application,
    on: date,
    deadline: date,
    amount_yuan: int,
    actor: Any,
    as_of: date,
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    _open(app)
    _not_before_receipt(app, on, "on")
    if app.events.filter(kind=EventKind.FEE_NOTICE).exists():
        raise ServiceError(_("A fee notice has already been sent."))
    _in_order(app, on, as_of)
    if deadline <= on:
        raise ServiceError(
            _("The payment deadline must be after the notice date."), field="deadline"
        )
    return _step(
        app,
        EventKind.FEE_NOTICE,
        on,
        actor,
        as_of,
        "application.fee_notice",
        until=deadline,
        note=f"{amount_yuan}元",
        audit={"amount_yuan": amount_yuan},
    )


def _fee_pending(app: Application) -> Event:
    notice = app.events.filter(kind=EventKind.FEE_NOTICE).first()
    if (
        notice is None
        or app.events.filter(kind__in=[EventKind.FEE_PAID, EventKind.FEE_LAPSED]).exists()
    ):
        raise ServiceError(E_NO_FEE_PENDING)
    return notice


@transaction.atomic
def application_fee_paid(
    *,
    application: Application,
    on: date,
    actor: Any,
    as_of: date,
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    _open(app)
    notice = _fee_pending(app)
    if on < notice.on:
        raise ServiceError(
            _("Payment cannot come before the fee notice ({sent})."),
            field="on",
            sent=notice.on.isoformat(),
        )
    _in_order(app, on, as_of)
    return _step(
        app,
        EventKind.FEE_PAID,
        on,
        actor,
        as_of,
        "application.fee_paid",
        audit={"on": on.isoformat()},
    )


@transaction.atomic
def application_fee_lapsed(
    *,
    application: Application,
    on: date,
    actor: Any,
    as_of: date,
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    _open(app)
    notice = _fee_pending(app)
    assert notice.until is not None
    if on <= notice.until:
        raise ServiceError(E_LAPSE_EARLY, field="on", deadline=notice.until.isoformat())
    _in_order(app, on, as_of)
    return _step(
        app,
        EventKind.FEE_LAPSED,
        on,
        actor,
        as_of,
        "application.fee_lapsed",
        audit={"on": on.isoformat()},
    )


@transaction.atomic
def application_extend(
    *,
    application: Application,
    on: date,
    days: int,
    approved_by: Any,
    actor: Any,
    as_of: date,
    reason: str = "",
    expected_version: int | None = None,
) -> Application:
    """Extend the reply period (Art. 33): once, 1–20 working days, approved by a reviewer by the due date."""
    from gongkai.web.units.selectors import unit_can_approve

    app = _lock(application, expected_version)
    _open(app)
    _not_before_receipt(app, on, "on")
    if app.events.filter(kind=EventKind.EXTENSION).exists():
        raise ServiceError(E_EXTENSION_TWICE)
    _in_order(app, on, as_of)
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ServiceError(E_EXTENSION_DAYS, field="days")
    if not unit_can_approve(user=approved_by, unit=app.unit):
        raise ServiceError(E_EXTENSION_APPROVER, field="approved_by")
    current = application_derive(app, as_of=as_of).due
    if current is not None and on > current.due:
        raise ServiceError(E_EXTENSION_LATE, field="on", due=current.due.isoformat())
    return _step(
        app,
        EventKind.EXTENSION,
        on,
        actor,
        as_of,
        "application.extend",
        days=days,
        approved_by=_user(approved_by),
        note=reason,
        audit={"days": days},
    )


@transaction.atomic
def application_transfer(
    *,
    application: Application,
    to_unit: Unit,
    on: date,
    actor: Any,
    as_of: date,
    note: str = "",
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    _open(app)
    _not_before_receipt(app, on, "on")
    if to_unit.pk == app.unit_id:
        raise ServiceError(E_TRANSFER_SAME, field="to_unit")
    _in_order(app, on, as_of)
    from_unit = app.unit
    _event(
        app, EventKind.TRANSFER, on, actor, party=f"{from_unit.name} → {to_unit.name}", note=note
    )
    app.unit = to_unit
    app = _refresh(app, as_of=as_of, expected_version=app.version)
    audit_record(
        actor=actor, action="application.transfer", obj=app, unit=from_unit, to_unit=to_unit.code
    )
    return app


@transaction.atomic
def application_reply(
    *,
    application: Application,
    on: date,
    outcome: str,
    legal_basis: str,
    service_method: str,
    actor: Any,
    as_of: date,
    note: str = "",
    withheld: str = "",
    expected_version: int | None = None,
) -> Application:
    """The reply: exactly one outcome, a Table 3 row (区分处理 counts as 部分公开). ``on`` is the
    reply date for the deadline: the signature date when handed over, the day handed to the
    post office (交邮之日) when posted."""
    app = _lock(application, expected_version)
    _open(app)
    _not_before_receipt(app, on, "on")
    if outcome not in dict(OUTCOME_CHOICES) or outcome.endswith((".no_correction", ".fee_unpaid")):
        raise ServiceError(E_BAD_OUTCOME, field="outcome")
    if service_method not in ServiceMethod.values:
        raise ServiceError(_("Choose how the reply is served."), field="service_method")
    _in_order(app, on, as_of)
    answered = (
        app.events.filter(kind=EventKind.CONSULTATION, until__isnull=False)
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
    )
    if answered is not None and on < answered:
        raise ServiceError(E_REPLY_BEFORE_ANSWER, field="on", answered=answered.isoformat())
    return _step(
        app,
        EventKind.REPLY,
        on,
        actor,
        as_of,
        "application.reply",
        outcome=outcome,
        legal_basis=legal_basis,
        service_method=service_method,
        note=note,
        withheld=withheld.strip() if outcome == "apply.result.partial" else "",
        audit={"outcome": outcome},
    )


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


@transaction.atomic
def appeal_create(
    *,
    application: Application,
    kind: str,
    result: str,
    filed_on: date,
    decided_on: date | None,
    actor: Any,
    as_of: date,
) -> Appeal:
    """Record a reconsideration or lawsuit over an application, as it stands today: a case
    is not filed, nor decided, after today. (Cases of past years loaded in bulk go in
    directly, as the demo loads them.)"""
    _not_future(filed_on, as_of, "filed_on")
    if decided_on is not None:
        _not_future(decided_on, as_of, "decided_on")
    appeal = Appeal.objects.create(
        unit=application.unit,
        application=application,
        kind=kind,
        result=result,
        filed_on=filed_on,
        decided_on=decided_on,
    )
    audit_record(actor=actor, action="appeal.create", obj=appeal, unit=application.unit, kind=kind)
    return appeal


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


def application_attach_identity(*, application: Application, upload: Any) -> Application:
    """Keep the applicant's uploaded identity document with the application (private
    storage). The file is written inside the transaction that records it and removed if
    that transaction does not commit (``private_files.removed_on_rollback``)."""
    with removed_on_rollback() as written:
        return _identity_keep(application, upload, written)


def application_register_online(*, identity_document: Any = None, **fields: Any) -> Application:
    """Register an application (:func:`application_register`'s fields) and keep the
    identity document uploaded with it, in one transaction: either both are saved or
    neither is — the file is written before the commit and removed if it does not happen;
    a process killed in between leaves only a file no record names, which
    ``gongkai manage sweep_uploads`` removes."""
    with removed_on_rollback() as written:
        app = application_register(**fields)
        if identity_document:
            app = _identity_keep(app, identity_document, written)
        return app


def _identity_keep(application: Application, upload: Any, written: list[str]) -> Application:
    """In the caller's transaction: write the file, name it in the record, audit it. A
    document it replaces is removed once the replacement is committed."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    previous = app.identity_document.name
    app.identity_document.save(f"{app.tracking_code}-{upload.name[-40:]}", upload, save=False)
    written.append(str(app.identity_document.name))
    app.save(update_fields=["identity_document"])
    audit_record(actor=None, action="application.identity_upload", obj=app, unit=app.unit)
    if previous and previous != app.identity_document.name:
        storage = app.identity_document.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return app


#: What an identity document may be, told by its first bytes (never by its name):
#: the extension and the content type it is served with.
IDENTITY_KINDS = {
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"%PDF-": ("pdf", "application/pdf"),
}
E_NO_IDENTITY_DOCUMENT = _("This application has no identity document.")


@dataclass(frozen=True)
class IdentityDocument:
    """An identity document opened for reading; the caller closes ``file``."""

    file: Any
    content_type: str
    filename: str


def application_identity_document_open(*, application: Application, actor: Any) -> IdentityDocument:
    """Open the application's uploaded identity document for ``actor`` — whom the caller
    has found to be one of the unit's staff (``unit_can_view_personal_data``) — and write
    the audit-log row of the view: who, which application, never the file's name (the
    applicant named it) or anything in it. No row, no document.

    Its content type comes from its first bytes (what the upload was checked for), or
    ``application/octet-stream``; its file name is the tracking code's."""
    name = application.identity_document.name
    storage = application.identity_document.storage
    if not name or not storage.exists(name):
        raise ServiceError(E_NO_IDENTITY_DOCUMENT)
    fh = storage.open(name, "rb")
    try:
        head = fh.read(16)
        fh.seek(0)
        ext, content_type = next(
            (kind for magic, kind in IDENTITY_KINDS.items() if head.startswith(magic)),
            ("bin", "application/octet-stream"),
        )
        audit_record(
            actor=actor,
            action="application.identity_view",
            obj=application,
            unit=application.unit,
        )
    except BaseException:
        fh.close()
        raise
    return IdentityDocument(
        file=fh,
        content_type=content_type,
        filename=f"{application.tracking_code}-identity.{ext}",
    )


def letter_issue(**kwargs: Any) -> Any:
    """Issue a letter: see :func:`gongkai.web.applications.letter_services.letter_issue`."""
    from gongkai.web.applications.letter_services import letter_issue as issue

    return issue(**kwargs)
