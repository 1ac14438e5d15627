"""Reads for letters: a unit's wording and number pattern (its own, else the nearest unit
above it that set one, else the built-in default), the units whose letters a user may
word, and the preview of a letter from a sample application."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.core.letters import (
    DEFAULT_NUMBER_PATTERN,
    DEFAULT_WORDING,
    LetterError,
    LetterFacts,
    Wording,
    compose,
    letter_html,
    number_format,
)
from gongkai.web.applications.letter_models import LetterNumbering, LetterWording
from gongkai.web.units.models import Membership, Role, Unit
from gongkai.web.units.selectors import unit_remedy

W_REMEDY_MISSING = _(
    "A reply must name the %(what)s, and %(unit)s has none: the disclosure office fills it in "
    "under “Review body and court” on the letter templates page. Until then the reply "
    "cannot be issued."
)


def _ancestors(unit: Unit) -> list[int]:
    """The unit's primary key and those above it, nearest first (from its path)."""
    pks = [int(pk) for pk in unit.path.strip("/").split("/") if pk] or [unit.pk]
    return list(reversed(pks))


def _nearest(rows: list[Any], unit: Unit) -> Any:
    by_unit = {row.unit_id: row for row in rows}
    return next((by_unit[pk] for pk in _ancestors(unit) if pk in by_unit), None)


def letter_wording_own(*, unit: Unit, kind: str) -> LetterWording | None:
    return LetterWording.objects.filter(unit=unit, kind=kind).first()


def letter_wording_for(*, unit: Unit, kind: str) -> Wording:
    rows = list(LetterWording.objects.filter(unit_id__in=_ancestors(unit), kind=kind))
    row = _nearest(rows, unit)
    if row is None:
        return DEFAULT_WORDING.get(kind, Wording())
    return Wording(
        notes=row.notes, closing=row.closing, signature=row.signature, contact=row.contact
    )


def letter_numbering_for(*, unit: Unit) -> str:
    rows = list(LetterNumbering.objects.filter(unit_id__in=_ancestors(unit)))
    row = _nearest(rows, unit)
    return row.pattern if row is not None else DEFAULT_NUMBER_PATTERN


def letter_units_editable(*, user: Any) -> QuerySet[Unit]:
    """The units whose letters the user words: an office's unit and those under it."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    q = Q(pk__in=[])
    for m in Membership.objects.filter(
        user=user, role__in=(Role.OFFICE, Role.ADMIN)
    ).select_related("unit"):
        q |= Q(path__startswith=m.unit.path)
    return Unit.objects.filter(q)


#: The sample application of the preview (no one's personal data).
SAMPLE = {
    "applicant": "张三",
    "tracking_code": "GK2C4E6G8J3L",  # shaped as a real code, no one's
    "description": "本单位2025年度部门预算执行情况及相关会议纪要。",
}


def letter_remedy_warning(*, unit: Unit) -> str:
    """Why the unit's replies cannot be issued yet (no review body or court), or ""."""
    missing = unit_remedy(unit=unit).missing
    if not missing:
        return ""
    return str(W_REMEDY_MISSING) % {"what": "、".join(str(m) for m in missing), "unit": unit.name}


def letter_preview(
    *, unit: Unit, kind: str, wording: Wording, pattern: str, today: date
) -> tuple[str, str]:
    """(HTML of the letter, error) for the preview: the sample application's letter of
    ``kind`` with ``wording`` and ``pattern``; an error (in Chinese) instead when they
    cannot be used. A review body or court not yet filled in shows as 〔未填写…〕 (the page
    says so beside it: :func:`letter_remedy_warning`)."""
    remedy = unit_remedy(unit=unit)
    try:
        number = number_format(pattern, year=today.year, n=1)
        facts = LetterFacts(
            kind=kind,
            date=today,
            number=number,
            unit=unit.name,
            received=date(today.year, 1, 1) if today.month == 1 else today.replace(day=1),
            outcome="apply.result.partial",
            legal_basis="《中华人民共和国政府信息公开条例》第十五条",
            withheld="会议纪要中涉及个人隐私的内容",
            items="所需政府信息的名称或者文号\n所需政府信息的大致形成时间",
            deadline=today,
            days=20,
            reason="所申请的信息需要调取档案并作审查",
            due=f"{today.year}年{today.month}月{today.day}日",
            party="某某有限公司",
            party_kind="third_party",
            applicant=SAMPLE["applicant"],
            tracking_code=SAMPLE["tracking_code"],
            description=SAMPLE["description"],
            reconsideration_body=remedy.reconsideration_body,
            court=remedy.court,
        )
        return letter_html(compose(facts, wording, mark_missing=True), page=False), ""
    except LetterError as err:
        return "", str(err)


def letter_steps_unissued(*, application: Any) -> list[tuple[str, str, Any]]:
    """The steps of an application that have a letter and have not had it issued yet:
    (kind, label, event), in the ledger's order."""
    from gongkai.web.applications.models import EventKind, LetterKindChoice

    kinds = {
        EventKind.REPLY: "reply",
        EventKind.CORRECTION_NOTICE: "correction",
        EventKind.EXTENSION: "extension",
        EventKind.CONSULTATION: "consultation",
    }
    labels = dict(LetterKindChoice.choices)
    steps = application.events.filter(kind__in=list(kinds), letters__isnull=True).order_by(
        "on", "pk"
    )
    return [(kinds[EventKind(e.kind)], labels[kinds[EventKind(e.kind)]], e) for e in steps]
