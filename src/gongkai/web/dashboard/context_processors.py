"""Whether the nav offers the dashboard: asked only when a page's nav shows it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def dashboard_link(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from gongkai.web.units.selectors import user_oversees

    # A callable: the template calls it when it reads the variable, not before.
    return {"user_oversees": lambda: user_oversees(user=user)}
