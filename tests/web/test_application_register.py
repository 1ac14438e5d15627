"""Registering an application (条例 Art. 31): the receipt day by channel, the due date
counted from it, an estimated due date for a year without holiday data, and open due
dates moved by a calendar correction.

Expected due dates are counted by hand on the 2024 holiday notice; the base case and
the counting convention are in ``application_support``.
"""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from application_support import DUE, RECEIVED, D, kinds, one_audit_row, refused, reload, reply
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Application, Event, EventKind, Status
from gongkai.web.applications.services import (
    E_IN_PERSON_RECEIPT,
    E_NOT_RECEIVED,
    E_RECEIVED_BEFORE_SUBMITTED,
    ServiceError,
)
from gongkai.web.audit.models import AuditLog
from gongkai.web.workdays.models import CalendarDay, CalendarYear

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


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
# Calendar corrections
# --------------------------------------------------------------------------------------


def test_a_calendar_correction_moves_open_due_dates(register, county, as_of):
    open_app = register(submitted_on=RECEIVED)
    closed = reply(register(submitted_on=RECEIVED), county, as_of)
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
