"""The reminder digests as a Celery task (``gongkai.reminders.send``), for a schedule."""

from __future__ import annotations

import pytest

from gongkai.web.audit.models import AuditLog

pytestmark = pytest.mark.django_db


def test_the_reminder_task_sends_what_gongkai_remind_sends(county, register, settings):
    """The task a schedule (celery beat) runs, run here as a worker would run it."""
    from django.core import mail

    from gongkai.web.jobs.tasks import reminders_send_today

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    county.clerk_edu.email = "clerk_edu@county.example"
    county.clerk_edu.save()
    register()  # received 2024-09-27: long overdue today
    assert reminders_send_today.apply().get() == 1
    assert [m.to for m in mail.outbox] == [["clerk_edu@county.example"]]
    assert "已超期" in mail.outbox[0].body
    assert AuditLog.objects.filter(action="reminder.sent").count() == 1
