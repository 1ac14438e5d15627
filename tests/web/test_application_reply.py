"""How an application ends or moves on: the extension (条例 Art. 33), the transfer to
another unit, and the reply with exactly one outcome.

Expected due dates are counted by hand on the 2024 holiday notice; the base case and
the counting convention are in ``application_support``.
"""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from application_support import (
    DUE,
    LABEL,
    RECEIVED,
    D,
    extend,
    kinds,
    one_audit_row,
    refused,
    reload,
    reply,
)
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Event, EventKind, Status
from gongkai.web.applications.services import (
    E_BAD_OUTCOME,
    E_CLOSED,
    E_DATE_BEFORE_RECEIPT,
    E_EXTENSION_APPROVER,
    E_EXTENSION_DAYS,
    E_EXTENSION_LATE,
    E_EXTENSION_TWICE,
    E_TRANSFER_SAME,
)
from gongkai.web.audit.models import AuditLog

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


# --------------------------------------------------------------------------------------
# Extension (Art. 33)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, 21])
def test_extension_days_out_of_range_are_refused(register, county, as_of, days):
    app = register(submitted_on=RECEIVED)
    refused(app, lambda: extend(app, county, as_of, days=days), E_EXTENSION_DAYS, field="days")


def test_extension_needs_a_reviewer_of_the_unit(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    for user in (county.clerk_edu, county.reviewer_env, county.supervisor, county.outsider):
        refused(
            app,
            lambda user=user: extend(app, county, as_of, approved_by=user),
            E_EXTENSION_APPROVER,
            field="approved_by",
        )


def test_extension_after_the_due_date_is_refused(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: extend(app, county, as_of, on=D(2024, 10, 31)),
        E_EXTENSION_LATE,
        field="on",
        due="2024-10-30",
    )


def test_extension_by_a_reviewer_moves_the_due_date_once(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    with one_audit_row("application.extend", obj=lambda: app, actor=county.clerk_edu):
        app = extend(app, county, as_of, on=DUE, days=15)  # on the due date itself: in time
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
    refused(app, lambda: extend(app, county, as_of, on=D(2024, 11, 1), days=5), E_EXTENSION_TWICE)


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
    refused(app, lambda: reply(app, county, as_of, outcome), E_BAD_OUTCOME, field="outcome")


def test_reply_needs_a_service_method_and_a_date_after_receipt(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    refused(
        app,
        lambda: reply(app, county, as_of, service_method="pigeon"),
        gettext("Choose how the reply is served."),
        field="service_method",
    )
    refused(
        app,
        lambda: reply(app, county, as_of, on=D(2024, 9, 26)),
        E_DATE_BEFORE_RECEIPT,
        field="on",
        received="2024-09-27",
    )


def test_reply_closes_with_exactly_one_outcome(register, county, as_of):
    app = register(submitted_on=RECEIVED)
    with one_audit_row("application.reply", obj=lambda: app, actor=county.clerk_edu):
        app = reply(app, county, as_of, "apply.result.partial")
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
            lambda outcome=outcome: reply(app, county, as_of, outcome, on=D(2024, 10, 22)),
            E_CLOSED,
            outcome=LABEL["apply.result.partial"],
        )
    assert kinds(app) == [EventKind.RECEIVED, EventKind.REPLY]
    # Nothing else either, once closed.
    refused(
        app,
        lambda: extend(app, county, as_of, on=D(2024, 10, 22)),
        E_CLOSED,
        outcome=LABEL["apply.result.partial"],
    )
