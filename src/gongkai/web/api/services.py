"""Writes of the API: clients and their tokens, the call log, applications submitted under
an idempotency key, and reports received from another gongkai."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core import audit_record as core_audit_record
from gongkai.core import check
from gongkai.core.errors import RecordError
from gongkai.core.report.serialize import report_from_record
from gongkai.web.api.auth import token_digest
from gongkai.web.api.errors import (
    E_IDEMPOTENCY_CONFLICT,
    E_RECORD,
    E_YEAR,
    ApiError,
)
from gongkai.web.api.models import ApiCall, ApiClient, IdempotentRequest, ReceivedReport
from gongkai.web.audit.services import audit_record
from gongkai.web.reports.models import ReportStatus, ReportVersion, Scope
from gongkai.web.units.models import Unit

E_RESENT = _("Sent again by the unit's own gongkai.")

#: A token: this prefix (so that a leaked one is recognisable) and 32 random bytes.
TOKEN_PREFIX = "gk_"


@transaction.atomic
def api_client_create(
    *, name: str, unit: Unit, scopes: list[str], rate_per_minute: int, actor: Any
) -> tuple[ApiClient, str]:
    """A new client and its token. The token is returned here once; only its digest is
    kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        unit=unit,
        scopes=sorted(set(scopes)),
        token_digest=token_digest(token),
        token_prefix=token[:10],
        rate_per_minute=rate_per_minute,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor, action="api_client.create", obj=client, unit=unit, scopes=client.scopes
    )
    return client, token


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: Any) -> ApiClient:
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_client.revoke",
            obj=client,
            unit=client.unit,
            changes={"revoked_at": [None, client.revoked_at.isoformat()]},
        )
    return client


def api_call_log(*, client: ApiClient | None, method: str, route: str, status: int) -> ApiCall:
    return ApiCall.objects.create(client=client, method=method, route=route[:200], status=status)


def _digest(body: Any) -> str:
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def idempotent(
    *, client: ApiClient, key: str, body: Any, make: Callable[[], tuple[Any, int, dict[str, Any]]]
) -> Answer:
    """The answer to ``body`` sent under ``key``: the one kept for the key when the body is
    the same, a conflict (409) when it is not, else what ``make`` does, kept with the key —
    ``make`` (which returns the application made, the status and the answer) runs in the
    same transaction as the keeping, so that two requests with one key make one thing."""
    digest = _digest(body)

    def kept() -> Answer | None:
        found = IdempotentRequest.objects.filter(client=client, key=key).first()
        if found is None:
            return None
        if found.body_digest != digest:
            raise ApiError(409, "idempotency_conflict", E_IDEMPOTENCY_CONFLICT)
        return Answer(found.status, found.response)

    if (answer := kept()) is not None:
        return answer
    try:
        with transaction.atomic():
            obj, status, response = make()
            IdempotentRequest.objects.create(
                client=client,
                key=key,
                body_digest=digest,
                status=status,
                response=response,
                application=obj,
            )
    except IntegrityError:  # the same key, at the same moment, in another request
        if (answer := kept()) is not None:
            return answer
        raise
    return Answer(status, response)


@dataclass(frozen=True)
class Received:
    version: ReportVersion
    created: bool
    record: dict[str, Any]


@transaction.atomic
def report_receive(*, client: ApiClient, year: int, record: Any) -> Received:
    """Keep a report another gongkai sent for ``client``'s unit: read it as an audit record,
    audit it here with the core rules, and keep it as a new published version of the unit's
    report — unless it is what the latest received version already holds."""
    unit = client.unit
    try:
        report = report_from_record(record, source=f"{unit.code}/{year}")
    except RecordError as err:
        raise ApiError(422, "invalid_report", E_RECORD, reason=str(err)) from None
    if report.year != year:
        raise ApiError(422, "invalid_report", E_YEAR, found=report.year, expected=year)
    digest = _digest(record)
    # One push at a time per unit and year: the unit's row is the lock.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    latest = (
        ReportVersion.objects.filter(unit=unit, year=year, scope=Scope.UNIT)
        .order_by("-number")
        .select_related("received")
        .first()
    )
    received = getattr(latest, "received", None) if latest is not None else None
    if latest is not None and received is not None and received.digest == digest:
        return Received(latest, False, dict(latest.snapshot or {}))
    audited = core_audit_record(report, check(report))
    narrative = record.get("narrative") if isinstance(record, dict) else None
    if isinstance(narrative, dict):
        audited["narrative"] = {k: str(narrative.get(k) or "") for k in ("sec1", "sec5", "sec6")}
    audited["source"] = f"{unit.code}/{year}"
    version = ReportVersion.objects.create(
        unit=unit,
        year=year,
        scope=Scope.UNIT,
        number=(latest.number + 1) if latest is not None else 1,
        status=ReportStatus.PUBLISHED,
        snapshot=audited,
        published_at=timezone.now(),
        change_reason="" if latest is None else str(E_RESENT),
        **{k: audited.get("narrative", {}).get(k, "") for k in ("sec1", "sec5", "sec6")},
    )
    ReceivedReport.objects.create(version=version, client=client, digest=digest)
    audit_record(
        actor=None,
        action="report.receive",
        obj=version,
        unit=unit,
        client=client.pk,
        findings=len(audited["findings"]),
    )
    return Received(version, True, audited)
