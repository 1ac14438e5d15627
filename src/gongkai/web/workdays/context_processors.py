"""The calendar banner on staff pages: a year whose official arrangement is missing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone


def calendar_banner(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith("/open/"):
        return {}
    from gongkai.web.workdays.selectors import calendar_can_edit, calendar_years_missing

    missing = calendar_years_missing(today=timezone.localdate())
    if not missing:
        return {}
    return {
        "calendar_missing": missing,
        "calendar_missing_text": "、".join(str(y) for y in missing),
        "calendar_can_edit": calendar_can_edit(user=user),
    }
