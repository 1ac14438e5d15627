"""Writing the audit log. Call inside the transaction of the change it records.

A change to a record carries ``changes``: ``{field: [before, after]}`` for the fields that
changed (:func:`audit_diff`), so that the audit log page can show each change's before
and after values. Personal data never goes in: fields in :data:`PERSONAL_FIELDS` are
written as :data:`HIDDEN`.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from gongkai.web.audit.models import AuditLog

#: Fields whose values are an applicant's (or a user's) personal data or secrets.
PERSONAL_FIELDS = frozenset(
    {
        "applicant_name",
        "id_number",
        "phone",
        "address",
        "email",
        "password",
        "identity_document",
    }
)
#: What is written in the place of a personal value.
HIDDEN = "***"


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


def audit_value(value: Any) -> Any:
    """A value as the log keeps it: JSON's types, a related record by its name."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple | set):
        return [audit_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): audit_value(v) for k, v in value.items()}
    return str(value)


def audit_values(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A record's editable fields (``fields`` alone if given), foreign keys by name."""
    wanted = set(fields) if fields is not None else None
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or (wanted is not None and field.name not in wanted):
            continue
        if wanted is None and not field.editable:
            continue
        value = (
            getattr(obj, field.name, None) if field.is_relation else field.value_from_object(obj)
        )
        out[field.name] = HIDDEN if field.name in PERSONAL_FIELDS and value else audit_value(value)
    return out


def audit_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose values differ."""
    out: dict[str, list[Any]] = {}
    for name in [*before, *(k for k in after if k not in before)]:
        old, new = audit_value(before.get(name)), audit_value(after.get(name))
        if old != new:
            if name in PERSONAL_FIELDS:
                old, new = (HIDDEN if old else old), (HIDDEN if new else new)
            out[name] = [old, new]
    return out
