"""The public list of every published annual report, by year and unit (/open/reports/)."""

from __future__ import annotations

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.web.reports.models import ReportStatus, ReportVersion
from gongkai.web.units.models import Unit

PAGE_SIZE = 200


def published_report_index(
    *, year: int | None = None, unit: Unit | None = None
) -> QuerySet[ReportVersion]:
    """The latest published version of every report (unit, year, scope), newest year
    first, then by the unit tree: one query, the older versions left out by the database."""
    later = ReportVersion.objects.filter(
        unit=OuterRef("unit"),
        year=OuterRef("year"),
        scope=OuterRef("scope"),
        status=ReportStatus.PUBLISHED,
        number__gt=OuterRef("number"),
    )
    rows = ReportVersion.objects.filter(status=ReportStatus.PUBLISHED).exclude(Exists(later))
    if year is not None:
        rows = rows.filter(year=year)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    return (
        rows.select_related("unit")
        .defer("snapshot", "sec1", "sec5", "sec6")
        .order_by("-year", "unit__path", "scope")
    )


def published_report_years() -> list[int]:
    return list(
        ReportVersion.objects.filter(status=ReportStatus.PUBLISHED)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def report_index(request: HttpRequest) -> HttpResponse:
    try:
        year: int | None = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    unit = Unit.objects.filter(code=request.GET.get("unit") or "").first()
    page = Paginator(published_report_index(year=year, unit=unit), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/reports.html",
        {
            "page": page,
            "by_year": [(y, list(vs)) for y, vs in groupby(page.object_list, key=lambda v: v.year)],
            "years": published_report_years(),
            "year": year,
            "unit": unit,
            "query": params.urlencode(),
            "formats": ["html", "docx", "pdf"],
        },
    )
