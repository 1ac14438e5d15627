"""The units' annual-report column addresses (where the collector starts): kept by the
disclosure office over each unit."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.web.audit.services import audit_record
from gongkai.web.evaluations.models import ReportColumn
from gongkai.web.units.models import Unit


def report_columns_save(*, urls: dict[Unit, str], user: Any) -> int:
    """Set (or, with an empty address, remove) the units' annual-report column addresses;
    one audit-log row per unit changed. Returns how many changed."""
    changed = 0
    with transaction.atomic():
        current = {c.unit_id: c for c in ReportColumn.objects.filter(unit__in=list(urls))}
        for unit, url in urls.items():
            column = current.get(unit.pk)
            before = column.url if column is not None else ""
            if url == before:
                continue
            if not url:
                assert column is not None
                column.delete()
            elif column is None:
                column = ReportColumn.objects.create(unit=unit, url=url)
            else:
                column.url = url
                column.save(update_fields=["url"])
            audit_record(
                actor=user,
                action="evaluation.report_column",
                obj=unit,
                unit=unit,
                changes={"url": [before, url]},
            )
            changed += 1
    return changed
