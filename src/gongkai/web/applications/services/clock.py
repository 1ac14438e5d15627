"""The steps that stop or move the clock of an application: the correction notice
(补正, Art. 30) and the applicant's answer or silence, consultations of a third party or
another organ (Art. 32, 34), the fee notice and its payment or lapse, and the extension
of the reply period (Art. 33; the request and its approval are in
:mod:`gongkai.web.applications.extensions`).

Error messages are module constants; tests import them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.core.calendar import CalendarMissing
from gongkai.core.deadlines import MAX_EXTENSION_DAYS, correction_notice_due
from gongkai.web.applications.models import Application, Event, EventKind
from gongkai.web.applications.services.steps import (
    E_CALENDAR,
    ServiceError,
    _in_order,
    _lock,
    _not_before_receipt,
    _not_future,
    _open,
    _refresh,
    _step,
    _user,
    application_derive,
)
from gongkai.web.audit.services import audit_record
from gongkai.web.workdays.services import work_calendar

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


def _pending_correction_notice(app: Application) -> Event:
    """The correction notice the applicant has yet to answer, or :data:`E_NO_CORRECTION_PENDING`."""
    notice = app.events.filter(kind=EventKind.CORRECTION_NOTICE).first()
    if notice is None or app.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists():
        raise ServiceError(E_NO_CORRECTION_PENDING)
    return notice


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
    notice = _pending_correction_notice(app)
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
    notice = _pending_correction_notice(app)
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
