"""The API's errors: a stable ``code`` for programs, a ``message`` for people (Chinese by
default, from the translation catalogue).

    ApiError(status, code, message)     raised by the routers and the auth
      ├─ 400 bad_request                a NUL character in the call (the call log's middleware)
      ├─ 401 unauthenticated            no token, or a token unknown or revoked
      ├─ 403 forbidden_scope            the token lacks the scope the route needs
      ├─ 404 not_found                  nothing there, or nothing this token may see
      ├─ 409 idempotency_conflict       the key was used with another body
      ├─ 422 invalid                    the body or the query does not fit (with details)
      └─ 429 rate_limited               the client's calls per minute are used up
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

E_UNAUTHENTICATED = _("Send a valid API token: Authorization: Bearer <token>.")
E_SCOPE = _("This token may not do this (missing scope {scope}).")
E_NOT_FOUND = _("Not found.")
E_NUL = _("The request holds a NUL character, which no field accepts.")
E_RATE = _("Too many calls: this client's limit per minute is reached. Try again shortly.")
E_IDEMPOTENCY_KEY = _("Send an Idempotency-Key header (1 to 100 characters).")
E_IDEMPOTENCY_CONFLICT = _("This Idempotency-Key was already used with another request body.")
E_INVALID = _("The request does not fit the schema.")
E_UNIT = _("This unit is not within the token's unit.")
E_CHANNEL = _("A partner platform submits online applications only.")
E_RECORD = _("The report cannot be read: {reason}")
E_YEAR = _("The report is of {found}, not of {expected}.")


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: Any, *, details: Any = None, **params: Any
    ) -> None:
        self.status = status
        self.code = code
        self.message = str(message).format(**params) if params else str(message)
        self.details = details
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            out["details"] = self.details
        return out
