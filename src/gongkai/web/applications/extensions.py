"""Extending the reply period (条例第三十三条第二款): the clerk asks, with the reason and the
working days wanted (at most 20); a reviewer of the unit — never the one who asked —
approves or refuses. Only an approval moves the due date: it adds the extension to the
application's ledger (``services.application_extend``, which holds the rules of the
extension itself: once, 1–20 working days, approved by the due date).

Error messages are module constants; tests import them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.core.deadlines import MAX_EXTENSION_DAYS
from gongkai.web.applications.models import (
    Application,
    EventKind,
    ExtensionRequest,
    ExtensionStatus,
)
from gongkai.web.applications.services import (
    E_EXTENSION_APPROVER,
    E_EXTENSION_DAYS,
    E_EXTENSION_TWICE,
    ServiceError,
    application_derive,
    application_extend,
)
from gongkai.web.applications.services.steps import _not_before_receipt, _not_future, _open
from gongkai.web.audit.services import audit_record
from gongkai.web.units.selectors import unit_can_approve, unit_list_approvable

E_EXTENSION_PENDING = _("An extension request is already waiting for a reviewer's decision.")
E_EXTENSION_REASON = _("Give the reason for the extension.")
E_EXTENSION_REQUEST_LATE = _("An extension must be requested by the due date ({due}).")
E_EXTENSION_DECIDED = _("This extension request has already been decided.")
E_EXTENSION_SELF = _(
    "You asked for this extension: another reviewer of the unit must approve or refuse it."
)
E_EXTENSION_BEFORE_REQUEST = _("The decision cannot be dated before the request ({requested}).")
E_EXTENSION_REFUSAL_REASON = _("Give the reason for the refusal.")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def extension_request(
    *, application: Application, on: date, days: int, reason: str, actor: Any, as_of: date
) -> ExtensionRequest:
    """The clerk's request: dated today or earlier, by the due date, 1–20 working days,
    with a reason; one at a time, and none once the period was extended."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    _open(app)
    _not_before_receipt(app, on, "on")
    _not_future(on, as_of, "on")
    if app.events.filter(kind=EventKind.EXTENSION).exists():
        raise ServiceError(E_EXTENSION_TWICE)
    if app.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise ServiceError(E_EXTENSION_PENDING)
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ServiceError(E_EXTENSION_DAYS, field="days")
    if not reason.strip():
        raise ServiceError(E_EXTENSION_REASON, field="reason")
    due = application_derive(app, as_of=as_of).due
    if due is not None and on > due.due:
        raise ServiceError(E_EXTENSION_REQUEST_LATE, field="on", due=due.due.isoformat())
    req = ExtensionRequest.objects.create(
        application=app,
        requested_on=on,
        days=days,
        reason=reason.strip(),
        requested_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="extension.request",
        obj=req,
        unit=app.unit,
        application=app.pk,
        days=days,
        requested_on=on.isoformat(),
    )
    return req


def _decidable(request: ExtensionRequest, on: date, actor: Any, as_of: date) -> ExtensionRequest:
    """The request, locked, if ``actor`` may decide it on ``on``."""
    req = (
        ExtensionRequest.objects.select_for_update()
        .select_related("application__unit")
        .get(pk=request.pk)
    )
    if req.status != ExtensionStatus.PENDING:
        raise ServiceError(E_EXTENSION_DECIDED)
    if req.requested_by_id is not None and req.requested_by_id == getattr(actor, "pk", None):
        raise ServiceError(E_EXTENSION_SELF)
    if not unit_can_approve(user=actor, unit=req.application.unit):
        raise ServiceError(E_EXTENSION_APPROVER)
    _not_future(on, as_of, "on")
    if on < req.requested_on:
        raise ServiceError(
            E_EXTENSION_BEFORE_REQUEST, field="on", requested=req.requested_on.isoformat()
        )
    return req


@transaction.atomic
def extension_approve(
    *, request: ExtensionRequest, on: date, actor: Any, as_of: date, note: str = ""
) -> ExtensionRequest:
    """Approve: the extension enters the ledger (by the due date, as the law says) and
    the due date moves; the audit row names the due date before and after."""
    req = _decidable(request, on, actor, as_of)
    before = req.application.due_on
    app = application_extend(
        application=req.application,
        on=on,
        days=req.days,
        approved_by=actor,
        actor=actor,
        as_of=as_of,
        reason=req.reason,
    )
    req.status = ExtensionStatus.APPROVED
    req.decided_on, req.decided_by, req.decision_note = on, _user(actor), note.strip()
    req.event = app.events.filter(kind=EventKind.EXTENSION).order_by("-id").first()
    req.save()
    audit_record(
        actor=actor,
        action="extension.approve",
        obj=req,
        unit=app.unit,
        application=app.pk,
        days=req.days,
        before={"due_on": before.isoformat() if before else None},
        after={"due_on": app.due_on.isoformat() if app.due_on else None},
    )
    return req


@transaction.atomic
def extension_refuse(
    *, request: ExtensionRequest, on: date, reason: str, actor: Any, as_of: date
) -> ExtensionRequest:
    """Refuse, with the reason: the due date stays; the clerk may ask again."""
    req = _decidable(request, on, actor, as_of)
    if not reason.strip():
        raise ServiceError(E_EXTENSION_REFUSAL_REASON, field="reason")
    req.status = ExtensionStatus.REFUSED
    req.decided_on, req.decided_by, req.decision_note = on, _user(actor), reason.strip()
    req.save()
    audit_record(
        actor=actor,
        action="extension.refuse",
        obj=req,
        unit=req.application.unit,
        application=req.application_id,
        days=req.days,
    )
    return req


def extension_requests_to_decide(*, user: Any) -> QuerySet[ExtensionRequest]:
    """The requests waiting for a decision that ``user`` may take: of the units whose
    extensions they approve, and not their own. Oldest first."""
    return (
        ExtensionRequest.objects.filter(
            status=ExtensionStatus.PENDING,
            application__unit__in=unit_list_approvable(user=user),
        )
        .exclude(requested_by=user)
        .select_related("application__unit", "requested_by")
        .order_by("requested_on", "id")
    )
