"""Who may see and change what. Every staff view asks these."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.web.units.models import SUBTREE_ROLES, WRITE_ROLES, Membership, Role, Unit


def _scope(user: Any, roles: tuple[str, ...] | None = None) -> Q:
    """A filter on Unit for the units the user's memberships reach (optionally only some roles)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    memberships = Membership.objects.filter(user=user).select_related("unit")
    for m in memberships:
        if roles is not None and m.role not in roles:
            continue
        q |= Q(path__startswith=m.unit.path) if m.role in SUBTREE_ROLES else Q(pk=m.unit.pk)
    return q


def unit_list_visible(*, user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(_scope(user))


def unit_list_writable(*, user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(_scope(user, tuple(WRITE_ROLES)))


def unit_can_view(*, user: Any, unit: Unit) -> bool:
    return unit_list_visible(user=user).filter(pk=unit.pk).exists()


def unit_can_write(*, user: Any, unit: Unit) -> bool:
    return unit_list_writable(user=user).filter(pk=unit.pk).exists()


def unit_can_view_personal_data(*, user: Any, unit: Unit) -> bool:
    """Applicants' personal data: staff who handle the unit's work, never supervisors."""
    return Unit.objects.filter(_scope(user, tuple(WRITE_ROLES)), pk=unit.pk).exists()


def unit_can_approve(*, user: Any, unit: Unit) -> bool:
    """Extensions, publication and reports need a reviewer (or the office / an admin)."""
    return Unit.objects.filter(
        _scope(user, (Role.REVIEWER, Role.OFFICE, Role.ADMIN)), pk=unit.pk
    ).exists()


def unit_list_office(*, user: Any) -> QuerySet[Unit]:
    """The units whose disclosure office (or an admin) the user is: who sets their rules."""
    return Unit.objects.filter(_scope(user, (Role.OFFICE, Role.ADMIN)))


def unit_subtree(*, unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path)
