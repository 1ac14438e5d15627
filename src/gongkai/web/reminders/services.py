"""Sending the reminders: one e-mail a person, through Django's e-mail API and the SMTP
server of the settings (``GONGKAI_EMAIL_*``, read when the mail goes out).

Once a person a day: each digest sent is recorded (:class:`ReminderSent`, per person per
as-of day), and a person already sent the day's digest is skipped unless ``force`` —
so cron run twice, or a run again after the mail server came back, sends nobody a
second copy. The record is made before the mail goes out (its unique constraint decides
between two runs at once) and taken back if the mail could not be sent."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.web.audit.services import audit_record
from gongkai.web.reminders.models import ReminderSent
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
    """A digest as it is sent: ``to`` is empty when the person has no e-mail address;
    ``skipped`` when the person was already sent the day's digest (not sent again)."""

    digest: Digest
    to: str
    subject: str
    body: str
    skipped: bool = False

    @property
    def sends(self) -> bool:
        """Whether this digest goes out: it has an address and is not skipped."""
        return bool(self.to) and not self.skipped


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


def reminders_sent_on(*, as_of: date) -> set[int]:
    """The ids of the people already sent the digest of the day ``as_of``."""
    return set(ReminderSent.objects.filter(as_of=as_of).values_list("user_id", flat=True))


def reminder_list(*, as_of: date, force: bool = False) -> list[Rendered]:
    """The digests of everyone with something to report, rendered (sent or not), those
    of the people already sent the day's digest marked ``skipped`` (none when ``force``)."""
    done = set() if force else reminders_sent_on(as_of=as_of)
    out = []
    for d in reminder_digests(as_of=as_of):
        if d.count:
            r = reminder_render(digest=d, as_of=as_of)
            out.append(replace(r, skipped=bool(r.to) and d.user.pk in done))
    return out


def _claim(*, user: Any, as_of: date, force: bool) -> ReminderSent | None:
    """Record the day's digest as sent to ``user`` before it goes out: the record made
    (to take back if the mail fails), or None when another run made it first."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(user=user, as_of=as_of, sent_at=now)
    except IntegrityError:
        if not force:
            return None
    ReminderSent.objects.filter(user=user, as_of=as_of).update(sent_at=now)
    return ReminderSent(user=user, as_of=as_of, sent_at=now)  # sent before: nothing to undo


def reminders_send(*, as_of: date, actor: Any = None, force: bool = False) -> list[Rendered]:
    """Send every digest that has an address, over one SMTP connection, except to the
    people already sent the day's digest (unless ``force``); each sent one is recorded
    (:class:`ReminderSent`) and written to the audit log (its counts only). Returns the
    digests with something to report: sent, skipped, or (no address) not sent. A
    refusing or unreachable server stops the run with a :class:`ReminderError` saying how
    many went out before it."""
    rendered = reminder_list(as_of=as_of, force=force)
    sent = 0
    try:
        with get_connection(fail_silently=False) as connection:
            for i, r in enumerate(rendered):
                if not r.sends:
                    continue
                claim = _claim(user=r.digest.user, as_of=as_of, force=force)
                if claim is None:  # another run sent it meanwhile
                    rendered[i] = replace(r, skipped=True)
                    continue
                try:
                    EmailMessage(
                        r.subject,
                        r.body,
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[r.to],
                        connection=connection,
                    ).send()
                except BaseException:
                    if claim.pk is not None:
                        claim.delete()
                    raise
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
