"""Wording checked before publishing: an item's title and text checked at review against
the office's lexicon, dates and document numbers (:mod:`gongkai.core.wording`); each hit
corrected or dismissed with a reason, both recorded (a ``WordingDecision`` and an
audit-log row). An item with a hit left open cannot be marked reviewed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.core.wording import Entry, Hit, apply_correction, check_wording, load_lexicon
from gongkai.web.audit.services import audit_record
from gongkai.web.proactive.models import (
    CatalogueItem,
    ItemStatus,
    LexiconEntry,
    WordingAction,
    WordingDecision,
)

#: The fields of an item that are checked, in the order they are shown (the issue asks
#: for the title and the text; the document number is where 〔2026〕 goes wrong most).
FIELDS = ("title", "doc_number", "body")

E_WORDING_OPEN = _(
    "The wording check found something not yet corrected or dismissed: deal with each hit first."
)
E_HIT_GONE = _("The text has changed since it was checked: look at the hits again.")
E_NO_SUGGESTION = _("No correct form is known for this hit: edit the item, or dismiss the hit.")
E_REASON = _("Say why the hit is dismissed.")
E_NOT_DRAFT = _("Only a draft's wording can be corrected.")
E_TOO_LONG = _("The corrected text would be too long for the field: edit the item.")


class WordingError(Exception):
    def __init__(self, message: Any) -> None:
        self.message = str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class FieldHit:
    field: str
    hit: Hit

    @property
    def key(self) -> str:
        return f"{self.field}-{self.hit.start}"


def lexicon_entries() -> list[Entry]:
    return [
        Entry(e.wrong, e.correct, e.category, e.source)
        for e in LexiconEntry.objects.only("wrong", "correct", "category", "source")
    ]


def item_wording_hits(*, item: CatalogueItem, lexicon: list[Entry] | None = None) -> list[FieldHit]:
    """The item's hits not dismissed (a dismissal covers its found text in its field)."""
    if lexicon is None:
        lexicon = lexicon_entries()
    dismissed = set(
        WordingDecision.objects.filter(item=item, action=WordingAction.DISMISSED).values_list(
            "field", "kind", "found"
        )
    )
    return [
        FieldHit(field, hit)
        for field in FIELDS
        for hit in check_wording(getattr(item, field), lexicon)
        if (field, hit.kind.value, hit.found) not in dismissed
    ]


def _find(item: CatalogueItem, field: str, start: int, found: str) -> Hit:
    if field not in FIELDS:
        raise WordingError(E_HIT_GONE)
    for fh in item_wording_hits(item=item):
        if fh.field == field and fh.hit.start == start and fh.hit.found == found:
            return fh.hit
    raise WordingError(E_HIT_GONE)


@transaction.atomic
def wording_hit_correct(
    *, item: CatalogueItem, field: str, start: int, found: str, actor: Any
) -> CatalogueItem:
    """Replace one hit of a draft by its correct form."""
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.DRAFT:
        raise WordingError(E_NOT_DRAFT)
    hit = _find(item, field, start, found)
    if hit.suggestion is None:
        raise WordingError(E_NO_SUGGESTION)
    text = apply_correction(getattr(item, field), hit)
    limit = getattr(CatalogueItem._meta.get_field(field), "max_length", None)
    if limit is not None and len(text) > limit:
        raise WordingError(E_TOO_LONG)
    setattr(item, field, text)
    item.save(update_fields=[field])
    WordingDecision.objects.create(
        item=item,
        field=field,
        kind=hit.kind.value,
        found=hit.found,
        replacement=hit.suggestion,
        action=WordingAction.CORRECTED,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="catalogue.wording_corrected",
        obj=item,
        unit=item.unit,
        field=field,
        kind=hit.kind.value,
        found=hit.found,
        replacement=hit.suggestion,
    )
    return item


@transaction.atomic
def wording_hit_dismiss(
    *, item: CatalogueItem, field: str, start: int, found: str, reason: str, actor: Any
) -> WordingDecision:
    """Leave one hit as it is, saying why (this found text in this field is no longer a hit)."""
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    reason = reason.strip()
    if not reason:
        raise WordingError(E_REASON)
    hit = _find(item, field, start, found)
    decision = WordingDecision.objects.create(
        item=item,
        field=field,
        kind=hit.kind.value,
        found=hit.found,
        action=WordingAction.DISMISSED,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="catalogue.wording_dismissed",
        obj=item,
        unit=item.unit,
        field=field,
        kind=hit.kind.value,
        found=hit.found,
        reason=reason,
    )
    return decision


@transaction.atomic
def lexicon_entry_save(*, entry: LexiconEntry, actor: Any) -> LexiconEntry:
    created = entry.pk is None
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor,
        action="lexicon.create" if created else "lexicon.edit",
        obj=entry,
        wrong=entry.wrong,
        correct=entry.correct,
        category=entry.category,
    )
    return entry


@transaction.atomic
def lexicon_entry_delete(*, entry: LexiconEntry, actor: Any) -> None:
    audit_record(
        actor=actor, action="lexicon.delete", obj=entry, wrong=entry.wrong, correct=entry.correct
    )
    entry.delete()


@transaction.atomic
def lexicon_load_shipped(*, actor: Any) -> int:
    """Add the shipped starting lexicon's entries the office's lexicon lacks; how many."""
    added = 0
    for e in load_lexicon():
        _entry, created = LexiconEntry.objects.get_or_create(
            wrong=e.wrong,
            defaults={"correct": e.correct, "category": e.category, "source": e.source},
        )
        added += created
    if added:
        audit_record(actor=actor, action="lexicon.load_shipped", obj=_entry, added=added)
    return added


def highlighted(text: str, hits: list[FieldHit]) -> list[tuple[str, str | None]]:
    """``text`` cut into pieces, each with the key of the hit it is (None: plain text);
    a hit overlapping an earlier one is listed but not marked."""
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for fh in sorted(hits, key=lambda fh: fh.hit.start):
        if fh.hit.start < pos:
            continue
        pieces.append((text[pos : fh.hit.start], None))
        pieces.append((text[fh.hit.start : fh.hit.end], fh.key))
        pos = fh.hit.end
    pieces.append((text[pos:], None))
    return [(t, k) for t, k in pieces if t]


def wording_panel(*, item: CatalogueItem) -> dict[str, Any]:
    """What the review shows: the hits, the title and text with the hits marked, and the
    decisions recorded so far."""
    hits = item_wording_hits(item=item)
    return {
        "hits": hits,
        "title": highlighted(item.title, [h for h in hits if h.field == "title"]),
        "doc_number": highlighted(item.doc_number, [h for h in hits if h.field == "doc_number"]),
        "body": highlighted(item.body, [h for h in hits if h.field == "body"]),
        "decisions": list(item.wording_decisions.select_related("actor")),
    }


__all__ = [
    "E_HIT_GONE",
    "E_NOT_DRAFT",
    "E_NO_SUGGESTION",
    "E_REASON",
    "E_TOO_LONG",
    "E_WORDING_OPEN",
    "FieldHit",
    "WordingError",
    "highlighted",
    "item_wording_hits",
    "lexicon_entries",
    "lexicon_entry_delete",
    "lexicon_entry_save",
    "lexicon_load_shipped",
    "wording_hit_correct",
    "wording_hit_dismiss",
    "wording_panel",
]
