"""How an application comes in and to whom: registration (on paper or online, with the
applicant's identity document), the confirmation of its receipt that starts the clock
(Art. 31), the transfer to the unit that holds the information, and the identity
document opened for the unit's staff.

Error messages are module constants; tests import them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import Application, Channel, EventKind, Status
from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.applications.services.steps import (
    ServiceError,
    _event,
    _in_order,
    _lock,
    _not_before_receipt,
    _not_future,
    _open,
    _refresh,
    _step,
)
from gongkai.web.audit.services import audit_record
from gongkai.web.units.models import Unit

E_RECEIVED_BEFORE_SUBMITTED = _(
    "The receipt date cannot be before the date the application was made."
)
E_IN_PERSON_RECEIPT = _(
    "An application made in person is received the day it is handed in (Art. 31)."
)
E_TRANSFER_SAME = _("The application is already with this unit.")

#: Channels whose receipt date is not the day the application is handed in (Art. 31).
CONFIRMED_CHANNELS = (
    Channel.POST_SIGNED,
    Channel.POST_ORDINARY,
    Channel.ONLINE,
    Channel.FAX,
    Channel.EMAIL,
)


def _new_tracking_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "GK" + "".join(secrets.choice(alphabet) for _ in range(10))
        if not Application.objects.filter(tracking_code=code).exists():
            return code


@transaction.atomic
def application_register(
    *,
    unit: Unit,
    channel: str,
    category: str,
    applicant_name: str,
    description: str,
    form_wanted: str,
    submitted_on: date,
    received_on: date | None = None,
    id_number: str = "",
    phone: str = "",
    address: str = "",
    email: str = "",
    actor: Any = None,
    as_of: date,
) -> Application:
    """Register an application. In person, the receipt date is the day it is handed in;
    by post it is the signature date, for an ordinary letter the day the office confirms
    with the applicant, online or by fax the day both sides confirm (Art. 31) — until
    then the application waits for confirmation and its clock has not started."""
    _not_future(submitted_on, as_of, "submitted_on")
    if received_on is not None:
        _not_future(received_on, as_of, "received_on")
    if received_on is not None and received_on < submitted_on:
        raise ServiceError(E_RECEIVED_BEFORE_SUBMITTED, field="received_on")
    if channel == Channel.IN_PERSON:
        if received_on is not None and received_on != submitted_on:
            raise ServiceError(E_IN_PERSON_RECEIPT, field="received_on")
        received_on = submitted_on
    app = Application.objects.create(
        unit=unit,
        tracking_code=_new_tracking_code(),
        channel=channel,
        category=category,
        applicant_name=applicant_name,
        id_number=id_number,
        phone=phone,
        address=address,
        email=email,
        description=description,
        form_wanted=form_wanted,
        submitted_on=submitted_on,
        received_on=received_on,
        status=Status.AWAITING_CONFIRMATION,
    )
    if received_on is not None:
        _event(app, EventKind.RECEIVED, received_on, actor)
    app = _refresh(app, as_of=as_of, expected_version=None)
    audit_record(
        actor=actor,
        action="application.register",
        obj=app,
        unit=unit,
        channel=channel,
        category=category,
    )
    return app


@transaction.atomic
def application_confirm_receipt(
    *,
    application: Application,
    on: date,
    actor: Any,
    as_of: date,
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    if app.received_on is not None:
        raise ServiceError(_("The receipt of this application is already confirmed."))
    if on < app.submitted_on:
        raise ServiceError(E_RECEIVED_BEFORE_SUBMITTED, field="on")
    _in_order(app, on, as_of)
    app.received_on = on
    return _step(
        app,
        EventKind.RECEIVED,
        on,
        actor,
        as_of,
        "application.confirm_receipt",
        audit={"on": on.isoformat()},
    )


@transaction.atomic
def application_transfer(
    *,
    application: Application,
    to_unit: Unit,
    on: date,
    actor: Any,
    as_of: date,
    note: str = "",
    expected_version: int | None = None,
) -> Application:
    app = _lock(application, expected_version)
    _open(app)
    _not_before_receipt(app, on, "on")
    if to_unit.pk == app.unit_id:
        raise ServiceError(E_TRANSFER_SAME, field="to_unit")
    _in_order(app, on, as_of)
    from_unit = app.unit
    _event(
        app, EventKind.TRANSFER, on, actor, party=f"{from_unit.name} → {to_unit.name}", note=note
    )
    app.unit = to_unit
    app = _refresh(app, as_of=as_of, expected_version=app.version)
    audit_record(
        actor=actor, action="application.transfer", obj=app, unit=from_unit, to_unit=to_unit.code
    )
    return app


def application_attach_identity(*, application: Application, upload: Any) -> Application:
    """Keep the applicant's uploaded identity document with the application (private
    storage). The file is written inside the transaction that records it and removed if
    that transaction does not commit (``private_files.removed_on_rollback``)."""
    with removed_on_rollback() as written:
        return _identity_keep(application, upload, written)


def application_register_online(*, identity_document: Any = None, **fields: Any) -> Application:
    """Register an application (:func:`application_register`'s fields) and keep the
    identity document uploaded with it, in one transaction: either both are saved or
    neither is — the file is written before the commit and removed if it does not happen;
    a process killed in between leaves only a file no record names, which
    ``gongkai manage sweep_uploads`` removes."""
    with removed_on_rollback() as written:
        app = application_register(**fields)
        if identity_document:
            app = _identity_keep(app, identity_document, written)
        return app


def _identity_keep(application: Application, upload: Any, written: list[str]) -> Application:
    """In the caller's transaction: write the file, name it in the record, audit it. A
    document it replaces is removed once the replacement is committed."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    previous = app.identity_document.name
    app.identity_document.save(f"{app.tracking_code}-{upload.name[-40:]}", upload, save=False)
    written.append(str(app.identity_document.name))
    app.save(update_fields=["identity_document"])
    audit_record(actor=None, action="application.identity_upload", obj=app, unit=app.unit)
    if previous and previous != app.identity_document.name:
        storage = app.identity_document.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return app


#: What an identity document may be, told by its first bytes (never by its name):
#: the extension and the content type it is served with.
IDENTITY_KINDS = {
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"%PDF-": ("pdf", "application/pdf"),
}
E_NO_IDENTITY_DOCUMENT = _("This application has no identity document.")


@dataclass(frozen=True)
class IdentityDocument:
    """An identity document opened for reading; the caller closes ``file``."""

    file: Any
    content_type: str
    filename: str


def application_identity_document_open(*, application: Application, actor: Any) -> IdentityDocument:
    """Open the application's uploaded identity document for ``actor`` — whom the caller
    has found to be one of the unit's staff (``unit_can_view_personal_data``) — and write
    the audit-log row of the view: who, which application, never the file's name (the
    applicant named it) or anything in it. No row, no document.

    Its content type comes from its first bytes (what the upload was checked for), or
    ``application/octet-stream``; its file name is the tracking code's."""
    name = application.identity_document.name
    storage = application.identity_document.storage
    if not name or not storage.exists(name):
        raise ServiceError(E_NO_IDENTITY_DOCUMENT)
    fh = storage.open(name, "rb")
    try:
        head = fh.read(16)
        fh.seek(0)
        ext, content_type = next(
            (kind for magic, kind in IDENTITY_KINDS.items() if head.startswith(magic)),
            ("bin", "application/octet-stream"),
        )
        audit_record(
            actor=actor,
            action="application.identity_view",
            obj=application,
            unit=application.unit,
        )
    except BaseException:
        fh.close()
        raise
    return IdentityDocument(
        file=fh,
        content_type=content_type,
        filename=f"{application.tracking_code}-identity.{ext}",
    )
