"""Documents with their interpretation (政策解读): a 行政规范性文件, or an item the office
marks as a policy document, is published together with its interpretation (同步发布).
Publishing one without the other is refused unless the reviewer records why.

Called by :func:`gongkai.web.proactive.services.catalogue_item_publish` inside its
transaction; the reads for the portal and the annual report's check are here too."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.web.audit.services import audit_record
from gongkai.web.proactive.models import CatalogueItem, DocKind, ItemStatus
from gongkai.web.units.models import Unit

E_ALONE = _(
    "A 行政规范性文件 or policy document is published together with its interpretation "
    "(政策解读), and both must be reviewed: link and review the other one, or record why "
    "this one is published alone."
)
E_PARTNER_STALE = _(
    "The other item of the pair has changed since it was reviewed: review it again first."
)


def needs_interpretation(item: CatalogueItem) -> bool:
    """A 行政规范性文件, or an item the office marked as a policy document."""
    return item.kind == DocKind.NORMATIVE or item.is_policy


def item_partner(item: CatalogueItem) -> CatalogueItem | None:
    """The interpretation of a document, or the document of an interpretation."""
    if item.interprets_id is not None:
        return item.interprets
    return CatalogueItem.objects.filter(interprets=item).first()


def item_pair(item: CatalogueItem) -> dict[str, Any] | None:
    """For the item's page: its partner (None if it has none yet), and whether the item is
    the document or the interpretation; None for an item that is neither."""
    if item.interprets_id is None and not needs_interpretation(item):
        return None
    return {"partner": item_partner(item), "is_interpretation": item.interprets_id is not None}


def publish_with_partner(*, item: CatalogueItem, actor: Any, alone_reason: str = "") -> None:
    """In the caller's transaction, before ``item`` (locked, reviewed, not stale) is
    published: publish its reviewed partner with it, or, if it has none ready, refuse
    unless ``alone_reason`` says why it goes alone (recorded on the item and in the
    audit log). Items that are neither policy documents nor interpretations pass."""
    from gongkai.web.proactive.services import ProactiveError, catalogue_item_digest

    if item.interprets_id is None and not needs_interpretation(item):
        return
    partner = item_partner(item)
    if partner is not None:
        partner = CatalogueItem.objects.select_for_update().get(pk=partner.pk)
    ready = partner is not None and (
        partner.status == ItemStatus.PUBLISHED
        or (partner.status == ItemStatus.REVIEWED and partner.secrecy_reviewed)
    )
    if ready and partner is not None:
        if partner.status == ItemStatus.REVIEWED:
            if catalogue_item_digest(partner) != partner.reviewed_digest:
                raise ProactiveError(E_PARTNER_STALE)
            partner.status = ItemStatus.PUBLISHED
            partner.save(update_fields=["status"])
            audit_record(
                actor=actor,
                action="catalogue.publish",
                obj=partner,
                unit=partner.unit,
                together_with=item.pk,
            )
        return
    reason = alone_reason.strip()
    if not reason:
        raise ProactiveError(E_ALONE)
    item.published_alone_reason = reason
    item.save(update_fields=["published_alone_reason"])
    audit_record(
        actor=actor,
        action="catalogue.published_alone",
        obj=item,
        unit=item.unit,
        reason=reason,
        partner=partner.pk if partner is not None else None,
    )


def normative_without_interpretation(
    *, units: QuerySet[Unit], year: int
) -> QuerySet[CatalogueItem]:
    """The units' 行政规范性文件 and policy documents published in ``year`` with no
    published interpretation (the annual report's check)."""
    interpreted = CatalogueItem.objects.filter(
        interprets=OuterRef("pk"), status=ItemStatus.PUBLISHED
    )
    return (
        CatalogueItem.objects.filter(
            Q(kind=DocKind.NORMATIVE) | Q(is_policy=True),
            unit__in=units,
            status=ItemStatus.PUBLISHED,
            published_on__year=year,
        )
        .exclude(Exists(interpreted))
        .order_by("published_on", "pk")
    )


__all__ = [
    "E_ALONE",
    "E_PARTNER_STALE",
    "item_pair",
    "item_partner",
    "needs_interpretation",
    "normative_without_interpretation",
    "publish_with_partner",
]
