"""Everything that changes an application. Each service runs in one transaction that
also writes the audit log, checks the application's version (a second person saving
an application someone else changed meanwhile is refused), and re-derives the
application's status and due date from its ledger of events.

One module per family of steps, all re-exported here (``services.application_register``):

- :mod:`.steps`: what every service shares — :class:`ServiceError`, the state derived
  from the ledger (:func:`application_derive`), the lock and the date checks — and the
  note and the recomputation of open due dates after a calendar change;
- :mod:`.intake`: registration, receipt, transfer, the applicant's identity document;
- :mod:`.clock`: corrections, consultations, fees and the extension;
- :mod:`.outcomes`: the reply, reconsiderations and lawsuits, letters.

Error messages are module constants; tests import them from here.
"""

from gongkai.web.applications.services.clock import (
    E_CONSULTATION_OPEN,
    E_CORRECTION_DEADLINE,
    E_CORRECTION_LATE,
    E_CORRECTION_TWICE,
    E_EXTENSION_APPROVER,
    E_EXTENSION_DAYS,
    E_EXTENSION_LATE,
    E_EXTENSION_TWICE,
    E_LAPSE_EARLY,
    E_NO_CORRECTION_PENDING,
    E_NO_FEE_PENDING,
    application_consultation_answered,
    application_consultation_start,
    application_correction_lapsed,
    application_correction_notice,
    application_correction_received,
    application_extend,
    application_fee_lapsed,
    application_fee_notice,
    application_fee_paid,
)
from gongkai.web.applications.services.intake import (
    CONFIRMED_CHANNELS,
    E_IN_PERSON_RECEIPT,
    E_NO_IDENTITY_DOCUMENT,
    E_RECEIVED_BEFORE_SUBMITTED,
    E_TRANSFER_SAME,
    IDENTITY_KINDS,
    IdentityDocument,
    application_attach_identity,
    application_confirm_receipt,
    application_identity_document_open,
    application_register,
    application_register_online,
    application_transfer,
)
from gongkai.web.applications.services.outcomes import (
    E_BAD_OUTCOME,
    E_REPLY_BEFORE_ANSWER,
    appeal_create,
    application_reply,
    letter_issue,
)
from gongkai.web.applications.services.steps import (
    E_BEFORE_PREVIOUS,
    E_CALENDAR,
    E_CLOSED,
    E_DATE_BEFORE_RECEIPT,
    E_FUTURE,
    E_NOT_RECEIVED,
    E_NOTE_EMPTY,
    E_STALE,
    Derived,
    ServiceError,
    application_derive,
    application_note,
    application_refresh_open,
)

__all__ = [
    "CONFIRMED_CHANNELS",
    "E_BAD_OUTCOME",
    "E_BEFORE_PREVIOUS",
    "E_CALENDAR",
    "E_CLOSED",
    "E_CONSULTATION_OPEN",
    "E_CORRECTION_DEADLINE",
    "E_CORRECTION_LATE",
    "E_CORRECTION_TWICE",
    "E_DATE_BEFORE_RECEIPT",
    "E_EXTENSION_APPROVER",
    "E_EXTENSION_DAYS",
    "E_EXTENSION_LATE",
    "E_EXTENSION_TWICE",
    "E_FUTURE",
    "E_IN_PERSON_RECEIPT",
    "E_LAPSE_EARLY",
    "E_NOTE_EMPTY",
    "E_NOT_RECEIVED",
    "E_NO_CORRECTION_PENDING",
    "E_NO_FEE_PENDING",
    "E_NO_IDENTITY_DOCUMENT",
    "E_RECEIVED_BEFORE_SUBMITTED",
    "E_REPLY_BEFORE_ANSWER",
    "E_STALE",
    "E_TRANSFER_SAME",
    "IDENTITY_KINDS",
    "Derived",
    "IdentityDocument",
    "ServiceError",
    "appeal_create",
    "application_attach_identity",
    "application_confirm_receipt",
    "application_consultation_answered",
    "application_consultation_start",
    "application_correction_lapsed",
    "application_correction_notice",
    "application_correction_received",
    "application_derive",
    "application_extend",
    "application_fee_lapsed",
    "application_fee_notice",
    "application_fee_paid",
    "application_identity_document_open",
    "application_note",
    "application_refresh_open",
    "application_register",
    "application_register_online",
    "application_reply",
    "application_transfer",
    "letter_issue",
]
