"""Public data: units, the catalogue (published items only) and published reports."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_noop as N_
from ninja import Query, Router

from gongkai.web.api.auth import Token
from gongkai.web.api.errors import E_NOT_FOUND, ApiError
from gongkai.web.api.models import ApiScope
from gongkai.web.api.schemas import (
    AuditRecord,
    Error,
    ItemDetail,
    ItemPage,
    ReportRef,
    UnitOut,
)
from gongkai.web.portal.selectors import catalogue_search, published_report
from gongkai.web.proactive.models import CatalogueItem
from gongkai.web.reports.models import ReportStatus, ReportVersion
from gongkai.web.units.models import Unit

router = Router(auth=Token(ApiScope.PUBLIC_READ), tags=[N_("Public data")])
ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 429: Error}


def _unit_out(u: Unit) -> dict[str, Any]:
    return {
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "parent": u.parent.code if u.parent else None,
    }


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ApiError(404, "not_found", E_NOT_FOUND)
    return unit


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary=N_("List units"))
def list_units(request: HttpRequest) -> Any:
    return [_unit_out(u) for u in Unit.objects.select_related("parent").order_by("path")]


@router.get("/units/{code}", response={200: UnitOut, **ERRORS}, summary=N_("One unit"))
def get_unit(request: HttpRequest, code: str) -> Any:
    unit = _unit(code)
    return _unit_out(unit)


def _item(i: CatalogueItem) -> dict[str, Any]:
    fields = [
        "id",
        "index_no",
        "publisher",
        "doc_number",
        "title",
        "topic",
        "kind",
        "written_on",
        "published_on",
        "issued_on",
        "repealed_on",
        "body",
    ]
    return {"unit": i.unit.code, **{f: getattr(i, f) for f in fields}}


@router.get(
    "/catalogue",
    response={200: ItemPage, **ERRORS},
    summary=N_("Search the catalogue of published documents"),
)
def list_catalogue(
    request: HttpRequest,
    q: str = Query("", max_length=100, description=N_("Words in the title, number or text.")),
    unit: str | None = Query(
        None, max_length=40, description=N_("A unit's code: it and those under it.")
    ),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100_000),
) -> Any:
    items = catalogue_search(q=q, unit=_unit(unit) if unit else None)
    return {"count": items.count(), "items": [_item(i) for i in items[offset : offset + limit]]}


@router.get(
    "/catalogue/{item_id}",
    response={200: ItemDetail, **ERRORS},
    summary=N_("One published document"),
)
def get_catalogue_item(request: HttpRequest, item_id: int) -> Any:
    item = catalogue_search().filter(pk=item_id).first() if 0 < item_id < 2**63 else None
    if item is None:
        raise ApiError(404, "not_found", E_NOT_FOUND)
    return _item(item)


@router.get(
    "/reports", response={200: list[ReportRef], **ERRORS}, summary=N_("List published reports")
)
def list_reports(
    request: HttpRequest,
    unit: str | None = Query(None, max_length=40, description=N_("Only this unit's.")),
    year: int | None = Query(None, ge=2000, le=2100),
) -> Any:
    versions = ReportVersion.objects.filter(status=ReportStatus.PUBLISHED).select_related(
        "unit", "received"
    )
    if unit:
        versions = versions.filter(unit=_unit(unit))
    if year:
        versions = versions.filter(year=year)
    latest: dict[tuple[int, int, str], ReportVersion] = {}
    for v in versions.order_by("unit__path", "-year", "scope", "number"):
        latest[(v.unit_id, v.year, v.scope)] = v
    return [
        {
            "unit": v.unit.code,
            "year": v.year,
            "scope": v.scope,
            "version": v.number,
            "published_at": v.published_at,
            "received": hasattr(v, "received"),
        }
        for v in latest.values()
    ]


@router.get(
    "/reports/{code}/{year}",
    response={200: AuditRecord, **ERRORS},
    summary=N_("A published report, in the audit JSON form"),
)
def get_report(
    request: HttpRequest,
    code: str,
    year: int,
    scope: Literal["unit", "subtree"] = Query("unit"),
) -> Any:
    version = (
        published_report(unit=_unit(code), year=year, scope=scope) if 0 < year < 10_000 else None
    )
    if version is None or not version.snapshot:
        raise ApiError(404, "not_found", E_NOT_FOUND)
    return version.snapshot
