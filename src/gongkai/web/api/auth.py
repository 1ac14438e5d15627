"""Tokens: ``Authorization: Bearer <token>``. A token is looked up by its SHA-256 digest
(only the digest is stored), must not be revoked, must hold the route's scope, and each
call counts against the client's rate (gongkai.web.throttle, so every server process
shares the count)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from gongkai.web.api.errors import E_RATE, E_SCOPE, E_UNAUTHENTICATED, ApiError
from gongkai.web.api.models import ApiClient
from gongkai.web.throttle.services import throttle_take

#: The window of a client's rate.
RATE_WINDOW = timedelta(minutes=1)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_for_token(token: str) -> ApiClient | None:
    digest = token_digest(token)
    client = ApiClient.objects.select_related("unit").filter(token_digest=digest).first()
    if client is None or not hmac.compare_digest(client.token_digest, digest):
        return None
    return client if client.active else None


class Token(HttpBearer):
    """A token holding any of ``scopes``."""

    def __init__(self, *scopes: str) -> None:
        super().__init__()
        self.scopes = scopes

    def __call__(self, request: HttpRequest) -> Any:
        result = super().__call__(request)
        if result is None:
            raise ApiError(401, "unauthenticated", E_UNAUTHENTICATED)
        return result

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        client = client_for_token(token)
        if client is None:
            raise ApiError(401, "unauthenticated", E_UNAUTHENTICATED)
        request.api_client = client  # type: ignore[attr-defined]  # read by the call log
        if not throttle_take(
            kind="api", key=str(client.pk), limits=(client.rate_per_minute, RATE_WINDOW)
        ):
            raise ApiError(429, "rate_limited", E_RATE)
        if not set(self.scopes) & set(client.scopes):
            raise ApiError(403, "forbidden_scope", E_SCOPE, scope=" / ".join(self.scopes))
        return client
