"""Applications: submitted by a partner platform (or a unit's own system) under an
idempotency key; their status by tracking code, without personal data; and, for a unit's
token, the unit's applications with their ledger."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_noop as N_
from ninja import Header, Query, Router
from ninja import Status as Reply

from gongkai.web.api.auth import Token
from gongkai.web.api.errors import (
    E_CHANNEL,
    E_IDEMPOTENCY_KEY,
    E_NOT_FOUND,
    E_UNIT,
    ApiError,
)
from gongkai.web.api.models import ApiClient, ApiScope, IdempotentRequest
from gongkai.web.api.schemas import (
    ApplicationIn,
    ApplicationStatus,
    Error,
    UnitApplicationDetail,
    UnitApplicationPage,
)
from gongkai.web.api.services import idempotent
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Application, Channel, Status
from gongkai.web.units.models import Unit

router = Router(tags=[N_("Applications")])
ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


def _in_scope(client: ApiClient) -> Any:
    return Application.objects.filter(unit__path__startswith=client.unit.path)


def status_of(app: Application) -> dict[str, Any]:
    """What anyone holding the tracking code may know: dates and steps, no names."""
    return {
        "tracking_code": app.tracking_code,
        "unit": app.unit.code,
        "status": app.status,
        "status_label": str(app.get_status_display()),
        "submitted_on": app.submitted_on,
        "received_on": app.received_on,
        "due_on": app.due_on,
        "outcome": app.outcome,
        "closed_on": app.closed_on,
        "events": [
            {"kind": e.kind, "label": str(e.get_kind_display()), "on": e.on, "until": e.until}
            for e in app.events.all()
            if e.kind != "note"
        ],
    }


@router.post(
    "/applications",
    auth=Token(ApiScope.APPLICATIONS_SUBMIT, ApiScope.UNIT_WRITE),
    response={201: ApplicationStatus, 409: Error, **ERRORS},
    summary=N_("Submit an application"),
    description=N_(
        "Needs an Idempotency-Key header: the same key with the same body gives the same "
        "answer again; with another body, 409. The unit must be the token's unit or under it."
    ),
)
def submit_application(
    request: HttpRequest,
    payload: ApplicationIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=100),
) -> Any:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    key = idempotency_key.strip()
    if not key or "\x00" in key:
        raise ApiError(422, "invalid", E_IDEMPOTENCY_KEY)
    body = payload.dict()

    def make() -> tuple[Any, int, dict[str, Any]]:
        unit = Unit.objects.filter(code=payload.unit, path__startswith=client.unit.path).first()
        if unit is None:
            raise ApiError(404, "not_found", E_UNIT)
        if (
            payload.channel != str(Channel.ONLINE.value)
            and ApiScope.UNIT_WRITE not in client.scopes
        ):
            raise ApiError(422, "invalid", E_CHANNEL)
        today = timezone.localdate()
        fields = body.copy()
        fields.pop("unit")
        fields["submitted_on"] = payload.submitted_on or today
        try:
            app = apps.application_register(unit=unit, actor=None, as_of=today, **fields)
        except apps.ServiceError as err:
            raise ApiError(422, "invalid", err.message, details={"field": err.field}) from None
        return app, 201, status_of(app)

    answer = idempotent(client=client, key=key, body=body, make=make)
    return Reply(answer.status, answer.body)


@router.get(
    "/applications/{tracking_code}",
    auth=Token(ApiScope.APPLICATIONS_SUBMIT, ApiScope.UNIT_READ),
    response={200: ApplicationStatus, **ERRORS},
    summary=N_("An application's status by its tracking code"),
    description=N_(
        "No personal data. A partner sees the applications it submitted; a unit's token "
        "those of its unit and the units under it."
    ),
)
def application_status(request: HttpRequest, tracking_code: str) -> Any:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    code = tracking_code.strip().upper()
    found = None
    if ApiScope.UNIT_READ in client.scopes:
        found = _in_scope(client).filter(tracking_code=code).first()
    if found is None:
        submitted = (
            IdempotentRequest.objects.filter(client=client, application__tracking_code=code)
            .select_related("application__unit")
            .first()
        )
        found = submitted.application if submitted is not None else None
    if found is None:
        raise ApiError(404, "not_found", E_NOT_FOUND)
    return status_of(found)


_LIST_FIELDS = [
    "tracking_code",
    "channel",
    "category",
    "applicant_name",
    "description",
    "form_wanted",
    "submitted_on",
    "received_on",
    "status",
    "due_on",
    "outcome",
    "closed_on",
]


def _unit_row(app: Application) -> dict[str, Any]:
    return {"unit": app.unit.code, **{f: getattr(app, f) for f in _LIST_FIELDS}}


@router.get(
    "/unit/applications",
    auth=Token(ApiScope.UNIT_READ),
    response={200: UnitApplicationPage, **ERRORS},
    summary=N_("The unit's applications"),
)
def unit_applications(
    request: HttpRequest,
    status: Literal[tuple(Status.values)] | None = Query(None),  # type: ignore[valid-type]
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Any:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    rows = _in_scope(client).select_related("unit").order_by("-submitted_on", "-id")
    if status:
        rows = rows.filter(status=status)
    return {"count": rows.count(), "items": [_unit_row(a) for a in rows[offset : offset + limit]]}


@router.get(
    "/unit/applications/{tracking_code}",
    auth=Token(ApiScope.UNIT_READ),
    response={200: UnitApplicationDetail, **ERRORS},
    summary=N_("One of the unit's applications, with its ledger"),
)
def unit_application(request: HttpRequest, tracking_code: str) -> Any:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    app = (
        _in_scope(client)
        .filter(tracking_code=tracking_code.strip().upper())
        .select_related("unit")
        .first()
    )
    if app is None:
        raise ApiError(404, "not_found", E_NOT_FOUND)
    events = [
        {
            "kind": e.kind,
            "label": str(e.get_kind_display()),
            "on": e.on,
            "until": e.until,
            "days": e.days,
            "party": e.party,
            "outcome": e.outcome,
            "legal_basis": e.legal_basis,
            "note": e.note,
        }
        for e in app.events.order_by("on", "id")
    ]
    return {**_unit_row(app), "events": events}
