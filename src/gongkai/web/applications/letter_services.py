"""Issuing letters, numbering them, the office's wording and the letters' delivery.

A letter belongs to one step of the ledger (its event): it is dated with the step's date,
says what the clerk entered for that step, and gets its document number (文号) when it is
first issued — from the unit's pattern and its counter for the year, a row locked by the
issuing transaction, so that no two letters share a number even when issued at once.
Issuing it again gives the same letter (a reprint shows the same number)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from gongkai.core.letters import (
    LetterError,
    LetterFacts,
    Wording,
    cn_date,
    compose,
    number_check,
    number_format,
    render_letter_docx,
    render_letter_pdf,
    wording_check,
)
from gongkai.web.applications.letter_models import (
    DeliveryMethod,
    LetterCounter,
    LetterDelivery,
    LetterNumbering,
    LetterWording,
)
from gongkai.web.applications.letter_selectors import (
    letter_numbering_for,
    letter_wording_for,
)
from gongkai.web.applications.models import (
    Application,
    Category,
    Event,
    EventKind,
    IssuedLetter,
    LetterKindChoice,
)
from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.applications.services import ServiceError, application_derive
from gongkai.web.audit.services import audit_record
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_remedy

E_LETTER_NOT_YET = _("This letter cannot be issued yet: {why}")
E_LETTER_KIND = _("Unknown kind of letter.")
E_DELIVERY_METHOD = _("Choose how the letter was delivered.")
E_DELIVERY_TRACKING = _("A letter sent by post needs its tracking number.")
E_DELIVERY_TRACKING_FORM = _("A tracking number is letters and digits only (up to 40).")
E_DELIVERY_BEFORE = _("The letter cannot be delivered before its date ({date}).")
E_DELIVERY_FUTURE = _("This date ({day}) is after today ({today}).")

#: The step each kind of letter is issued for.
LETTER_EVENT = {
    "reply": EventKind.REPLY,
    "correction": EventKind.CORRECTION_NOTICE,
    "extension": EventKind.EXTENSION,
    "consultation": EventKind.CONSULTATION,
}
_NOT_YET = {
    "reply": _("there is no reply yet."),
    "correction": _("no correction notice was sent."),
    "extension": _("no extension was approved."),
    "consultation": _("no consultation was started."),
}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def letter_number_next(*, unit: Unit, year: int) -> int:
    """The next number of ``unit``'s letters of ``year``, in the caller's transaction. The
    counter's row is written (and so locked) first: a second issuer waits for this
    transaction to end and then counts on from its number. The first letter of a year
    creates the row; two doing so at once meet the unique constraint, and the loser
    counts on from the winner's row."""
    if not LetterCounter.objects.filter(unit=unit, year=year).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                LetterCounter.objects.create(unit=unit, year=year, last=1)
        except IntegrityError:
            LetterCounter.objects.filter(unit=unit, year=year).update(last=F("last") + 1)
    return LetterCounter.objects.select_for_update().get(unit=unit, year=year).last


def _facts(app: Application, event: Event, kind: str, number: str, as_of: date) -> LetterFacts:
    due = application_derive(app, as_of=as_of).due if kind == "extension" else None
    remedy = unit_remedy(unit=app.unit)
    return LetterFacts(
        kind=kind,
        date=event.on,
        number=number,
        unit=app.unit.name,
        tracking_code=app.tracking_code,
        applicant=app.applicant_name,
        organisation=app.category != Category.NATURAL_PERSON,
        received=app.received_on,
        description=app.description,
        outcome=event.outcome,
        legal_basis=event.legal_basis,
        withheld=event.withheld,
        items=event.note if kind == "correction" else "",
        deadline=event.until if kind == "correction" else None,
        days=event.days,
        reason=event.note if kind == "extension" else "",
        due=(cn_date(due.due) + ("（预计）" if due.provisional else "")) if due else "",
        party=event.party,
        party_kind=event.party_kind or "third_party",
        reconsideration_body=remedy.reconsideration_body,
        court=remedy.court,
    )


def letter_issue(
    *, application: Application, kind: str, actor: Any, as_of: date, event: Event | None = None
) -> IssuedLetter:
    """The letter of a step (``event``, else the last step of the kind): composed from what
    the clerk entered and the unit's wording, numbered, rendered to DOCX and PDF and kept.
    If the step already has its letter, that letter (same number, same files). One
    transaction; the two files are removed if it does not commit."""
    with removed_on_rollback() as written:
        return _issue(
            application=application,
            kind=kind,
            actor=actor,
            as_of=as_of,
            event=event,
            written=written,
        )


@transaction.atomic
def _issue(
    *,
    application: Application,
    kind: str,
    actor: Any,
    as_of: date,
    event: Event | None,
    written: list[str],
) -> IssuedLetter:
    if kind not in LETTER_EVENT:
        raise ServiceError(E_LETTER_KIND)
    app = Application.objects.select_for_update().select_related("unit").get(pk=application.pk)
    steps = app.events.filter(kind=LETTER_EVENT[kind])
    step = (
        steps.filter(pk=event.pk).first()
        if event is not None
        else steps.order_by("-on", "-id").first()
    )
    if step is None:
        raise ServiceError(E_LETTER_NOT_YET, why=str(_NOT_YET[kind]))
    existing = IssuedLetter.objects.filter(event=step).first()
    if existing is not None:
        return existing
    wording = letter_wording_for(unit=app.unit, kind=kind)
    pattern = letter_numbering_for(unit=app.unit)
    try:
        wording_check(wording)
        number_check(pattern)
    except LetterError as err:
        raise ServiceError(str(err)) from None
    year = step.on.year
    seq = letter_number_next(unit=app.unit, year=year)
    number = number_format(pattern, year=year, n=seq)
    try:
        letter = compose(_facts(app, step, kind, number, as_of), wording)
    except LetterError as err:  # a review body or court not filled in: nothing is kept
        raise ServiceError(str(err)) from None
    issued = IssuedLetter(
        application=app,
        event=step,
        unit=app.unit,
        kind=kind,
        title=letter.title,
        number=number,
        number_year=year,
        number_seq=seq,
        issued_on=step.on,
        issued_by=_user(actor),
    )
    stem = f"{app.tracking_code}-{kind}-{step.pk}"
    issued.docx.save(f"{stem}.docx", ContentFile(render_letter_docx(letter)), save=False)
    written.append(str(issued.docx.name))
    issued.pdf.save(f"{stem}.pdf", ContentFile(render_letter_pdf(letter)), save=False)
    written.append(str(issued.pdf.name))
    issued.save()
    audit_record(
        actor=actor, action="letter.issue", obj=issued, unit=app.unit, kind=kind, number=number
    )
    return issued


@transaction.atomic
def letter_wording_save(
    *,
    unit: Unit,
    kind: str,
    notes: str,
    closing: str,
    signature: str,
    contact: str,
    actor: Any,
) -> LetterWording:
    """The unit's wording of one kind of letter; placeholders checked before it is kept."""
    if kind not in LetterKindChoice.values:
        raise ServiceError(E_LETTER_KIND)
    wording = Wording(notes=notes, closing=closing, signature=signature, contact=contact)
    try:
        wording_check(wording)
    except LetterError as err:
        raise ServiceError(str(err)) from None
    row = LetterWording.objects.select_for_update().filter(unit=unit, kind=kind).first()
    before = (
        {
            "notes": row.notes,
            "closing": row.closing,
            "signature": row.signature,
            "contact": row.contact,
        }
        if row
        else None
    )
    row = row or LetterWording(unit=unit, kind=kind)
    row.notes, row.closing, row.signature, row.contact = notes, closing, signature, contact
    row.updated_by = _user(actor)
    row.save()
    after = {"notes": notes, "closing": closing, "signature": signature, "contact": contact}
    audit_record(
        actor=actor,
        action="letter.wording",
        obj=row,
        unit=unit,
        kind=kind,
        before=before,
        after=after,
    )
    return row


@transaction.atomic
def letter_numbering_save(*, unit: Unit, pattern: str, actor: Any) -> LetterNumbering:
    """The unit's document-number pattern; it must hold ``{序号}``. Numbers already given
    stay as they are; the counter goes on."""
    pattern = pattern.strip()
    try:
        number_check(pattern)
    except LetterError as err:
        raise ServiceError(str(err), field="pattern") from None
    row = LetterNumbering.objects.select_for_update().filter(unit=unit).first()
    before = row.pattern if row else None
    row = row or LetterNumbering(unit=unit)
    row.pattern, row.updated_by = pattern, _user(actor)
    row.save()
    audit_record(
        actor=actor, action="letter.numbering", obj=row, unit=unit, before=before, after=pattern
    )
    return row


@transaction.atomic
def letter_template_save(
    *,
    unit: Unit,
    kind: str,
    notes: str,
    closing: str,
    signature: str,
    contact: str,
    pattern: str,
    actor: Any,
) -> LetterWording:
    """What the template page saves: the wording of one kind and, if it changed, the
    unit's number pattern — both or neither."""
    from gongkai.web.applications.letter_selectors import letter_numbering_for

    row = letter_wording_save(
        unit=unit,
        kind=kind,
        notes=notes,
        closing=closing,
        signature=signature,
        contact=contact,
        actor=actor,
    )
    if pattern.strip() != letter_numbering_for(unit=unit):
        letter_numbering_save(unit=unit, pattern=pattern, actor=actor)
    return row


@transaction.atomic
def letter_delivery_record(
    *,
    letter: IssuedLetter,
    method: str,
    on: date,
    actor: Any,
    as_of: date,
    tracking_number: str = "",
    note: str = "",
) -> LetterDelivery:
    """The 送达 of an issued letter: how, when, and for the post its tracking number."""
    letter = (
        IssuedLetter.objects.select_for_update().select_related("application").get(pk=letter.pk)
    )
    if method not in DeliveryMethod.values:
        raise ServiceError(E_DELIVERY_METHOD, field="method")
    tracking_number = tracking_number.strip().upper()
    if method == DeliveryMethod.POST and not tracking_number:
        raise ServiceError(E_DELIVERY_TRACKING, field="tracking_number")
    if tracking_number and not (tracking_number.isascii() and tracking_number.isalnum()):
        raise ServiceError(E_DELIVERY_TRACKING_FORM, field="tracking_number")
    if on > as_of:
        raise ServiceError(
            E_DELIVERY_FUTURE, field="on", day=on.isoformat(), today=as_of.isoformat()
        )
    if on < letter.issued_on:
        raise ServiceError(E_DELIVERY_BEFORE, field="on", date=letter.issued_on.isoformat())
    delivery = LetterDelivery.objects.create(
        letter=letter,
        method=method,
        on=on,
        tracking_number=tracking_number if method == DeliveryMethod.POST else "",
        note=note.strip(),
        recorded_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="letter.deliver",
        obj=delivery,
        unit=letter.application.unit,
        letter=letter.pk,
        number=letter.number,
        method=method,
        on=on.isoformat(),
        tracking_number=delivery.tracking_number,
    )
    return delivery
