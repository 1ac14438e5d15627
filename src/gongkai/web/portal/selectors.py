"""What the public may see: only published documents and published report versions."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from gongkai import __version__
from gongkai.core import AnnualReport
from gongkai.core.report.serialize import report_from_record
from gongkai.web.proactive.models import CatalogueItem, ItemStatus
from gongkai.web.reports.models import ReportStatus, ReportVersion
from gongkai.web.units.models import Unit


def directory_top() -> QuerySet[Unit]:
    """The first two levels of the unit tree (a county and its departments and townships;
    a city and its counties): what the portal lists before one unit is chosen."""
    return Unit.objects.filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True)).order_by(
        "path"
    )


def catalogue_search(
    *, q: str = "", unit: Unit | None = None, topic: int | None = None
) -> QuerySet[CatalogueItem]:
    """Published items; ``q`` matches title, index number or document number as a substring
    (works for Chinese text alike on SQLite and PostgreSQL: no word splitting involved)."""
    items = CatalogueItem.objects.filter(status=ItemStatus.PUBLISHED).select_related("unit")
    if unit is not None:
        items = items.filter(unit__path__startswith=unit.path)
    if topic:
        items = items.filter(topic=topic)
    for word in q.split():
        items = items.filter(
            Q(title__icontains=word)
            | Q(index_no__icontains=word)
            | Q(doc_number__icontains=word)
            | Q(body__icontains=word)
        )
    return items.order_by("-published_on", "-id")


def published_reports(*, unit: Unit) -> list[ReportVersion]:
    """The latest published version of each of the unit's reports, newest year first."""
    latest: dict[tuple[int, str], ReportVersion] = {}
    for v in ReportVersion.objects.filter(unit=unit, status=ReportStatus.PUBLISHED).order_by(
        "year", "scope", "number"
    ):
        latest[(v.year, v.scope)] = v
    return sorted(latest.values(), key=lambda v: (-v.year, v.scope))


def published_report(*, unit: Unit, year: int, scope: str) -> ReportVersion | None:
    return (
        ReportVersion.objects.filter(
            unit=unit, year=year, scope=scope, status=ReportStatus.PUBLISHED
        )
        .order_by("-number")
        .first()
    )


def report_of(version: ReportVersion) -> AnnualReport:
    """The report as it was published (the frozen snapshot, its narrative included)."""
    return report_from_record(
        dict(version.snapshot or {}), source=f"{version.unit.code}/{version.year}"
    )


def published_document(
    version: ReportVersion, kind: str, render: Callable[[AnnualReport, date | None], bytes]
) -> bytes:
    """A published report rendered to ``kind`` with its closing dated the day it was
    published, made once and kept under var/cache: the version is frozen, so its
    documents never change (a PDF takes a second or two to make; served from the file it
    takes microseconds). The file is named by a hash of what it is made from — the
    snapshot, the version's number and date, the document kind and gongkai's version —
    never by a primary key, which a restored or rebuilt database may give to another
    report; a document made before its closing carried the date is so never served."""
    assert version.status == ReportStatus.PUBLISHED
    issued_on = version.issued_on
    key = hashlib.sha256(
        json.dumps(
            [
                __version__,
                kind,
                version.unit.code,
                version.year,
                version.number,
                issued_on.isoformat() if issued_on else None,
                version.snapshot,
            ],
            sort_keys=True,
            ensure_ascii=False,
        ).encode()
    ).hexdigest()
    path = settings.VAR / "cache" / "published" / f"{key}.{kind}"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    content = render(report_of(version), issued_on)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Written under another name and renamed: a reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    os.replace(tmp, path)
    return content


def figures_over_years(*, unit: Unit, scope: str) -> dict[str, list[Any]]:
    """The unit's key figures from its published reports, for the chart."""
    versions = sorted(published_reports(unit=unit), key=lambda v: v.year)
    versions = [v for v in versions if v.scope == scope]
    cells = [(v.snapshot or {}).get("cells", {}) for v in versions]
    return {
        "years": [v.year for v in versions],
        "new": [c.get("apply.new.total") for c in cells],
        "closed": [c.get("apply.result.total.total") for c in cells],
        "granted": [c.get("apply.result.grant.total") for c in cells],
        "review": [c.get("review.total") for c in cells],
    }
