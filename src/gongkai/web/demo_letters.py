"""The demo county's numbered letters: each unit's number pattern and contact line, and in
the two first departments the letters of this year's latest steps, the replies delivered."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.web.applications.models import Event, EventKind, ServiceMethod
from gongkai.web.demo_data import COUNTY_CODE, NUMBER_PATTERNS, office_phone
from gongkai.web.units.models import Unit

#: The closing line of each kind of the demo's letters.
CLOSINGS = (
    ("reply", "特此答复。"),
    ("correction", "特此告知。"),
    ("extension", "特此告知。"),
    ("consultation", "特此函告。"),
)


def demo_letters(county: Unit, office: Any, as_of: date) -> None:
    """Numbered letters on the demo: the units' number patterns and contact lines, and in
    the two first departments the letters of the latest steps of each kind (numbered in
    the order issued), the replies delivered."""
    from gongkai.web.applications import letter_services as letters
    from gongkai.web.applications.letter_models import DeliveryMethod

    for code, pattern in NUMBER_PATTERNS.items():
        letters.letter_numbering_save(
            unit=Unit.objects.get(code=code), pattern=pattern, actor=office
        )
    # Each unit's contact line gives its own office's telephone, as its guide does.
    for unit in Unit.objects.filter(path__startswith=county.path):
        phone = office_phone(unit.code.split("-")[1] if "-" in unit.code else "")
        for kind, closing in CLOSINGS:
            letters.letter_wording_save(
                unit=unit,
                kind=kind,
                notes="",
                closing=closing,
                signature="{机关名称}",
                contact=f"联系人：{{机关名称}}办公室　联系电话：{phone}",
                actor=office,
            )
    kinds = {
        EventKind.CORRECTION_NOTICE: "correction",
        EventKind.CONSULTATION: "consultation",
        EventKind.EXTENSION: "extension",
        EventKind.REPLY: "reply",
    }
    for code in (f"{COUNTY_CODE}-FGJ", f"{COUNTY_CODE}-JYJ"):
        events = (
            Event.objects.filter(
                application__unit__code=code, kind__in=list(kinds), on__year=as_of.year
            )
            .select_related("application")
            .order_by("on", "pk")
        )
        latest = {e.kind: e for e in events}
        for event in sorted(latest.values(), key=lambda e: (e.on, e.pk)):
            issued = letters.letter_issue(
                application=event.application,
                kind=kinds[EventKind(event.kind)],
                event=event,
                actor=office,
                as_of=as_of,
            )
            if event.kind == EventKind.REPLY:
                method = {
                    ServiceMethod.DIRECT: DeliveryMethod.IN_PERSON,
                    ServiceMethod.POST: DeliveryMethod.POST,
                }.get(ServiceMethod(event.service_method), DeliveryMethod.EMAIL)
                letters.letter_delivery_record(
                    letter=issued,
                    method=method,
                    on=event.on,
                    tracking_number=f"KD{event.on:%Y%m%d}{event.pk:06d}"
                    if method == DeliveryMethod.POST
                    else "",
                    actor=office,
                    as_of=as_of,
                )


__all__ = ["CLOSINGS", "demo_letters"]
