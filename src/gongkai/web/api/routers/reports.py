"""Reports sent upward: a unit running its own gongkai sends its published report here
(``gongkai report push``), where it is audited, kept as a version, and rolled up."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop as N_
from ninja import Router, Status

from gongkai.web.api.auth import Token
from gongkai.web.api.models import ApiClient, ApiScope
from gongkai.web.api.schemas import AuditRecord, Error, PushResult
from gongkai.web.api.services import report_receive

router = Router(tags=[N_("Reports sent upward")])


@router.post(
    "/received-reports/{year}",
    auth=Token(ApiScope.REPORTS_PUSH),
    response={
        200: PushResult,
        201: PushResult,
        400: Error,
        401: Error,
        403: Error,
        422: Error,
        429: Error,
    },
    summary=N_("Receive the token's unit's published report of a year"),
    description=N_(
        "The body is the report as an audit JSON record. It is audited here with the "
        "core rules and kept as a new version (201), unless it is the version last "
        "received (200); the findings come back."
    ),
)
def receive_report(request: HttpRequest, year: int, payload: AuditRecord) -> Any:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    received = report_receive(
        client=client, year=year, record=payload.model_dump(exclude_none=True)
    )
    return Status(
        201 if received.created else 200,
        {
            "unit": client.unit.code,
            "year": year,
            "version": received.version.number,
            "created": received.created,
            "findings": received.record.get("findings", []),
        },
    )
