"""The units whose one person may approve and publish the annual report they submitted
(``services.E_SELF_APPROVAL`` refuses everyone else): a small township where one person
does the work. The disclosure office keeps that list itself, on the page
``/reports/self-approval/``, without a developer; each change is audited.

Error messages are module constants; tests import them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.web.audit.services import audit_record
from gongkai.web.reports.models import SelfApproval
from gongkai.web.reports.services import ReportError
from gongkai.web.units.models import Unit

E_SELF_APPROVAL_REASON = _("Give the reason (for example: the unit has one person for this work).")


@transaction.atomic
def self_approval_allow(*, unit: Unit, reason: str, actor: Any, as_of: date) -> SelfApproval:
    if not reason.strip():
        raise ReportError(E_SELF_APPROVAL_REASON)
    row, _created = SelfApproval.objects.update_or_create(
        unit=unit,
        defaults={
            "reason": reason.strip(),
            "allowed_on": as_of,
            "allowed_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    audit_record(
        actor=actor,
        action="report.self_approval_allow",
        obj=unit,
        unit=unit,
        before={"self_approval": not _created},
        after={"self_approval": True},
        reason=row.reason,
    )
    return row


@transaction.atomic
def self_approval_withdraw(*, unit: Unit, actor: Any) -> None:
    deleted, _rows = SelfApproval.objects.filter(unit=unit).delete()
    audit_record(
        actor=actor,
        action="report.self_approval_withdraw",
        obj=unit,
        unit=unit,
        before={"self_approval": bool(deleted)},
        after={"self_approval": False},
    )
