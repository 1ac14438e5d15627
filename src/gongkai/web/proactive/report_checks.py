"""What the catalogue adds to a unit's annual report page: the normative documents and
policy documents published in the year without their interpretation (a warning)."""

from __future__ import annotations

from typing import Any

from gongkai.web.proactive.interpretation import normative_without_interpretation
from gongkai.web.units.models import Unit

#: The report page names at most this many documents (and says how many there are).
SHOWN = 20


def report_proactive(*, unit: Unit, year: int, subtree: bool) -> dict[str, Any]:
    units = (
        Unit.objects.filter(path__startswith=unit.path)
        if subtree
        else Unit.objects.filter(pk=unit.pk)
    )
    missing = normative_without_interpretation(units=units, year=year).select_related("unit")
    return {"without_interpretation": list(missing[:SHOWN]), "missing_count": missing.count()}


__all__ = ["report_proactive"]
