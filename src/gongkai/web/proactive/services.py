"""Writing the catalogue and the Table 2 counts. Importing counts from XLSX (all or
nothing, without holding the write lock while the file is read) is in
:mod:`gongkai.web.proactive.imports` and :mod:`~gongkai.web.proactive.import_check`,
re-exported here."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.web.audit.services import audit_diff, audit_record, audit_values
from gongkai.web.proactive.import_check import COLUMNS, FIELDS, YEARS, ImportRejected, RowError
from gongkai.web.proactive.imports import (
    ImportResult,
    active_counts_import,
    import_job_get,
    import_job_start,
    import_jobs_recent,
)
from gongkai.web.proactive.interpretation import publish_with_partner
from gongkai.web.proactive.models import ActiveCounts, Attachment, CatalogueItem, ItemStatus
from gongkai.web.proactive.wording import E_WORDING_OPEN, item_wording_hits
from gongkai.web.units.models import Unit

E_NOT_DRAFT = _("Only a draft can be reviewed.")
E_NOT_REVIEWED = _("Only a reviewed item with its secrecy review done can be published.")
E_PUBLISHED = _("A published item cannot be edited; repeal it or publish a new one.")
E_REVIEW_STALE = _(
    "The item has changed since it was reviewed: it is back to draft and must be reviewed "
    "again before it is published."
)

#: Fields of a catalogue item that are not its content: every other field (and every field
#: added later) is content, covered by the review and by :func:`catalogue_item_digest`.
NOT_CONTENT = frozenset(
    {"id", "status", "secrecy_reviewed", "reviewed_digest", "column"}
    | {"is_policy", "interprets", "published_alone_reason"}  # links and placement (issue 18)
    | {"on_portal", "at_reading_room"}  # where it went (issue 18)
)


class ProactiveError(Exception):
    def __init__(self, message: Any) -> None:
        self.message = str(message)
        super().__init__(self.message)


def _content(item: CatalogueItem) -> dict[str, str]:
    """What the review covers: each content field as text, and each attachment (its name,
    its file's name and the sha256 of the file's bytes)."""
    content = {
        f.name: f.value_to_string(item)
        for f in CatalogueItem._meta.concrete_fields
        if f.name not in NOT_CONTENT
    }
    attachments = []
    if item.pk is not None:
        for a in Attachment.objects.filter(item=item).order_by("pk"):
            attachments.append([a.name, a.file.name, _file_digest(a)])
    content["attachments"] = json.dumps(attachments, ensure_ascii=False)
    return content


def _file_digest(attachment: Attachment) -> str:
    if not attachment.file:
        return ""
    h = hashlib.sha256()
    try:
        with attachment.file.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except FileNotFoundError:
        return "missing"
    return h.hexdigest()


def catalogue_item_digest(item: CatalogueItem) -> str:
    """The sha256 of an item's content (:func:`_content`) as it is saved."""
    return hashlib.sha256(
        json.dumps(_content(item), sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def _review_invalidate(item: CatalogueItem, *, actor: Any, **data: Any) -> None:
    """Back to draft, the secrecy review to be done again; in the caller's transaction.
    ``data`` (for the audit log) names what changed, where known."""
    item.status, item.secrecy_reviewed, item.reviewed_digest = ItemStatus.DRAFT, False, ""
    item.save(update_fields=["status", "secrecy_reviewed", "reviewed_digest"])
    audit_record(
        actor=actor,
        action="catalogue.review_invalidated",
        obj=item,
        unit=item.unit,
        **data,
    )


@transaction.atomic
def catalogue_item_save(*, item: CatalogueItem, actor: Any) -> CatalogueItem:
    """Create or edit an item's content. The review state is the database's, never the
    caller's copy (a form's instance may predate a review): a new item is a draft, and an
    edit that changes the content of a reviewed item undoes its review (and says so in
    the audit log)."""
    created = item.pk is None
    changed: list[str] = []
    old: dict[str, Any] = {}
    if created:
        item.status, item.secrecy_reviewed, item.reviewed_digest = ItemStatus.DRAFT, False, ""
    else:
        current = CatalogueItem.objects.select_for_update().get(pk=item.pk)
        old = audit_values(current)
        if current.status == ItemStatus.PUBLISHED:
            raise ProactiveError(E_PUBLISHED)
        item.status = current.status
        item.secrecy_reviewed = current.secrecy_reviewed
        item.reviewed_digest = current.reviewed_digest
        if current.status == ItemStatus.REVIEWED:
            before, after = _content(current), _content(item)
            changed = [name for name in after if after[name] != before[name]]
    item.save()
    audit_record(
        actor=actor,
        action="catalogue.create" if created else "catalogue.edit",
        obj=item,
        unit=item.unit,
        changes=audit_diff(old, audit_values(item)),
    )
    if item.status == ItemStatus.REVIEWED and (
        changed or catalogue_item_digest(item) != item.reviewed_digest
    ):
        _review_invalidate(item, actor=actor, changed=changed)
    return item


@transaction.atomic
def catalogue_item_attachments_saved(*, item: CatalogueItem, actor: Any) -> CatalogueItem:
    """After attachments of an item were added, changed or removed (the admin's inline):
    a reviewed item whose content is no longer the reviewed content goes back to draft."""
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if item.status == ItemStatus.REVIEWED and catalogue_item_digest(item) != item.reviewed_digest:
        _review_invalidate(item, actor=actor, changed=["attachments"])
    return item


@transaction.atomic
def catalogue_item_review(
    *, item: CatalogueItem, secrecy_reviewed: bool, actor: Any
) -> CatalogueItem:
    """Mark a draft reviewed, recording the digest of the content the review covered."""
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.DRAFT:
        raise ProactiveError(E_NOT_DRAFT)
    if not secrecy_reviewed:
        raise ProactiveError(_("Confirm the secrecy review (保密审查) first."))
    if item_wording_hits(item=item):
        raise ProactiveError(E_WORDING_OPEN)
    item.status, item.secrecy_reviewed = ItemStatus.REVIEWED, True
    item.reviewed_digest = catalogue_item_digest(item)
    item.save(update_fields=["status", "secrecy_reviewed", "reviewed_digest"])
    audit_record(
        actor=actor,
        action="catalogue.review",
        obj=item,
        unit=item.unit,
        changes={"status": [ItemStatus.DRAFT, ItemStatus.REVIEWED]},
    )
    return item


def catalogue_item_publish(
    *, item: CatalogueItem, actor: Any, alone_reason: str = ""
) -> CatalogueItem:
    """Publish a reviewed item, only if its content is the content that was reviewed. If it
    is not (changed by a way round the services), the review is undone and the publication
    refused. A policy document and its interpretation are published together, or one alone
    with ``alone_reason`` (:mod:`gongkai.web.proactive.interpretation`)."""
    with transaction.atomic():
        item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
        if item.status != ItemStatus.REVIEWED or not item.secrecy_reviewed:
            raise ProactiveError(E_NOT_REVIEWED)
        stale = catalogue_item_digest(item) != item.reviewed_digest
        if stale:
            _review_invalidate(item, actor=actor, found_by="publish")
        else:
            publish_with_partner(item=item, actor=actor, alone_reason=alone_reason)
            item.status = ItemStatus.PUBLISHED
            item.save(update_fields=["status"])
            audit_record(
                actor=actor,
                action="catalogue.publish",
                obj=item,
                unit=item.unit,
                changes={"status": [ItemStatus.REVIEWED, ItemStatus.PUBLISHED]},
            )
    if stale:  # after the commit: the undone review stays undone
        raise ProactiveError(E_REVIEW_STALE)
    return item


@transaction.atomic
def active_counts_save(*, unit: Unit, year: int, actor: Any, **counts: Any) -> ActiveCounts:
    obj, _created = ActiveCounts.objects.select_for_update().get_or_create(unit=unit, year=year)
    old = audit_values(obj, counts)
    for k, v in counts.items():
        setattr(obj, k, v)
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        action="active_counts.save",
        obj=obj,
        unit=unit,
        year=year,
        changes=audit_diff(old, audit_values(obj, counts)),
        **{k: str(v) for k, v in counts.items()},
    )
    return obj


__all__ = [  # the services of this module, and the import's (re-exported)
    "COLUMNS",
    "E_NOT_DRAFT",
    "E_NOT_REVIEWED",
    "E_PUBLISHED",
    "E_REVIEW_STALE",
    "FIELDS",
    "NOT_CONTENT",
    "YEARS",
    "ImportRejected",
    "ImportResult",
    "ProactiveError",
    "RowError",
    "active_counts_import",
    "active_counts_save",
    "catalogue_item_attachments_saved",
    "catalogue_item_digest",
    "catalogue_item_publish",
    "catalogue_item_review",
    "catalogue_item_save",
    "import_job_get",
    "import_job_start",
    "import_jobs_recent",
]
