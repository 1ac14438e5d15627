"""Who may see and change what. Every staff view asks these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.core.remedy import remedy_defaults
from gongkai.web.units.models import SUBTREE_ROLES, WRITE_ROLES, Membership, Role, Unit, UnitKind


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
    """The units whose disclosure office (or an admin) the user is: who keeps their settings
    and rules."""
    return Unit.objects.filter(_scope(user, (Role.OFFICE, Role.ADMIN)))


def unit_subtree(*, unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path)


#: The roles that approve (see :func:`unit_can_approve`).
APPROVE_ROLES = (Role.REVIEWER, Role.OFFICE, Role.ADMIN)


def _memberships_once(user: Any) -> list[Membership]:
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit"))
        user._gongkai_memberships = cached
    return cached


def _request_scope(user: Any, roles: tuple[str, ...]) -> Q:
    """:func:`_scope` over the user's memberships read once for the user object (a request's
    ``request.user`` lives as long as the request): the work queue's duties and the
    nav's dashboard link share one read."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for m in _memberships_once(user):
        if m.role in roles:
            q |= Q(path__startswith=m.unit.path) if m.role in SUBTREE_ROLES else Q(pk=m.unit.pk)
    return q


def unit_list_approvable(*, user: Any) -> QuerySet[Unit]:
    """The units whose extensions, reports and catalogue items the user may approve (see
    :func:`unit_can_approve`)."""
    return Unit.objects.filter(_request_scope(user, APPROVE_ROLES))


def unit_list_writable_cached(*, user: Any) -> QuerySet[Unit]:
    """:func:`unit_list_writable`, the memberships read once for the user object."""
    return Unit.objects.filter(_request_scope(user, tuple(WRITE_ROLES)))


def user_roles(*, user: Any) -> set[str]:
    """The roles the user holds in any unit (the memberships read once, as above)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.role for m in _memberships_once(user)}


def user_oversees(*, user: Any) -> bool:
    """Whether the user is the office, a supervisor or an admin of some unit (or a
    superuser): who sees the dashboard."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(m.role in SUBTREE_ROLES for m in _memberships_once(user))


def user_has_role(*, user: Any, roles: tuple[str, ...]) -> bool:
    """Whether the user holds one of ``roles`` somewhere (a superuser holds every role),
    from the memberships read once for the request's user."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(m.role in roles for m in _memberships_once(user))


def unit_list_overseen(*, user: Any) -> QuerySet[Unit]:
    """The units the user oversees as the office, a supervisor or an admin (each with the
    units under it): the scope of the dashboard. Clerks and reviewers oversee none."""
    return Unit.objects.filter(_request_scope(user, tuple(SUBTREE_ROLES)))


@dataclass(frozen=True)
class UnitRemedy:
    """Where an applicant turns against the unit's decision, as its letters name them:
    the unit's own entry, else the default derived from the tree (empty if none)."""

    reconsideration_body: str
    court: str
    reconsideration_default: str  # derived from the tree
    court_default: str

    @property
    def missing(self) -> list[Any]:
        return [
            label
            for label, value in (
                (_("administrative review body"), self.reconsideration_body),
                (_("court for lawsuits"), self.court),
            )
            if not value
        ]


def unit_remedy(*, unit: Unit) -> UnitRemedy:
    """The review body (行政复议机关) and court (管辖法院) of the unit's letters: what the
    office entered, else the defaults of :func:`gongkai.core.remedy.remedy_defaults` from
    the governments above the unit."""
    above = [int(pk) for pk in unit.path.strip("/").split("/") if pk and int(pk) != unit.pk]
    names = dict(
        Unit.objects.filter(pk__in=above, kind=UnitKind.GOVERNMENT).values_list("pk", "name")
    )
    defaults = remedy_defaults(
        kind=unit.kind, governments_above=[names[pk] for pk in reversed(above) if pk in names]
    )
    return UnitRemedy(
        reconsideration_body=unit.reconsideration_body.strip() or defaults.reconsideration_body,
        court=unit.litigation_court.strip() or defaults.court,
        reconsideration_default=defaults.reconsideration_body,
        court_default=defaults.court,
    )
