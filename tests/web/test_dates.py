"""Dates that cannot be true are refused, with a message that names them: a step dated
after today, before the step before it, or a reply before the consultation it waited for.

Every date is counted from the as-of day of tests/web/conftest.py (2024-11-20), never from
the real clock."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Appeal, Application, EventKind
from gongkai.web.applications.services import (
    E_BEFORE_PREVIOUS,
    E_FUTURE,
    E_REPLY_BEFORE_ANSWER,
    ServiceError,
)
from gongkai.web.audit.models import AuditLog

pytestmark = pytest.mark.django_db

D = date
RECEIVED = D(2024, 9, 27)
TODAY = D(2024, 11, 20)  # the as_of of tests/web/conftest.py


def _unchanged(app: Application, call, message, **params) -> ServiceError:
    before = (
        Application.objects.filter(pk=app.pk).values().get(),
        app.events.count(),
        AuditLog.objects.count(),
    )
    with pytest.raises(ServiceError) as info:
        call()
    assert str(message).format(**params) == info.value.message
    after = (
        Application.objects.filter(pk=app.pk).values().get(),
        app.events.count(),
        AuditLog.objects.count(),
    )
    assert after == before
    return info.value


def test_a_registration_dated_after_today_is_refused(register):
    with pytest.raises(ServiceError) as info:
        register(submitted_on=D(2024, 11, 21), as_of=TODAY)
    assert info.value.message == str(E_FUTURE).format(day="2024-11-21", today="2024-11-20")
    assert info.value.field == "submitted_on"
    with pytest.raises(ServiceError) as info:
        register(channel="online", submitted_on=TODAY, received_on=D(2024, 11, 22), as_of=TODAY)
    assert info.value.field == "received_on"
    assert not Application.objects.exists()
    # Today itself is fine.
    assert register(submitted_on=TODAY, as_of=TODAY).received_on == TODAY


@pytest.mark.parametrize(
    "step",
    ["confirm", "correction_received", "consultation_answered", "reply", "note", "extension"],
)
def test_each_step_dated_after_today_is_refused(register, county, step):
    tomorrow = D(2024, 11, 21)
    clerk = county.clerk_edu
    if step == "confirm":
        app = register(channel="online", submitted_on=RECEIVED, received_on=None)
        call = lambda: apps.application_confirm_receipt(  # noqa: E731
            application=app, on=tomorrow, actor=clerk, as_of=TODAY
        )
    else:
        app = register(submitted_on=D(2024, 11, 11), received_on=D(2024, 11, 11))
        if step == "correction_received":
            app = apps.application_correction_notice(
                application=app,
                on=D(2024, 11, 12),
                deadline=D(2024, 11, 30),
                actor=clerk,
                as_of=TODAY,
            )
            call = lambda: apps.application_correction_received(  # noqa: E731
                application=app, on=tomorrow, actor=clerk, as_of=TODAY
            )
        elif step == "consultation_answered":
            app = apps.application_consultation_start(
                application=app, on=D(2024, 11, 12), party="第三方", actor=clerk, as_of=TODAY
            )
            event = app.events.get(kind=EventKind.CONSULTATION)
            call = lambda: apps.application_consultation_answered(  # noqa: E731
                event=event, on=tomorrow, actor=clerk, as_of=TODAY
            )
        elif step == "reply":
            call = lambda: apps.application_reply(  # noqa: E731
                application=app,
                on=tomorrow,
                outcome="apply.result.grant",
                legal_basis="第三十六条",
                service_method="direct",
                actor=clerk,
                as_of=TODAY,
            )
        elif step == "note":
            call = lambda: apps.application_note(  # noqa: E731
                application=app, on=tomorrow, text="电话联系", actor=clerk, as_of=TODAY
            )
        else:
            call = lambda: apps.application_extend(  # noqa: E731
                application=app,
                on=tomorrow,
                days=10,
                approved_by=county.reviewer_edu,
                actor=county.reviewer_edu,
                as_of=TODAY,
            )
    error = _unchanged(app, call, E_FUTURE, day="2024-11-21", today="2024-11-20")
    assert error.field == "on"


def test_a_step_before_the_previous_one_is_refused(register, county):
    app = register(submitted_on=D(2024, 11, 4), received_on=D(2024, 11, 4))
    app = apps.application_fee_notice(
        application=app,
        on=D(2024, 11, 8),
        deadline=D(2024, 11, 29),
        amount_yuan=100,
        actor=county.clerk_edu,
        as_of=TODAY,
    )
    # A consultation dated before the fee notice already in the ledger.
    _unchanged(
        app,
        lambda: apps.application_consultation_start(
            application=app, on=D(2024, 11, 6), party="第三方", actor=county.clerk_edu, as_of=TODAY
        ),
        E_BEFORE_PREVIOUS,
        day="2024-11-06",
        previous="2024-11-08",
    )
    # The same day as the previous step is fine.
    app = apps.application_consultation_start(
        application=app, on=D(2024, 11, 8), party="第三方", actor=county.clerk_edu, as_of=TODAY
    )
    assert app.events.filter(kind=EventKind.CONSULTATION).count() == 1
    # A note (which changes nothing) may record an earlier call.
    apps.application_note(
        application=app, on=D(2024, 11, 5), text="申请人来电", actor=county.clerk_edu, as_of=TODAY
    )


def test_a_reply_before_the_consultation_answer_it_waited_for_is_refused(register, county):
    app = register(submitted_on=D(2024, 11, 4), received_on=D(2024, 11, 4))
    app = apps.application_consultation_start(
        application=app, on=D(2024, 11, 5), party="第三方", actor=county.clerk_edu, as_of=TODAY
    )
    event = app.events.get(kind=EventKind.CONSULTATION)
    app = apps.application_consultation_answered(
        event=event, on=D(2024, 11, 15), actor=county.clerk_edu, as_of=TODAY
    )

    def reply(on):
        return lambda: apps.application_reply(
            application=app,
            on=on,
            outcome="apply.result.grant",
            legal_basis="第三十六条",
            service_method="direct",
            actor=county.clerk_edu,
            as_of=TODAY,
        )

    _unchanged(app, reply(D(2024, 11, 12)), E_REPLY_BEFORE_ANSWER, answered="2024-11-15")
    reply(D(2024, 11, 15))()
    assert Application.objects.get(pk=app.pk).outcome == "apply.result.grant"


def test_a_case_filed_or_decided_after_today_is_refused_on_the_page(client, county, register):
    app = register(submitted_on=D(2024, 11, 4), received_on=D(2024, 11, 4))
    with pytest.raises(ServiceError) as info:
        apps.appeal_create(
            application=app,
            kind="review",
            result="pending",
            filed_on=D(2024, 11, 25),
            decided_on=None,
            actor=county.clerk_edu,
            as_of=TODAY,
        )
    assert info.value.field == "filed_on"
    assert not Appeal.objects.exists()
    # On the page, with the real "today" of the session (the frozen clock): a case filed
    # a year after it is refused with the message, and nothing is saved.
    from django.utils import timezone

    late = timezone.localdate().replace(year=timezone.localdate().year + 1)
    client.force_login(county.clerk_edu)
    response = client.post(
        f"/applications/{app.pk}/appeals/",
        {"kind": "review", "result": "pending", "filed_on": late.isoformat()},
        follow=True,
    )
    assert late.isoformat() in response.content.decode()
    assert not Appeal.objects.exists()
    # A case filed today is kept, with its audit row.
    response = client.post(
        f"/applications/{app.pk}/appeals/",
        {"kind": "review", "result": "pending", "filed_on": timezone.localdate().isoformat()},
    )
    assert Appeal.objects.count() == 1
    assert AuditLog.objects.filter(action="appeal.create").count() == 1
