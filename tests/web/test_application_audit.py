"""The ledger's integrity: a stale version is refused, every service writes exactly one
audit row in the same transaction as its change, and a note changes neither the state nor
the due date.

Expected due dates are counted by hand on the 2024 holiday notice; the base case and
the counting convention are in ``application_support``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from application_support import (
    DUE,
    RECEIVED,
    D,
    correction_notice,
    extend,
    fee_notice,
    kinds,
    ledger_state,
    one_audit_row,
    refused,
    reload,
    reply,
)
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Application, Event, EventKind, Status
from gongkai.web.applications.services import E_STALE, clock, intake, outcomes, steps
from gongkai.web.audit.models import AuditLog

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


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
    refused(mine, lambda: reply(mine, county, as_of, expected_version=loaded), E_STALE)
    refused(mine, lambda: _extend_with_version(mine, county, as_of, loaded), E_STALE)
    assert reload(app).status == Status.IN_PROGRESS
    # With the current version it goes through and bumps the version.
    app = reply(mine, county, as_of, expected_version=loaded + 1)
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
        (
            "application.correction_notice",
            lambda: correction_notice(a, county, as_of, D(2024, 10, 8)),
        ),
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
        ("application.fee_notice", lambda: fee_notice(a, county, as_of, D(2024, 10, 15))),
        (
            "application.fee_paid",
            lambda: apps.application_fee_paid(
                application=a, on=D(2024, 10, 16), actor=clerk, as_of=as_of
            ),
        ),
        ("application.extend", lambda: extend(a, county, as_of, on=D(2024, 10, 17), days=5)),
        (
            "application.transfer",
            lambda: apps.application_transfer(
                application=a, to_unit=county.env, on=D(2024, 10, 18), actor=clerk, as_of=as_of
            ),
        ),
        ("application.reply", lambda: reply(a, county, as_of, on=D(2024, 10, 21))),
    ]
    for action, call in steps:
        with one_audit_row(action, obj=lambda a=a: a, actor=clerk):
            a = call()
    assert reload(a).status == Status.CLOSED

    b = register(submitted_on=RECEIVED)
    b = correction_notice(b, county, as_of, D(2024, 10, 8), deadline=D(2024, 10, 15))
    with one_audit_row("application.correction_lapsed", obj=lambda: b, actor=clerk):
        apps.application_correction_lapsed(
            application=b, on=D(2024, 10, 16), actor=clerk, as_of=as_of
        )
    c = register(submitted_on=RECEIVED)
    c = fee_notice(c, county, as_of, D(2024, 10, 8), deadline=D(2024, 10, 15))
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
    before = ledger_state(app) if app is not None else None

    def broken(**kw: Any) -> None:
        raise RuntimeError("audit log unavailable")

    for module in (steps, intake, clock, outcomes):  # wherever a service writes its row
        monkeypatch.setattr(module, "audit_record", broken)
    with pytest.raises(RuntimeError):
        if service == "register":
            register(submitted_on=RECEIVED)
        elif service == "reply":
            reply(app, county, as_of)
        else:
            extend(app, county, as_of)
    assert Application.objects.count() == before_apps
    assert Event.objects.count() == before_events
    if app is not None:
        assert ledger_state(app) == before


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
