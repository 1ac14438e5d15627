"""Writing units and memberships."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.web.audit.services import audit_record
from gongkai.web.units.models import Membership, Unit


@transaction.atomic
def unit_create(
    *, name: str, code: str, kind: str, parent: Unit | None = None, actor: Any = None
) -> Unit:
    unit = Unit.objects.create(name=name, code=code, kind=kind, parent=parent)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit_record(actor=actor, action="unit.create", obj=unit, unit=unit, code=code)
    return unit


@transaction.atomic
def membership_grant(*, user: Any, unit: Unit, role: str, actor: Any = None) -> Membership:
    m, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    audit_record(
        actor=actor, action="membership.grant", obj=m, unit=unit, role=role, user=user.username
    )
    return m
