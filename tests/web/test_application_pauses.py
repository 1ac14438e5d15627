"""What stops or restarts an application's clock: 补正 (条例 Art. 30) restarts it,
consultations (Arts. 32, 34) and fees (109号) pause it, and a lapsed 补正 or fee closes
the application only after its deadline.

Expected due dates are counted by hand on the 2024 holiday notice; the base case and
the counting convention are in ``application_support``.
"""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from application_support import (
    LABEL,
    RECEIVED,
    D,
    correction_notice,
    fee_notice,
    kinds,
    one_audit_row,
    refused,
    reload,
)
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Event, EventKind, Status
from gongkai.web.applications.services import (
    E_CLOSED,
    E_CORRECTION_DEADLINE,
    E_CORRECTION_LATE,
    E_CORRECTION_TWICE,
    E_DATE_BEFORE_RECEIPT,
    E_LAPSE_EARLY,
    E_NO_CORRECTION_PENDING,
    E_NO_FEE_PENDING,
)
from gongkai.web.audit.models import AuditLog

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


# --------------------------------------------------------------------------------------
# 补正 (Art. 30)
# --------------------------------------------------------------------------------------


def test_correction_notice_within_7_working_days_only_and_only_once(register, county, as_of):
    # The 7th working day after Fri 9/27: 9/29 Sun 调休 (1), 9/30 (2), 10/8 (3), 10/9 (4),
    # 10/10 (5), 10/11 (6), 10/12 Sat 调休 (7).
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: correction_notice(app, county, as_of, D(2024, 10, 14)),
        E_CORRECTION_LATE,
        field="on",
        due="2024-10-12",
    )
    refused(
        app,
        lambda: correction_notice(app, county, as_of, D(2024, 9, 26)),
        E_DATE_BEFORE_RECEIPT,
        field="on",
        received="2024-09-27",
    )
    refused(
        app,
        lambda: correction_notice(app, county, as_of, D(2024, 10, 12), deadline=D(2024, 10, 12)),
        E_CORRECTION_DEADLINE,
        field="deadline",
    )

    with one_audit_row("application.correction_notice", obj=lambda: app, actor=county.clerk_edu):
        app = correction_notice(app, county, as_of, D(2024, 10, 12))  # the last allowed day
    app = reload(app)
    assert app.status == Status.AWAITING_CORRECTION
    assert app.due_on is None  # the clock restarts only when the supplement arrives
    assert kinds(app) == [EventKind.RECEIVED, EventKind.CORRECTION_NOTICE]

    refused(app, lambda: correction_notice(app, county, as_of, D(2024, 10, 12)), E_CORRECTION_TWICE)


def test_correction_received_restarts_the_clock(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    app = correction_notice(app, county, as_of, D(2024, 10, 9))
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
    app = correction_notice(app, county, as_of, D(2024, 10, 9), deadline=D(2024, 10, 25))
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
# Fees (109号): the clock waits for the payment
# --------------------------------------------------------------------------------------


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
        app = fee_notice(app, county, as_of=D(2024, 10, 18))
    app = reload(app)
    assert app.status == Status.AWAITING_FEE
    # Waiting since 10/8, as of 10/18: 9 working days (as for the consultation above).
    assert app.due_on == D(2024, 11, 12)
    assert AuditLog.objects.get(action="application.fee_notice").data == {"amount_yuan": 200}
    refused(
        app,
        lambda: fee_notice(app, county, as_of=D(2024, 10, 18)),
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
    app = fee_notice(app, county, as_of)
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
