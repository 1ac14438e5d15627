"""Writing the audit log. Call inside the transaction of the change it records."""

from __future__ import annotations

from typing import Any

from django.db import models

from gongkai.web.audit.models import AuditLog


def audit_record(
    *, actor: Any, action: str, obj: models.Model, unit: Any = None, **data: Any
) -> AuditLog:
    """Never put an applicant's personal data in ``data``: the log is read by auditors."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        unit=unit,
        data=data,
    )
