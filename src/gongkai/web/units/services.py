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


@transaction.atomic
def unit_save_admin(*, unit: Unit, actor: Any, created: bool) -> Unit:
    """After the admin saved a unit: its path and its subtree's paths follow its parent."""
    old = unit.path
    new = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
    if unit.parent is not None and unit.parent.path.startswith(old or "//"):
        raise ValueError("a unit cannot be placed under itself")
    if new != old:
        Unit.objects.filter(pk=unit.pk).update(path=new)
        if old:
            for child in Unit.objects.filter(path__startswith=old).exclude(pk=unit.pk):
                Unit.objects.filter(pk=child.pk).update(path=new + child.path[len(old) :])
        unit.path = new
    audit_record(
        actor=actor,
        action="unit.create" if created else "unit.edit",
        obj=unit,
        unit=unit,
        code=unit.code,
    )
    return unit


@transaction.atomic
def unit_remedy_save(
    *, unit: Unit, reconsideration_body: str, litigation_court: str, actor: Any
) -> Unit:
    """The office's entry of the unit's review body and court (empty: the default derived
    from the tree), with an audit row of before and after."""
    row = Unit.objects.select_for_update().get(pk=unit.pk)
    before = {
        "reconsideration_body": row.reconsideration_body,
        "litigation_court": row.litigation_court,
    }
    row.reconsideration_body = reconsideration_body.strip()
    row.litigation_court = litigation_court.strip()
    row.save(update_fields=["reconsideration_body", "litigation_court"])
    after = {
        "reconsideration_body": row.reconsideration_body,
        "litigation_court": row.litigation_court,
    }
    audit_record(actor=actor, action="unit.remedy", obj=row, unit=row, before=before, after=after)
    unit.reconsideration_body, unit.litigation_court = (
        row.reconsideration_body,
        row.litigation_court,
    )
    return row
