"""Sending the reminders: one e-mail a person, through Django's e-mail API and the SMTP
server of the settings (``GONGKAI_EMAIL_*``, read when the mail goes out)."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.web.audit.services import audit_record
from gongkai.web.reminders.selectors import Digest, reminder_digests

#: How many applications each list of a digest names; the rest are counted.
DIGEST_ROWS = 50

E_SMTP = gettext_lazy(
    "The mail server refused or could not be reached ({error}); "
    "{sent} reminders were sent before it."
)


class ReminderError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Rendered:
    """A digest as it is sent: ``to`` is empty when the person has no e-mail address."""

    digest: Digest
    to: str
    subject: str
    body: str


def reminder_render(*, digest: Digest, as_of: date) -> Rendered:
    """The digest's subject and text, in the site's language (Chinese)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(
            "Disclosure work reminder %(date)s: %(overdue)s overdue, %(soon)s due soon, "
            "%(waiting)s waiting on the applicant"
        ) % {
            "date": as_of.isoformat(),
            "overdue": len(digest.overdue),
            "soon": len(digest.due_soon),
            "waiting": len(digest.waiting),
        }
        body = render_to_string(
            "reminders/digest.txt",
            {
                "name": digest.user.get_full_name() or digest.user.username,
                "as_of": as_of,
                "soon_until": digest.soon_until,
                "lists": [
                    (_("Overdue"), digest.overdue[:DIGEST_ROWS], len(digest.overdue)),
                    (
                        _("Reply due within 3 working days (by %(date)s)")
                        % {"date": digest.soon_until.isoformat()},
                        digest.due_soon[:DIGEST_ROWS],
                        len(digest.due_soon),
                    ),
                    (
                        _("Waiting on the applicant (correction or fee)"),
                        digest.waiting[:DIGEST_ROWS],
                        len(digest.waiting),
                    ),
                ],
                "any_provisional": any(
                    a.due_provisional for a in [*digest.overdue, *digest.due_soon]
                ),
                "site_url": settings.SITE_URL,
            },
        )
    return Rendered(digest=digest, to=digest.user.email or "", subject=subject, body=body)


def reminder_list(*, as_of: date) -> list[Rendered]:
    """The digests of everyone with something to report, rendered (sent or not)."""
    return [
        reminder_render(digest=d, as_of=as_of) for d in reminder_digests(as_of=as_of) if d.count
    ]


def reminders_send(*, as_of: date, actor: Any = None) -> list[Rendered]:
    """Send every digest that has an address, over one SMTP connection; each sent one is
    recorded in the audit log (its counts only). Returns the digests with something to
    report, sent or (no address) not. A refusing or unreachable server stops the run with
    a :class:`ReminderError` saying how many went out before it."""
    rendered = reminder_list(as_of=as_of)
    sent = 0
    try:
        with get_connection(fail_silently=False) as connection:
            for r in rendered:
                if not r.to:
                    continue
                EmailMessage(
                    r.subject,
                    r.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[r.to],
                    connection=connection,
                ).send()
                sent += 1
                with transaction.atomic():
                    audit_record(
                        actor=actor,
                        action="reminder.sent",
                        obj=r.digest.user,
                        overdue=len(r.digest.overdue),
                        due_soon=len(r.digest.due_soon),
                        waiting=len(r.digest.waiting),
                        as_of=as_of.isoformat(),
                    )
    except (smtplib.SMTPException, OSError) as err:
        with translation.override(settings.LANGUAGE_CODE):
            message = str(E_SMTP).format(error=err.__class__.__name__, sent=sent)
        raise ReminderError(message) from err
    return rendered
