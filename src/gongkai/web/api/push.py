"""Sending a unit's published report to another gongkai (``gongkai report push``): the
receiver's ``POST /api/v1/received-reports/{year}``, with a token its office issued with
the scope ``reports:push`` for this unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from gongkai.web.portal.selectors import published_report
from gongkai.web.units.models import Unit

#: Seconds to wait for the receiver (its rules run while the sender waits).
TIMEOUT = 60.0


class PushError(Exception):
    pass


@dataclass(frozen=True)
class Pushed:
    unit: Unit
    status: int
    answer: dict[str, Any]


def push_unit(*, code: str | None) -> Unit:
    """The unit named, or the one unit at the top of the tree."""
    if code is not None:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise PushError(f"no unit with code {code!r}")
        return unit
    tops = list(Unit.objects.filter(parent__isnull=True)[:2])
    if len(tops) != 1:
        raise PushError("name the unit with --unit (there is not exactly one top unit)")
    return tops[0]


def report_push(*, unit: Unit, year: int, scope: str, url: str, token: str) -> Pushed:
    version = published_report(unit=unit, year=year, scope=scope)
    if version is None or not version.snapshot:
        raise PushError(f"{unit.name} has no published report of {year} ({scope})")
    endpoint = url.rstrip("/") + f"/api/v1/received-reports/{year}"
    try:
        response = httpx.post(
            endpoint,
            json=version.snapshot,
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "zh-hans"},
            timeout=TIMEOUT,
        )
    except httpx.HTTPError as err:
        raise PushError(f"could not reach {endpoint}: {err}") from None
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise PushError(f"{endpoint} answered {response.status_code} without a JSON object")
    if response.status_code not in (200, 201):
        raise PushError(
            f"{endpoint} refused the report ({response.status_code} {answer.get('code', '')}): "
            f"{answer.get('message', '')}"
        )
    return Pushed(unit, response.status_code, answer)
