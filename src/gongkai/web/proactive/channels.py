"""Every channel counted: where each published item went (the portal, the office's
new-media accounts, the reading rooms), the year's counts for the annual report's
suggested paragraph, and the reading rooms (查阅点) the disclosure guide lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from gongkai.core.channels import ChannelCounts
from gongkai.web.audit.services import audit_record
from gongkai.web.proactive.models import (
    CatalogueItem,
    Column,
    ItemStatus,
    Platform,
    ReadingRoom,
)
from gongkai.web.units.models import Unit


@transaction.atomic
def catalogue_item_channels_save(
    *,
    item: CatalogueItem,
    on_portal: bool,
    at_reading_room: bool,
    accounts: Iterable[Column],
    actor: Any,
) -> CatalogueItem:
    """Record where an item went (at any stage: a post to 微博 often follows publication)."""
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    item.on_portal, item.at_reading_room = on_portal, at_reading_room
    item.save(update_fields=["on_portal", "at_reading_room"])
    accounts = list(accounts)
    item.accounts.set(accounts)
    audit_record(
        actor=actor,
        action="catalogue.channels",
        obj=item,
        unit=item.unit,
        on_portal=on_portal,
        at_reading_room=at_reading_room,
        accounts=sorted(a.pk for a in accounts),
    )
    return item


def channel_counts(*, units: QuerySet[Unit], year: int) -> ChannelCounts:
    """The units' items published in ``year``, by channel: one aggregate query."""
    big_two = (Platform.WEIBO, Platform.WECHAT)
    row = CatalogueItem.objects.filter(
        unit__in=units, status=ItemStatus.PUBLISHED, published_on__year=year
    ).aggregate(
        total=Count("pk", distinct=True),
        portal=Count("pk", filter=Q(on_portal=True), distinct=True),
        new_media=Count("pk", filter=Q(accounts__platform__in=big_two), distinct=True),
        weibo=Count("pk", filter=Q(accounts__platform=Platform.WEIBO), distinct=True),
        wechat=Count("pk", filter=Q(accounts__platform=Platform.WECHAT), distinct=True),
        any_account=Count("pk", filter=Q(accounts__isnull=False), distinct=True),
        reading_room=Count("pk", filter=Q(at_reading_room=True), distinct=True),
    )
    any_account = row.pop("any_account")
    return ChannelCounts(**row, other_accounts=any_account - row["new_media"])


def reading_rooms_for(*, unit: Unit) -> QuerySet[ReadingRoom]:
    """The reading rooms of the unit and of the units above it (a county's 查阅点 serve its
    departments and townships too)."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk] or [unit.pk]
    return ReadingRoom.objects.filter(unit__in=ancestors).select_related("unit")


@transaction.atomic
def reading_room_save(*, room: ReadingRoom, actor: Any) -> ReadingRoom:
    created = room.pk is None
    room.full_clean()
    room.save()
    audit_record(
        actor=actor,
        action="reading_room.create" if created else "reading_room.edit",
        obj=room,
        unit=room.unit,
        name=room.name,
        address=room.address,
        hours=room.hours,
    )
    return room


__all__ = [
    "catalogue_item_channels_save",
    "channel_counts",
    "reading_room_save",
    "reading_rooms_for",
]
