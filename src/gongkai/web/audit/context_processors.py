"""What the staff menu offers a user: only the pages the user may open (a supervisor, who
registers nothing, is not offered 登记申请; only readers of the audit log see it). It
reads the user's memberships once per request, the read the dashboard link and the work
queue's duties share, and only on pages that show the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.web.audit.selectors import READER_ROLES
from gongkai.web.units.models import WRITE_ROLES
from gongkai.web.units.selectors import user_roles


def _menu(user: Any) -> dict[str, bool]:
    if not getattr(user, "is_authenticated", False):
        return {"register": False, "audit": False}
    if user.is_superuser:
        return {"register": True, "audit": True}
    roles = user_roles(user=user)
    return {"register": bool(roles & set(WRITE_ROLES)), "audit": bool(roles & set(READER_ROLES))}


def menu(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {"menu": SimpleLazyObject(lambda: _menu(user))}
