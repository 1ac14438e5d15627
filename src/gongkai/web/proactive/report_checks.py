"""What the catalogue adds to a unit's annual report page: the normative documents and
policy documents published in the year without their interpretation (a warning), and
a paragraph for section 一 from the year's channel counts, which the office can take
into the narrative and edit."""

from __future__ import annotations

from typing import Any

from gongkai.core.channels import section_one_paragraph
from gongkai.web.proactive.channels import channel_counts
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
    counts = channel_counts(units=units, year=year)
    return {
        "without_interpretation": list(missing[:SHOWN]),
        "missing_count": missing.count(),
        "channels": counts,
        "paragraph": section_one_paragraph(year=year, counts=counts) if counts.total else "",
    }


def sec1_with_paragraph(sec1: str, paragraph: str) -> str:
    """Section 一's text with the suggested paragraph added at its end (once)."""
    if not paragraph or paragraph in sec1:
        return sec1
    return f"{sec1.rstrip()}\n{paragraph}" if sec1.strip() else paragraph


__all__ = ["report_proactive", "sec1_with_paragraph"]
