"""Reads for the staff pages of the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from gongkai.web.api.models import ApiClient
from gongkai.web.units.models import Membership, Role, Unit


def api_units_manageable(*, user: Any) -> QuerySet[Unit]:
    """The units whose API clients the user may create and revoke: under the user's
    disclosure office (or administrator) memberships; every unit for a superuser."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    q = Q(pk__in=[])
    for m in Membership.objects.filter(
        user=user, role__in=(Role.OFFICE, Role.ADMIN)
    ).select_related("unit"):
        q |= Q(path__startswith=m.unit.path)
    return Unit.objects.filter(q)


def api_client_list(*, units: QuerySet[Unit]) -> QuerySet[ApiClient]:
    """The clients of ``units``, each with its number of calls and its last call (one
    GROUP BY)."""
    return (
        ApiClient.objects.filter(unit__in=units)
        .select_related("unit")
        .annotate(call_count=Count("calls"), last_call=Max("calls__at"))
        .order_by("-created_at", "-id")
    )
