"""Reading the audit log: who may read which rows, the filters, and each row made
readable (its kind in words, each changed field's before and after values).

The office, the supervisor and the administrator of a unit read the rows of the units
under it; the rows that belong to no unit (the calendar, the administration's users)
are read by those of a top unit (a county) and by superusers. Personal data is never
shown: values of personal fields, and anything shaped like an ID number or a mobile
phone number, are masked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.web.audit.labels import (
    KEYS,
    action_label,
    detail_value,
    field_label,
    field_value,
    key_label,
    object_label,
)
from gongkai.web.audit.models import AuditLog
from gongkai.web.audit.services import HIDDEN, PERSONAL_FIELDS
from gongkai.web.units.models import Membership, Role, Unit

#: The roles that read the audit log of their units.
READER_ROLES = (Role.OFFICE, Role.SUPERVISOR, Role.ADMIN)

#: An 18-character resident ID number, or a mainland mobile number, inside any text.
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def audit_readable_units(*, user: Any) -> QuerySet[Unit]:
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    q = Q(pk__in=[])
    for m in Membership.objects.filter(user=user, role__in=READER_ROLES).select_related("unit"):
        q |= Q(path__startswith=m.unit.path)
    return Unit.objects.filter(q)


def audit_can_read(*, user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or Membership.objects.filter(user=user, role__in=READER_ROLES).exists()
    )


def _reads_unitless(user: Any) -> bool:
    return (
        user.is_superuser
        or Membership.objects.filter(
            user=user, role__in=READER_ROLES, unit__parent__isnull=True
        ).exists()
    )


def audit_log_visible(*, user: Any) -> QuerySet[AuditLog]:
    if not audit_can_read(user=user):
        return AuditLog.objects.none()
    if user.is_superuser:
        return AuditLog.objects.all()
    q = Q(unit__in=audit_readable_units(user=user))
    if _reads_unitless(user):
        q |= Q(unit__isnull=True)
    return AuditLog.objects.filter(q)


def audit_log_search(
    *,
    user: Any,
    unit: Unit | None = None,
    actor: Any = None,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditLog]:
    """The rows the user may read, newest first; ``unit`` takes its subtree."""
    rows = audit_log_visible(user=user)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if actor is not None:
        rows = rows.filter(actor=actor)
    if action:
        rows = rows.filter(action=action)
    tz = timezone.get_current_timezone()
    if since is not None:
        rows = rows.filter(at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until is not None:
        rows = rows.filter(at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz))
    return rows.select_related("actor", "unit").order_by("-at", "-id")


def audit_actors(*, user: Any) -> QuerySet[Any]:
    """The users whose changes the user may read: the staff of the units in scope and the
    administrators (found through the memberships, not by scanning the log)."""
    users = get_user_model().objects
    if not audit_can_read(user=user):
        return users.none()
    if user.is_superuser:
        return users.order_by("username")
    in_scope = Membership.objects.filter(unit__in=audit_readable_units(user=user))
    return users.filter(Q(pk__in=in_scope.values("user")) | Q(is_superuser=True)).order_by(
        "username"
    )


def audit_mask(value: Any) -> Any:
    """Personal data in free text (ID numbers, mobile numbers) masked but for its edges."""
    if isinstance(value, str):
        value = _ID.sub(lambda m: m.group()[:3] + "*" * 11 + m.group()[-4:], value)
        return _PHONE.sub(lambda m: m.group()[:3] + "****" + m.group()[-4:], value)
    if isinstance(value, list):
        return [audit_mask(v) for v in value]
    if isinstance(value, dict):
        return {k: HIDDEN if k in PERSONAL_FIELDS else audit_mask(v) for k, v in value.items()}
    return value


#: A moment with its offset, as ``str()`` or ``isoformat()`` of an aware datetime writes it.
_INSTANT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d")
#: A value that is a code (an identifier, a file name), shown as code.
_CODE = re.compile(r"[A-Za-z0-9_.\-/:#+]*[A-Za-z][A-Za-z0-9_.\-/:#+]*")


@dataclass(frozen=True)
class Value:
    """A value to show: text, or a code (shown as code), or nothing (None)."""

    text: str | None
    code: bool = False


def _value(value: Any) -> Value:
    if value is None or value == "" or value == []:
        return Value(None)
    if isinstance(value, list):
        return Value("、".join(str(v) for v in value))
    if isinstance(value, dict):
        return Value("；".join(f"{key_label(str(k))}：{v}" for k, v in value.items()))
    text = str(value)
    if _INSTANT.fullmatch(text):  # a moment, written in UTC: shown in local time
        moment = datetime.fromisoformat(text.replace(" ", "T"))
        return Value(timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S"))
    return Value(text, bool(_CODE.fullmatch(text)))


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: Value
    after: Value


@dataclass(frozen=True)
class Entry:
    """One row of the log, as people read it."""

    row: AuditLog
    kind: str
    object: str
    changes: list[Change]
    details: list[tuple[Value, Value]]


def audit_entry(row: AuditLog) -> Entry:
    data = dict(row.data or {})
    raw = data.pop("changes", None)
    changes = []
    if isinstance(raw, dict):
        for name, pair in raw.items():
            before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            if name in PERSONAL_FIELDS:
                before, after = (HIDDEN if before else before), (HIDDEN if after else after)
            before, after = (field_value(row.object_type, name, v) for v in (before, after))
            changes.append(
                Change(
                    name,
                    field_label(row.object_type, name),
                    _value(audit_mask(before)),
                    _value(audit_mask(after)),
                )
            )
    details = [
        (
            Value(key_label(k)) if k in KEYS else Value(k, code=True),
            _value(
                HIDDEN if k in PERSONAL_FIELDS else audit_mask(detail_value(row.object_type, k, v))
            ),
        )
        for k, v in data.items()
        if v not in (None, "", [], {})
    ]
    return Entry(
        row=row,
        kind=action_label(row.action),
        object=f"{object_label(row.object_type)} #{row.object_id}",
        changes=changes,
        details=details,
    )
