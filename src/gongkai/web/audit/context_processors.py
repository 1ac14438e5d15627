"""What the staff menu offers a user: only the pages the user may open (a supervisor, who
registers nothing, is not offered 登记申请; only readers of the audit log see it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.web.audit.selectors import audit_can_read
from gongkai.web.units.selectors import unit_list_writable


def menu(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "menu_audit": SimpleLazyObject(lambda: audit_can_read(user=user)),
        "menu_register": SimpleLazyObject(lambda: unit_list_writable(user=user).exists()),
    }
