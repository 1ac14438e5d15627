"""The application ledger, driven through the real services (条例 Arts. 30–33).

Every expected due date below was counted by hand on the State Council's 2024
holiday notice, never computed with the code under test. 2024 facts used:
  中秋 9/15–9/17 off, Sat 9/14 调休 (a working day);
  国庆 10/1–10/7 off, Sun 9/29 and Sat 10/12 调休 (working days).
A count lists the working days after the start day with their number; the
receipt day itself is not counted.

The base case, received Fri 2024-09-27 (RECEIVED), is due Wed 2024-10-30 (DUE):
  [9/28 Sat] 9/29 Sun 调休 (1), 9/30 (2), [10/1–10/7], 10/8 (3), 10/9 (4), 10/10 (5),
  10/11 (6), 10/12 Sat 调休 (7), [10/13], 10/14 (8) … 10/18 (12), 10/21 (13) … 10/25 (17),
  10/28 (18), 10/29 (19), 10/30 (20).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.utils.translation import gettext

from gongkai.web.applications import services as apps
from gongkai.web.applications.models import (
    OUTCOME_CHOICES,
    Application,
    Event,
    EventKind,
    Status,
)
from gongkai.web.applications.services import (
    E_BAD_OUTCOME,
    E_CLOSED,
    E_CORRECTION_DEADLINE,
    E_CORRECTION_LATE,
    E_CORRECTION_TWICE,
    E_DATE_BEFORE_RECEIPT,
    E_EXTENSION_APPROVER,
    E_EXTENSION_DAYS,
    E_EXTENSION_LATE,
    E_EXTENSION_TWICE,
    E_IN_PERSON_RECEIPT,
    E_LAPSE_EARLY,
    E_NO_CORRECTION_PENDING,
    E_NO_FEE_PENDING,
    E_NOT_RECEIVED,
    E_RECEIVED_BEFORE_SUBMITTED,
    E_STALE,
    E_TRANSFER_SAME,
    ServiceError,
    clock,
    intake,
    outcomes,
    steps,
)
from gongkai.web.audit.models import AuditLog
from gongkai.web.workdays.models import CalendarDay, CalendarYear

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

D = date
RECEIVED = D(2024, 9, 27)  # a Friday, two days before the National Day make-up Sunday
DUE = D(2024, 10, 30)
LABEL = dict(OUTCOME_CHOICES)
# Defaults of the helpers below.
CORRECTION_DEADLINE = D(2024, 10, 25)
EXTENSION_ON = D(2024, 10, 28)
FEE_NOTICE_ON = D(2024, 10, 8)
FEE_DEADLINE = D(2024, 11, 5)
REPLY_ON = D(2024, 10, 21)


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _state(app: Application) -> tuple[dict[str, Any], int, int]:
    """The application's row, its number of events and the size of the audit log."""
    row = Application.objects.filter(pk=app.pk).values().get()
    return row, Event.objects.filter(application_id=app.pk).count(), AuditLog.objects.count()


def refused(
    app: Application,
    call: Callable[[], object],
    message: Any,
    *,
    field: str | None = None,
    **params: str,
) -> ServiceError:
    """``call`` is refused with ``message`` (formatted with ``params``) naming ``field``,
    and writes nothing: the application's row, its events and the audit log are as before.
    A message the services write inline, not as a constant, is given through ``gettext``
    so that it is compared in the language the service speaks."""
    before = _state(app)
    with pytest.raises(ServiceError) as info:
        call()
    expected = str(message).format(**params) if params else str(message)
    assert expected in info.value.message
    assert info.value.field == field
    assert _state(app) == before
    return info.value


@contextmanager
def one_audit_row(action: str, *, obj: Callable[[], Application], actor: Any) -> Iterator[None]:
    """The block writes exactly one audit row: ``action`` on the application, by ``actor``."""
    before = set(AuditLog.objects.values_list("pk", flat=True))
    yield
    rows = list(AuditLog.objects.exclude(pk__in=before))
    assert [r.action for r in rows] == [action]
    (row,) = rows
    assert row.object_type == "applications.application"
    assert row.object_id == str(obj().pk)
    assert row.actor == actor


def reload(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def kinds(app: Application) -> list[str]:
    return list(Event.objects.filter(application_id=app.pk).values_list("kind", flat=True))


# --------------------------------------------------------------------------------------
# Registration and the receipt date (Art. 31)
# --------------------------------------------------------------------------------------


def test_in_person_the_receipt_is_the_day_it_is_handed_in(register, county):
    app = register(channel="in_person", submitted_on=RECEIVED)
    app = reload(app)
    assert app.received_on == RECEIVED
    assert app.status == Status.IN_PROGRESS
    assert app.due_on == DUE
    assert kinds(app) == [EventKind.RECEIVED]
    log = AuditLog.objects.get(action="application.register")
    assert log.object_id == str(app.pk)
    assert log.unit == county.edu
    assert log.actor == county.clerk_edu


@pytest.mark.parametrize("channel", ["post_signed", "post_ordinary", "online", "fax", "email"])
def test_other_channels_wait_for_confirmation_and_the_clock_starts_on_it(
    register, county, as_of, channel
):
    app = register(channel=channel, submitted_on=D(2024, 9, 25))
    app = reload(app)
    assert app.received_on is None
    assert app.status == Status.AWAITING_CONFIRMATION
    assert app.due_on is None
    assert kinds(app) == []

    # Nothing can be done on an application whose receipt is not confirmed.
    refused(
        app,
        lambda: apps.application_reply(
            application=app,
            on=D(2024, 9, 30),
            outcome="apply.result.grant",
            legal_basis="第三十六条",
            service_method="direct",
            actor=county.clerk_edu,
            as_of=as_of,
        ),
        E_NOT_RECEIVED,
    )
    # Confirmed before the day it was made: refused.
    refused(
        app,
        lambda: apps.application_confirm_receipt(
            application=app, on=D(2024, 9, 24), actor=county.clerk_edu, as_of=as_of
        ),
        E_RECEIVED_BEFORE_SUBMITTED,
        field="on",
    )

    with one_audit_row("application.confirm_receipt", obj=lambda: app, actor=county.clerk_edu):
        app = apps.application_confirm_receipt(
            application=app, on=RECEIVED, actor=county.clerk_edu, as_of=as_of
        )
    app = reload(app)
    assert app.received_on == RECEIVED
    assert app.status == Status.IN_PROGRESS
    assert app.due_on == DUE
    assert kinds(app) == [EventKind.RECEIVED]

    # A second confirmation is refused.
    refused(
        app,
        lambda: apps.application_confirm_receipt(
            application=app, on=D(2024, 9, 30), actor=county.clerk_edu, as_of=as_of
        ),
        gettext("The receipt of this application is already confirmed."),
    )


def test_a_confirmation_day_given_at_registration_starts_the_clock(register):
    app = reload(register(channel="online", submitted_on=D(2024, 9, 26), received_on=RECEIVED))
    assert (app.received_on, app.status, app.due_on) == (RECEIVED, Status.IN_PROGRESS, DUE)


@pytest.mark.parametrize("channel", ["in_person", "post_signed", "online"])
def test_received_before_submitted_is_refused_and_nothing_is_written(register, channel):
    with pytest.raises(ServiceError) as info:
        register(channel=channel, submitted_on=RECEIVED, received_on=D(2024, 9, 26))
    assert str(E_RECEIVED_BEFORE_SUBMITTED) in info.value.message
    assert info.value.field == "received_on"
    assert not Application.objects.exists()
    assert not Event.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="application.").exists()


def test_in_person_a_different_receipt_day_is_refused(register):
    # Art. 31: in person, the application is received the day it is handed in; a later
    # "receipt" would move the statutory deadline.
    with pytest.raises(ServiceError) as info:
        register(channel="in_person", submitted_on=RECEIVED, received_on=D(2024, 9, 30))
    assert str(E_IN_PERSON_RECEIPT) in info.value.message
    assert info.value.field == "received_on"
    assert not Application.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="application.").exists()
    # The same day, given explicitly, is of course accepted.
    app = register(channel="in_person", submitted_on=RECEIVED, received_on=RECEIVED)
    assert (app.received_on, app.due_on) == (RECEIVED, DUE)


def test_a_year_without_holiday_data_gets_an_estimated_due_date_until_it_is_entered(
    register, county
):
    # The bundled data ends with 2026: a 2027 receipt is counted by the 放假办法's rule,
    # never refused. Mon 2027-03-01, no holiday by rule in March: 3/2 (1) … 3/5 (4),
    # 3/8 (5) … 3/12 (9), 3/15 (10) … 3/19 (14), 3/22 (15) … 3/26 (19), 3/29 (20).
    from gongkai.core.holiday_notice import HolidayArrangement
    from gongkai.web.workdays.services import calendar_save_arrangement

    received = D(2027, 3, 1)
    app = register(submitted_on=received, as_of=received)
    assert (app.due_on, app.due_provisional) == (D(2027, 3, 29), True)
    assert reload(app).due_provisional is True
    # The office enters 2027's arrangement (here a hypothetical one with Mon 3/15 off):
    # the due date moves one working day and is no longer an estimate, with an audit row.
    changed = calendar_save_arrangement(
        arrangement=HolidayArrangement(
            year=2027, days_off={D(2027, 3, 15): "测试假日"}, workdays={}, title="测试"
        ),
        actor=county.office,
        as_of=received,
    )
    assert changed == 1
    assert (reload(app).due_on, reload(app).due_provisional) == (D(2027, 3, 30), False)
    row = AuditLog.objects.get(action="application.recompute", object_id=str(app.pk))
    assert row.data["due_before"] == "2027-03-29" and row.data["due_after"] == "2027-03-30"
    assert row.data["provisional_before"] is True and row.data["provisional_after"] is False
    assert AuditLog.objects.filter(action="calendar.arrangement").count() == 1
    assert CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # 9/29 Sun 调休 (1) … see the module docstring … 10/30 (20)
        (D(2024, 9, 27), D(2024, 10, 30)),
        # 9/14 Sat 调休 (1), [9/15–9/17 中秋], 9/18 (2) … 9/20 (4), 9/23 (5) … 9/27 (9),
        # 9/29 Sun 调休 (10), 9/30 (11), [10/1–10/7], 10/8 (12) … 10/11 (15),
        # 10/12 Sat 调休 (16), 10/14 (17), 10/15 (18), 10/16 (19), 10/17 (20)
        (D(2024, 9, 13), D(2024, 10, 17)),
        # no holiday: 11/5 (1) … 11/8 (4), 11/11 (5) … 11/15 (9), 11/18 (10) … 11/22 (14),
        # 11/25 (15) … 11/29 (19), 12/2 (20)
        (D(2024, 11, 4), D(2024, 12, 2)),
    ],
)
def test_due_date_is_the_20th_working_day_after_receipt(register, received, due):
    app = register(submitted_on=received)
    assert app.due_on == due
    assert reload(app).due_on == due


# --------------------------------------------------------------------------------------
# 补正 (Art. 30)
# --------------------------------------------------------------------------------------


def _notice(app, county, as_of, on, deadline=CORRECTION_DEADLINE, **kw):
    return apps.application_correction_notice(
        application=app, on=on, deadline=deadline, actor=county.clerk_edu, as_of=as_of, **kw
    )


def test_correction_notice_within_7_working_days_only_and_only_once(register, county, as_of):
    # The 7th working day after Fri 9/27: 9/29 Sun 调休 (1), 9/30 (2), 10/8 (3), 10/9 (4),
    # 10/10 (5), 10/11 (6), 10/12 Sat 调休 (7).
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: _notice(app, county, as_of, D(2024, 10, 14)),
        E_CORRECTION_LATE,
        field="on",
        due="2024-10-12",
    )
    refused(
        app,
        lambda: _notice(app, county, as_of, D(2024, 9, 26)),
        E_DATE_BEFORE_RECEIPT,
        field="on",
        received="2024-09-27",
    )
    refused(
        app,
        lambda: _notice(app, county, as_of, D(2024, 10, 12), deadline=D(2024, 10, 12)),
        E_CORRECTION_DEADLINE,
        field="deadline",
    )

    with one_audit_row("application.correction_notice", obj=lambda: app, actor=county.clerk_edu):
        app = _notice(app, county, as_of, D(2024, 10, 12))  # the last allowed day
    app = reload(app)
    assert app.status == Status.AWAITING_CORRECTION
    assert app.due_on is None  # the clock restarts only when the supplement arrives
    assert kinds(app) == [EventKind.RECEIVED, EventKind.CORRECTION_NOTICE]

    refused(app, lambda: _notice(app, county, as_of, D(2024, 10, 12)), E_CORRECTION_TWICE)


def test_correction_received_restarts_the_clock(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    app = _notice(app, county, as_of, D(2024, 10, 9))
    refused(
        app,
        lambda: apps.application_correction_received(
            application=app, on=D(2024, 10, 8), actor=county.clerk_edu, as_of=as_of
        ),
        gettext("The correction cannot arrive before the notice was sent ({sent})."),
        field="on",
        sent="2024-10-09",
    )
    with one_audit_row("application.correction_received", obj=lambda: app, actor=county.clerk_edu):
        app = apps.application_correction_received(
            application=app, on=D(2024, 10, 11), actor=county.clerk_edu, as_of=as_of
        )
    # From Fri 10/11: 10/12 Sat 调休 (1), 10/14 (2) … 10/18 (6), 10/21 (7) … 10/25 (11),
    # 10/28 (12) … 11/1 (16), 11/4 (17), 11/5 (18), 11/6 (19), 11/7 (20).
    app = reload(app)
    assert app.status == Status.IN_PROGRESS
    assert app.due_on == D(2024, 11, 7)

    # Only one supplement is waited for; a lapse after it is refused too.
    refused(
        app,
        lambda: apps.application_correction_received(
            application=app, on=D(2024, 10, 14), actor=county.clerk_edu, as_of=as_of
        ),
        E_NO_CORRECTION_PENDING,
    )
    refused(
        app,
        lambda: apps.application_correction_lapsed(
            application=app, on=D(2024, 10, 28), actor=county.clerk_edu, as_of=as_of
        ),
        E_NO_CORRECTION_PENDING,
    )


def test_correction_lapsed_closes_as_no_correction_only_after_the_deadline(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: apps.application_correction_lapsed(
            application=app, on=D(2024, 11, 1), actor=county.clerk_edu, as_of=as_of
        ),
        E_NO_CORRECTION_PENDING,
    )
    app = _notice(app, county, as_of, D(2024, 10, 9), deadline=D(2024, 10, 25))
    # On the deadline itself the applicant still has time.
    refused(
        app,
        lambda: apps.application_correction_lapsed(
            application=app, on=D(2024, 10, 25), actor=county.clerk_edu, as_of=as_of
        ),
        E_LAPSE_EARLY,
        field="on",
        deadline="2024-10-25",
    )
    with one_audit_row("application.correction_lapsed", obj=lambda: app, actor=county.clerk_edu):
        app = apps.application_correction_lapsed(
            application=app, on=D(2024, 10, 28), actor=county.clerk_edu, as_of=as_of
        )
    app = reload(app)
    assert app.status == Status.CLOSED
    assert app.outcome == "apply.result.other.no_correction"
    assert app.closed_on == D(2024, 10, 28)
    refused(
        app,
        lambda: apps.application_correction_received(
            application=app, on=D(2024, 10, 29), actor=county.clerk_edu, as_of=as_of
        ),
        E_CLOSED,
        outcome=LABEL["apply.result.other.no_correction"],
    )


# --------------------------------------------------------------------------------------
# Consultations (Arts. 32, 34): the time is not counted
# --------------------------------------------------------------------------------------


def test_a_consultation_pauses_the_clock(register, county):
    app = register(submitted_on=RECEIVED)
    with one_audit_row("application.consultation", obj=lambda: app, actor=county.clerk_edu):
        app = apps.application_consultation_start(
            application=app,
            on=D(2024, 10, 8),
            party="第三方企业",
            actor=county.clerk_edu,
            as_of=D(2024, 10, 18),
        )
    # Open on 10/18, the pause runs to that day: the working days after 10/8 up to 10/18
    # are 10/9, 10/10, 10/11, 10/12 Sat 调休, 10/14 … 10/18 = 9; DUE + 9:
    # 10/31 (1), 11/1 (2), 11/4 (3) … 11/8 (7), 11/11 (8), 11/12 (9).
    app = reload(app)
    assert app.status == Status.CONSULTING
    assert app.due_on == D(2024, 11, 12)

    event = Event.objects.get(application=app, kind=EventKind.CONSULTATION)
    refused(
        app,
        lambda: apps.application_consultation_answered(
            event=event, on=D(2024, 10, 7), actor=county.clerk_edu, as_of=D(2024, 10, 18)
        ),
        gettext("The answer cannot come before the consultation was sent."),
        field="on",
    )
    with one_audit_row(
        "application.consultation_answered", obj=lambda: app, actor=county.clerk_edu
    ):
        app = apps.application_consultation_answered(
            event=event, on=D(2024, 10, 18), actor=county.clerk_edu, as_of=D(2024, 11, 20)
        )
    app = reload(app)
    assert app.status == Status.IN_PROGRESS
    assert app.due_on == D(2024, 11, 12)  # answered on 10/18: the same 9 days, whatever today is
    refused(
        app,
        lambda: apps.application_consultation_answered(
            event=event, on=D(2024, 10, 21), actor=county.clerk_edu, as_of=D(2024, 11, 20)
        ),
        apps.E_CONSULTATION_OPEN,
    )


def test_overlapping_consultations_count_each_working_day_once(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    for on, answered in ((D(2024, 10, 8), D(2024, 10, 18)), (D(2024, 10, 14), D(2024, 10, 22))):
        app = apps.application_consultation_start(
            application=app,
            on=on,
            party="其他机关",
            answered_on=answered,
            actor=county.clerk_edu,
            as_of=as_of,
        )
    # First: 10/9, 10/10, 10/11, 10/12, 10/14 … 10/18 (9 days). Second: 10/15 … 10/18,
    # 10/21, 10/22 — only 10/21 and 10/22 are new: 11 days. DUE + 11:
    # 11/12 is the 9th (above), 11/13 (10), 11/14 (11).
    app = reload(app)
    assert app.status == Status.IN_PROGRESS
    assert app.due_on == D(2024, 11, 14)


# --------------------------------------------------------------------------------------
# Extension (Art. 33)
# --------------------------------------------------------------------------------------


def _extend(app, county, as_of, *, on=EXTENSION_ON, days=15, approved_by=None):
    return apps.application_extend(
        application=app,
        on=on,
        days=days,
        approved_by=approved_by or county.reviewer_edu,
        actor=county.clerk_edu,
        as_of=as_of,
        reason="需要调取档案",
    )


@pytest.mark.parametrize("days", [0, 21])
def test_extension_days_out_of_range_are_refused(register, county, as_of, days):
    app = register(submitted_on=RECEIVED)
    refused(app, lambda: _extend(app, county, as_of, days=days), E_EXTENSION_DAYS, field="days")


def test_extension_needs_a_reviewer_of_the_unit(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    for user in (county.clerk_edu, county.reviewer_env, county.supervisor, county.outsider):
        refused(
            app,
            lambda user=user: _extend(app, county, as_of, approved_by=user),
            E_EXTENSION_APPROVER,
            field="approved_by",
        )


def test_extension_after_the_due_date_is_refused(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: _extend(app, county, as_of, on=D(2024, 10, 31)),
        E_EXTENSION_LATE,
        field="on",
        due="2024-10-30",
    )


def test_extension_by_a_reviewer_moves_the_due_date_once(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    with one_audit_row("application.extend", obj=lambda: app, actor=county.clerk_edu):
        app = _extend(app, county, as_of, on=DUE, days=15)  # on the due date itself: in time
    # DUE + 15: 10/31 (1), 11/1 (2), 11/4 (3) … 11/8 (7), 11/11 (8) … 11/15 (12),
    # 11/18 (13), 11/19 (14), 11/20 (15).
    app = reload(app)
    assert app.due_on == D(2024, 11, 20)
    event = Event.objects.get(application=app, kind=EventKind.EXTENSION)
    assert (event.days, event.approved_by, event.created_by) == (
        15,
        county.reviewer_edu,
        county.clerk_edu,
    )
    refused(app, lambda: _extend(app, county, as_of, on=D(2024, 11, 1), days=5), E_EXTENSION_TWICE)


# --------------------------------------------------------------------------------------
# Fees (109号): the clock waits for the payment
# --------------------------------------------------------------------------------------


def _fee_notice(app, county, as_of, on=FEE_NOTICE_ON, deadline=FEE_DEADLINE):
    return apps.application_fee_notice(
        application=app,
        on=on,
        deadline=deadline,
        amount_yuan=200,
        actor=county.clerk_edu,
        as_of=as_of,
    )


def test_fee_notice_then_paid_pauses_the_clock(register, county):
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: apps.application_fee_paid(
            application=app, on=D(2024, 10, 9), actor=county.clerk_edu, as_of=D(2024, 10, 9)
        ),
        E_NO_FEE_PENDING,
    )
    with one_audit_row("application.fee_notice", obj=lambda: app, actor=county.clerk_edu):
        app = _fee_notice(app, county, as_of=D(2024, 10, 18))
    app = reload(app)
    assert app.status == Status.AWAITING_FEE
    # Waiting since 10/8, as of 10/18: 9 working days (as for the consultation above).
    assert app.due_on == D(2024, 11, 12)
    assert AuditLog.objects.get(action="application.fee_notice").data == {"amount_yuan": 200}
    refused(
        app,
        lambda: _fee_notice(app, county, as_of=D(2024, 10, 18)),
        gettext("A fee notice has already been sent."),
    )

    refused(
        app,
        lambda: apps.application_fee_paid(
            application=app, on=D(2024, 10, 7), actor=county.clerk_edu, as_of=D(2024, 10, 18)
        ),
        gettext("Payment cannot come before the fee notice ({sent})."),
        field="on",
        sent="2024-10-08",
    )
    with one_audit_row("application.fee_paid", obj=lambda: app, actor=county.clerk_edu):
        app = apps.application_fee_paid(
            application=app, on=D(2024, 10, 18), actor=county.clerk_edu, as_of=D(2024, 11, 20)
        )
    app = reload(app)
    assert app.status == Status.IN_PROGRESS
    assert app.due_on == D(2024, 11, 12)  # paid on 10/18: 9 days, whatever today is
    refused(
        app,
        lambda: apps.application_fee_lapsed(
            application=app, on=D(2024, 11, 6), actor=county.clerk_edu, as_of=D(2024, 11, 20)
        ),
        E_NO_FEE_PENDING,
    )


def test_fee_lapsed_closes_as_fee_unpaid_only_after_the_deadline(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    app = _fee_notice(app, county, as_of)
    refused(
        app,
        lambda: apps.application_fee_lapsed(
            application=app, on=D(2024, 11, 5), actor=county.clerk_edu, as_of=as_of
        ),
        E_LAPSE_EARLY,
        field="on",
        deadline="2024-11-05",
    )
    with one_audit_row("application.fee_lapsed", obj=lambda: app, actor=county.clerk_edu):
        app = apps.application_fee_lapsed(
            application=app, on=D(2024, 11, 6), actor=county.clerk_edu, as_of=as_of
        )
    app = reload(app)
    assert (app.status, app.outcome, app.closed_on) == (
        Status.CLOSED,
        "apply.result.other.fee_unpaid",
        D(2024, 11, 6),
    )
    refused(
        app,
        lambda: apps.application_fee_paid(
            application=app, on=D(2024, 11, 7), actor=county.clerk_edu, as_of=as_of
        ),
        E_CLOSED,
        outcome=LABEL["apply.result.other.fee_unpaid"],
    )


# --------------------------------------------------------------------------------------
# Transfer
# --------------------------------------------------------------------------------------


def test_transfer_to_another_unit(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: apps.application_transfer(
            application=app,
            to_unit=county.edu,
            on=D(2024, 9, 30),
            actor=county.clerk_edu,
            as_of=as_of,
        ),
        E_TRANSFER_SAME,
        field="to_unit",
    )
    with one_audit_row("application.transfer", obj=lambda: app, actor=county.clerk_edu):
        app = apps.application_transfer(
            application=app,
            to_unit=county.env,
            on=D(2024, 9, 30),
            actor=county.clerk_edu,
            as_of=as_of,
        )
    app = reload(app)
    assert app.unit == county.env
    assert app.due_on == DUE  # the clock runs on from the first receipt
    log = AuditLog.objects.get(action="application.transfer")
    assert (log.unit, log.data) == (county.edu, {"to_unit": "T-ENV"})
    event = Event.objects.get(application=app, kind=EventKind.TRANSFER)
    assert event.party == "测试县教育局 → 测试县生态环境局"


# --------------------------------------------------------------------------------------
# Reply: exactly one outcome
# --------------------------------------------------------------------------------------


def _reply(app, county, as_of, outcome="apply.result.grant", on=REPLY_ON, **kw):
    fields: dict[str, Any] = {
        "application": app,
        "on": on,
        "outcome": outcome,
        "legal_basis": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
        "service_method": "post",
        "actor": county.clerk_edu,
        "as_of": as_of,
    }
    fields.update(kw)
    return apps.application_reply(**fields)


@pytest.mark.parametrize(
    "outcome",
    [
        "",
        "grant",
        "apply.result.total",
        "apply.result.deny",  # a label-only group, not a row
        "apply.new",
        "apply.result.other.no_correction",  # only by a lapse of the correction deadline
        "apply.result.other.fee_unpaid",  # only by a lapse of the payment deadline
    ],
)
def test_reply_with_a_bad_outcome_is_refused(register, county, as_of, outcome):
    app = register(submitted_on=RECEIVED)
    refused(app, lambda: _reply(app, county, as_of, outcome), E_BAD_OUTCOME, field="outcome")


def test_reply_needs_a_service_method_and_a_date_after_receipt(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: _reply(app, county, as_of, service_method="pigeon"),
        gettext("Choose how the reply is served."),
        field="service_method",
    )
    refused(
        app,
        lambda: _reply(app, county, as_of, on=D(2024, 9, 26)),
        E_DATE_BEFORE_RECEIPT,
        field="on",
        received="2024-09-27",
    )


def test_reply_closes_with_exactly_one_outcome(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    with one_audit_row("application.reply", obj=lambda: app, actor=county.clerk_edu):
        app = _reply(app, county, as_of, "apply.result.partial")
    app = reload(app)
    assert (app.status, app.outcome, app.closed_on) == (
        Status.CLOSED,
        "apply.result.partial",
        D(2024, 10, 21),
    )
    assert AuditLog.objects.get(action="application.reply").data == {
        "outcome": "apply.result.partial"
    }
    for outcome in ("apply.result.partial", "apply.result.grant"):
        refused(
            app,
            lambda outcome=outcome: _reply(app, county, as_of, outcome, on=D(2024, 10, 22)),
            E_CLOSED,
            outcome=LABEL["apply.result.partial"],
        )
    assert kinds(app) == [EventKind.RECEIVED, EventKind.REPLY]
    # Nothing else either, once closed.
    refused(
        app,
        lambda: _extend(app, county, as_of, on=D(2024, 10, 22)),
        E_CLOSED,
        outcome=LABEL["apply.result.partial"],
    )


# --------------------------------------------------------------------------------------
# Concurrency and the audit log
# --------------------------------------------------------------------------------------


def test_a_stale_version_is_refused_and_nothing_is_written(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    mine = reload(app)
    theirs = reload(app)
    loaded = mine.version
    assert theirs.version == loaded
    # Someone else saves first …
    apps.application_consultation_start(
        application=theirs,
        on=D(2024, 10, 8),
        party="第三方企业",
        answered_on=D(2024, 10, 10),
        actor=county.clerk_edu,
        as_of=as_of,
        expected_version=theirs.version,
    )
    assert reload(app).version == loaded + 1
    # … so my save, made from the version I loaded, is refused.
    refused(mine, lambda: _reply(mine, county, as_of, expected_version=loaded), E_STALE)
    refused(mine, lambda: _extend_with_version(mine, county, as_of, loaded), E_STALE)
    assert reload(app).status == Status.IN_PROGRESS
    # With the current version it goes through and bumps the version.
    app = _reply(mine, county, as_of, expected_version=loaded + 1)
    assert app.version == loaded + 2
    assert reload(app).version == loaded + 2
    assert reload(app).status == Status.CLOSED


def _extend_with_version(app, county, as_of, version):
    return apps.application_extend(
        application=app,
        on=D(2024, 10, 9),
        days=5,
        approved_by=county.reviewer_edu,
        actor=county.clerk_edu,
        as_of=as_of,
        expected_version=version,
    )


def test_every_service_writes_one_audit_row(register, county, as_of):
    """One walk through every service; each call writes exactly one audit row."""
    clerk = county.clerk_edu
    with one_audit_row(
        "application.register", obj=lambda: Application.objects.order_by("pk").last(), actor=clerk
    ):
        a = register(channel="post_signed", submitted_on=D(2024, 9, 25))
    steps: list[tuple[str, Callable[[], Application]]] = [
        (
            "application.confirm_receipt",
            lambda: apps.application_confirm_receipt(
                application=a, on=RECEIVED, actor=clerk, as_of=as_of
            ),
        ),
        ("application.correction_notice", lambda: _notice(a, county, as_of, D(2024, 10, 8))),
        (
            "application.correction_received",
            lambda: apps.application_correction_received(
                application=a, on=D(2024, 10, 9), actor=clerk, as_of=as_of
            ),
        ),
        (
            "application.consultation",
            lambda: apps.application_consultation_start(
                application=a, on=D(2024, 10, 10), party="第三方", actor=clerk, as_of=as_of
            ),
        ),
        (
            "application.consultation_answered",
            lambda: apps.application_consultation_answered(
                event=Event.objects.get(application=a, kind=EventKind.CONSULTATION),
                on=D(2024, 10, 14),
                actor=clerk,
                as_of=as_of,
            ),
        ),
        ("application.fee_notice", lambda: _fee_notice(a, county, as_of, D(2024, 10, 15))),
        (
            "application.fee_paid",
            lambda: apps.application_fee_paid(
                application=a, on=D(2024, 10, 16), actor=clerk, as_of=as_of
            ),
        ),
        ("application.extend", lambda: _extend(a, county, as_of, on=D(2024, 10, 17), days=5)),
        (
            "application.transfer",
            lambda: apps.application_transfer(
                application=a, to_unit=county.env, on=D(2024, 10, 18), actor=clerk, as_of=as_of
            ),
        ),
        ("application.reply", lambda: _reply(a, county, as_of, on=D(2024, 10, 21))),
    ]
    for action, call in steps:
        with one_audit_row(action, obj=lambda a=a: a, actor=clerk):
            a = call()
    assert reload(a).status == Status.CLOSED

    b = register(submitted_on=RECEIVED)
    b = _notice(b, county, as_of, D(2024, 10, 8), deadline=D(2024, 10, 15))
    with one_audit_row("application.correction_lapsed", obj=lambda: b, actor=clerk):
        apps.application_correction_lapsed(
            application=b, on=D(2024, 10, 16), actor=clerk, as_of=as_of
        )
    c = register(submitted_on=RECEIVED)
    c = _fee_notice(c, county, as_of, D(2024, 10, 8), deadline=D(2024, 10, 15))
    with one_audit_row("application.fee_lapsed", obj=lambda: c, actor=clerk):
        apps.application_fee_lapsed(application=c, on=D(2024, 10, 16), actor=clerk, as_of=as_of)


@pytest.mark.parametrize("service", ["register", "reply", "extend"])
def test_the_audit_row_is_written_in_the_same_transaction(
    register, county, as_of, monkeypatch, service
):
    """When writing the audit row fails, the change it records is not kept either."""
    app = register(submitted_on=RECEIVED) if service != "register" else None
    before_apps = Application.objects.count()
    before_events = Event.objects.count()
    before = _state(app) if app is not None else None

    def broken(**kw: Any) -> None:
        raise RuntimeError("audit log unavailable")

    for module in (steps, intake, clock, outcomes):  # wherever a service writes its row
        monkeypatch.setattr(module, "audit_record", broken)
    with pytest.raises(RuntimeError):
        if service == "register":
            register(submitted_on=RECEIVED)
        elif service == "reply":
            _reply(app, county, as_of)
        else:
            _extend(app, county, as_of)
    assert Application.objects.count() == before_apps
    assert Event.objects.count() == before_events
    if app is not None:
        assert _state(app) == before


# --------------------------------------------------------------------------------------
# Calendar corrections
# --------------------------------------------------------------------------------------


def test_a_calendar_correction_moves_open_due_dates(register, county, as_of):
    open_app = register(submitted_on=RECEIVED)
    closed = _reply(register(submitted_on=RECEIVED), county, as_of)
    waiting = register(channel="online", submitted_on=RECEIVED)
    assert (reload(open_app).due_on, reload(closed).due_on) == (DUE, DUE)

    # An administrator makes Tue 2024-10-15 a day off (a local holiday).
    CalendarDay.objects.create(day=D(2024, 10, 15), working=False, note="地方调整")
    assert apps.application_refresh_open(as_of=as_of) == 1
    # The count from 9/27 skips 10/15: … 10/14 (8), [10/15], 10/16 (9) … 10/18 (11),
    # 10/21 (12) … 10/25 (16), 10/28 (17), 10/29 (18), 10/30 (19), 10/31 (20).
    assert reload(open_app).due_on == D(2024, 10, 31)
    assert reload(closed).due_on == DUE  # a closed application keeps its record
    assert reload(waiting).due_on is None
    assert reload(waiting).status == Status.AWAITING_CONFIRMATION


# --------------------------------------------------------------------------------------
# Notes in the ledger


def test_a_note_is_kept_in_the_ledger_and_changes_neither_state_nor_due_date(
    register, county, as_of, client
):
    app = register(received_on=RECEIVED)
    before = reload(app)
    app = apps.application_note(
        application=app,
        on=D(2024, 10, 8),
        text="  申请人来电询问进度  ",
        actor=county.clerk_edu,
        as_of=as_of,
        expected_version=app.version,
    )
    note = Event.objects.get(application_id=app.pk, kind=EventKind.NOTE)
    assert (note.note, note.on, note.created_by) == (
        "申请人来电询问进度",
        D(2024, 10, 8),
        county.clerk_edu,
    )
    after = reload(app)
    assert (
        (after.status, after.due_on) == (before.status, before.due_on) == (Status.IN_PROGRESS, DUE)
    )
    assert after.version == before.version + 1
    assert AuditLog.objects.filter(action="application.note", object_id=str(app.pk)).count() == 1
    refused(
        app,
        lambda: apps.application_note(
            application=app, on=D(2024, 10, 8), text=" ", actor=county.clerk_edu, as_of=as_of
        ),
        apps.E_NOTE_EMPTY,
        field="text",
    )
    refused(
        app,
        lambda: apps.application_note(
            application=app,
            on=D(2024, 10, 9),
            text="过期的版本",
            actor=county.clerk_edu,
            as_of=as_of,
            expected_version=before.version,
        ),
        E_STALE,
    )
    # staff add one from the application's page
    client.force_login(county.clerk_edu)
    response = client.post(
        f"/applications/{app.pk}/act/note/",
        {"on": "2024-10-10", "text": "已电话告知", "version": after.version},
    )
    assert response.status_code == 302
    assert kinds(app)[-1] == EventKind.NOTE and reload(app).version == after.version + 1
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "已电话告知" in page and "申请人来电询问进度" in page
