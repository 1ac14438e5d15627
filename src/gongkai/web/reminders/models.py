"""What the reminders sent: one row a person a day, so that a second run on the same
day (cron twice, a retry after a mail server came back) sends nobody the day's digest
again unless asked to (``gongkai remind --force``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """A digest sent to ``user`` for the day ``as_of`` (the run's today, ``--as-of``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    as_of = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "as_of"], name="reminder_sent_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.as_of.isoformat()}"
