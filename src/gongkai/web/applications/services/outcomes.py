"""How an application ends and what follows: the reply with its outcome (a row of
Table 3), the reconsideration or lawsuit over it (later updates in
:mod:`gongkai.web.applications.cases`), and the letters issued
(:mod:`gongkai.web.applications.letter_services`).

Error messages are module constants; tests import them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import (
    OUTCOME_CHOICES,
    Appeal,
    Application,
    EventKind,
    ServiceMethod,
)
from gongkai.web.applications.services.steps import (
    ServiceError,
    _in_order,
    _lock,
    _not_before_receipt,
    _not_future,
    _open,
    _step,
)
from gongkai.web.audit.services import audit_record

E_BAD_OUTCOME = _("Choose one outcome from the rows of Table 3.")
E_REPLY_BEFORE_ANSWER = _(
    "The reply cannot be dated before the answer to the consultation it waited for ({answered})."
)


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


def letter_issue(**kwargs: Any) -> Any:
    """Issue a letter: see :func:`gongkai.web.applications.letter_services.letter_issue`."""
    from gongkai.web.applications.letter_services import letter_issue as issue

    return issue(**kwargs)
