"""The application ledger's test helpers: the base case's dates, a refusal that writes
nothing, one audit row per service call, and each service called with the defaults below.

Every expected due date in the ledger tests was counted by hand on the State Council's 2024
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

from gongkai.web.applications import services as apps
from gongkai.web.applications.models import OUTCOME_CHOICES, Application, Event
from gongkai.web.applications.services import ServiceError
from gongkai.web.audit.models import AuditLog

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


def ledger_state(app: Application) -> tuple[dict[str, Any], int, int]:
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
    before = ledger_state(app)
    with pytest.raises(ServiceError) as info:
        call()
    expected = str(message).format(**params) if params else str(message)
    assert expected in info.value.message
    assert info.value.field == field
    assert ledger_state(app) == before
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


def correction_notice(app, county, as_of, on, deadline=CORRECTION_DEADLINE, **kw):
    return apps.application_correction_notice(
        application=app, on=on, deadline=deadline, actor=county.clerk_edu, as_of=as_of, **kw
    )


def extend(app, county, as_of, *, on=EXTENSION_ON, days=15, approved_by=None):
    return apps.application_extend(
        application=app,
        on=on,
        days=days,
        approved_by=approved_by or county.reviewer_edu,
        actor=county.clerk_edu,
        as_of=as_of,
        reason="需要调取档案",
    )


def fee_notice(app, county, as_of, on=FEE_NOTICE_ON, deadline=FEE_DEADLINE):
    return apps.application_fee_notice(
        application=app,
        on=on,
        deadline=deadline,
        amount_yuan=200,
        actor=county.clerk_edu,
        as_of=as_of,
    )


def reply(app, county, as_of, outcome="apply.result.grant", on=REPLY_ON, **kw):
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
