"""Which saves and deletes can change a public page, and so make the cached public pages
stale (:mod:`gongkai.web.portal.cache`): only those of a row the portal shows — before or
after the change — that change what it shows.

- a report version: shown when published; publishing one (the first, or one replacing
  an earlier version), taking one back from published, or changing a published one
  bumps; saving a draft, submitting, returning or approving does not;
- a catalogue item: shown when published; publishing, withdrawing (published → any
  other status) or editing a published item bumps; creating or editing a draft does not;
- a unit: always shown, but only its name, code, kind, place in the tree and disclosure
  guide; a change of its report deadline does not bump;
- a reading room: always shown (the unit pages list them).

Every other model (applications, users, memberships, columns, imports, ...) never bumps.
A save's "before" is read from the database in ``pre_save`` (one query a save of a
watched row); a raw save (a fixture, a restore) bumps without looking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

PUBLISHED = "published"
_BEFORE = "_portal_before"


@dataclass(frozen=True)
class Shown:
    """How the portal shows a model's rows: ``public`` says whether a row shows (None:
    every row); ``fields``, the fields it shows (None: every concrete field but those
    set on each save, ``auto_now``)."""

    public: Callable[[Any], bool] | None = None
    fields: tuple[str, ...] | None = None

    def is_public(self, obj: Any) -> bool:
        return True if self.public is None else self.public(obj)

    def values(self, obj: Any) -> tuple[Any, ...]:
        names = self.fields
        if names is None:
            names = tuple(
                f.attname for f in obj._meta.concrete_fields if not getattr(f, "auto_now", False)
            )
        else:
            names = tuple(obj._meta.get_field(n).attname for n in names)
        return tuple(getattr(obj, n) for n in names)


def _published(obj: Any) -> bool:
    return bool(obj.status == PUBLISHED)


#: The models whose rows the portal shows, by label: how it shows them.
SHOWN: dict[str, Shown] = {
    "reports.reportversion": Shown(public=_published),
    "proactive.catalogueitem": Shown(public=_published),
    "units.unit": Shown(fields=("name", "code", "kind", "parent", "path", "disclosure_guide")),
    "proactive.readingroom": Shown(),
}


def _shown(sender: Any) -> Shown:
    return SHOWN[sender._meta.label_lower]


def _stored(sender: type[models.Model], obj: Any) -> Any:
    if obj.pk is None or obj._state.adding:
        return None
    return sender._base_manager.filter(pk=obj.pk).first()


def _before_save(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    if raw:
        return
    old = _stored(sender, instance)
    shown = _shown(sender)
    before = None if old is None else (shown.is_public(old), shown.values(old))
    setattr(instance, _BEFORE, before)


def _after_save(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    before = instance.__dict__.pop(_BEFORE, None)
    shown = _shown(sender)
    public = shown.is_public(instance)
    if raw or public_change(before, (public, shown.values(instance))):
        _bump()


def public_change(
    before: tuple[bool, tuple[Any, ...]] | None, after: tuple[bool, tuple[Any, ...]]
) -> bool:
    """Whether a row that was ``before`` (None: not there) and is ``after`` — each
    (shown?, the values shown) — changes a public page."""
    if before is None:
        return after[0]
    return before[0] != after[0] or (after[0] and before[1] != after[1])


def _before_delete(sender: Any, instance: Any, **_: Any) -> None:
    old = _stored(sender, instance)
    setattr(instance, _BEFORE, old is not None and _shown(sender).is_public(old))


def _after_delete(sender: Any, instance: Any, **_: Any) -> None:
    was_public = instance.__dict__.pop(_BEFORE, False)
    if was_public or _shown(sender).is_public(instance):
        _bump()


def _bump() -> None:
    from gongkai.web.portal.cache import portal_cache_bump_now_and_on_commit

    portal_cache_bump_now_and_on_commit()


def connect() -> None:
    """Connect the receivers to the models of :data:`SHOWN` (PortalConfig.ready)."""
    for label in SHOWN:
        model = apps.get_model(label)
        uid = f"portal_cache:{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}:pre_save")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}:post_save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}:pre_delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}:post_delete")
