"""The reminders: each clerk and reviewer gets one digest of their units' replies due
within 3 working days, overdue and waiting on the applicant — received here by a real
SMTP server on the loopback (aiosmtpd), through Django's SMTP back end."""

from __future__ import annotations

import socket
from datetime import date, timedelta

import pytest
from django.utils import timezone

from gongkai.web.applications import services as apps
from gongkai.web.audit.models import AuditLog
from gongkai.web.reminders.models import ReminderSent
from gongkai.web.reminders.selectors import reminder_digests
from gongkai.web.reminders.services import ReminderError, reminder_list, reminders_send
from gongkai.web.workdays.services import work_calendar

pytestmark = [pytest.mark.django_db]

PERSONAL = {"id_number": "130101199001017777", "phone": "13900001111", "address": "测试县秘密路9号"}


def received_for(due: date) -> date:
    """The latest working day whose 20-working-day reply limit falls on or before ``due``."""
    cal = work_calendar()
    day = due
    while not (cal.is_working_day(day) and cal.add_working_days(day, 20) <= due):
        day -= timedelta(days=1)
    return day


@pytest.fixture
def work(county, register, as_of, settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    settings.DEFAULT_FROM_EMAIL = "gongkai@county.example"
    for name in ("clerk_edu", "reviewer_edu", "clerk_env", "office"):
        user = getattr(county, name)
        user.email = f"{name}@county.example"
        user.save()
    cal = work_calendar()

    def app(unit, due, name):
        received = received_for(due)
        return register(
            unit=unit,
            applicant_name=name,
            submitted_on=received,
            received_on=received,
            description=f"申请公开{name}所需的文件",
            **PERSONAL,
        )

    soon = app(county.edu, cal.add_working_days(as_of, 2), "张即到")
    late = app(county.edu, as_of - timedelta(days=2), "李超期")
    far = app(county.edu, as_of + timedelta(days=25), "王还早")
    replied = app(county.edu, cal.add_working_days(as_of, 1), "赵已复")
    apps.application_reply(
        application=replied,
        on=as_of,
        outcome="apply.result.grant",
        legal_basis="第三十六条第（二）项",
        service_method="direct",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    waiting = register(applicant_name="孙补正", submitted_on=as_of, received_on=as_of, **PERSONAL)
    waiting = apps.application_correction_notice(
        application=waiting,
        on=as_of,
        deadline=cal.add_working_days(as_of, 15),
        actor=county.clerk_edu,
        as_of=as_of,
    )
    env = app(county.env, cal.add_working_days(as_of, 3), "钱环境")
    return {
        "soon": soon,
        "late": late,
        "far": far,
        "replied": replied,
        "waiting": waiting,
        "env": env,
    }


def test_each_clerk_and_reviewer_gets_one_digest_of_their_units(work, county, as_of, smtp_server):
    assert work["soon"].due_on <= work_calendar().add_working_days(as_of, 3)
    assert work["late"].due_on < as_of and work["waiting"].status == "awaiting_correction"
    rendered = reminders_send(as_of=as_of)

    mails = {m.rcpt_tos[0]: m for m in smtp_server.messages()}
    # The office is no clerk or reviewer; reviewer_env has no address: neither gets mail.
    assert sorted(mails) == [
        "clerk_edu@county.example",
        "clerk_env@county.example",
        "reviewer_edu@county.example",
    ]
    assert all(len(m.rcpt_tos) == 1 for m in smtp_server.messages())
    assert {r.digest.user.username: r.to for r in rendered}["reviewer_env"] == ""

    edu = mails["clerk_edu@county.example"]
    assert edu.mail_from == "gongkai@county.example"
    assert edu["To"] == "clerk_edu@county.example"
    # Django folds the long encoded subject onto the next line: the parser keeps its indent.
    assert edu["Subject"].strip() == (
        f"政府信息公开待办提醒（{as_of.isoformat()}）：已超期1件，即将到期1件，等待申请人1件"
    )
    body = edu.get_content()
    for key in ("soon", "late", "waiting"):
        assert work[key].tracking_code in body
        assert work[key].applicant_name in body
    for key in ("far", "replied", "env"):
        assert work[key].tracking_code not in body
    # The lists in order, each under its heading, with the reply limits.
    assert body.index("【已超期】") < body.index(work["late"].tracking_code)
    assert body.index("【3个工作日内到期") < body.index(work["soon"].tracking_code)
    assert body.index("【等待申请人补正或缴费】") < body.index(work["waiting"].tracking_code)
    assert f"答复期限：{work['soon'].due_on.isoformat()}" in body
    assert "申请人办理期限：" in body and "等待申请人补正" in body
    for value in PERSONAL.values():
        assert value not in body and value not in edu["Subject"]

    env = mails["clerk_env@county.example"].get_content()
    assert work["env"].tracking_code in env and work["soon"].tracking_code not in env
    # Each mail sent is in the audit log, with its counts and nothing personal.
    logged = AuditLog.objects.filter(action="reminder.sent")
    assert sorted(a.object_id for a in logged) == sorted(
        str(getattr(county, n).pk) for n in ("clerk_edu", "reviewer_edu", "clerk_env")
    )
    entry = logged.get(object_id=str(county.clerk_edu.pk))
    assert entry.data == {"overdue": 1, "due_soon": 1, "waiting": 1, "as_of": as_of.isoformat()}


def test_estimated_reply_dates_are_marked(work, county, as_of, smtp_server):
    type(work["soon"]).objects.filter(pk=work["soon"].pk).update(due_provisional=True)
    reminders_send(as_of=as_of)
    mail = next(m for m in smtp_server.messages() if m.rcpt_tos == ["clerk_edu@county.example"])
    body = mail.get_content()
    assert f"答复期限：{work['soon'].due_on.isoformat()} (预计)" in body
    assert "标注“预计”的答复期限" in body


def test_nothing_to_report_no_mail(county, as_of, settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.host, smtp_server.port
    county.clerk_edu.email = "clerk_edu@county.example"
    county.clerk_edu.save()
    assert {d.user.username for d in reminder_digests(as_of=as_of)} >= {"clerk_edu"}
    assert reminders_send(as_of=as_of) == []
    assert smtp_server.messages() == []


def test_a_server_that_cannot_be_reached_is_a_clear_error(work, as_of, settings):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = s.getsockname()[1]
    with pytest.raises(ReminderError) as err:
        reminders_send(as_of=as_of)
    assert "邮件服务器拒绝发送或无法连接" in err.value.message
    assert "已发出0封提醒" in err.value.message
    assert not AuditLog.objects.filter(action="reminder.sent").exists()
    assert not ReminderSent.objects.exists()  # nothing recorded: the next run sends them


def test_a_second_run_the_same_day_sends_nobody_a_second_digest(work, county, as_of, smtp_server):
    first = reminders_send(as_of=as_of)
    assert sorted(r.to for r in first if r.sends) == [
        "clerk_edu@county.example",
        "clerk_env@county.example",
        "reviewer_edu@county.example",
    ]
    assert len(smtp_server.messages()) == 3
    assert {(s.user.username, s.as_of) for s in ReminderSent.objects.all()} == {
        ("clerk_edu", as_of),
        ("clerk_env", as_of),
        ("reviewer_edu", as_of),
    }
    # cron run twice: every one with an address skipped, nothing sent, nothing logged
    again = reminders_send(as_of=as_of)
    assert [(r.to, r.skipped) for r in again if r.to] == [(r.to, True) for r in first if r.to]
    assert not any(r.sends for r in again)
    assert len(smtp_server.messages()) == 3
    assert AuditLog.objects.filter(action="reminder.sent").count() == 3
    # the person without an address is listed, not marked skipped
    assert {r.digest.user.username: r.skipped for r in again}["reviewer_env"] is False
    # the dry run's list says the same
    assert all(r.skipped for r in reminder_list(as_of=as_of) if r.to)
    # --force sends again, and another day is another digest
    forced = reminders_send(as_of=as_of, force=True)
    assert sum(r.sends for r in forced) == 3 and len(smtp_server.messages()) == 6
    assert ReminderSent.objects.count() == 3
    tomorrow = reminders_send(as_of=as_of + timedelta(days=1))
    assert sum(r.sends for r in tomorrow) == 3 and len(smtp_server.messages()) == 9
    assert ReminderSent.objects.filter(as_of=as_of + timedelta(days=1)).count() == 3


def test_a_person_reminded_by_another_run_is_skipped_the_others_sent(
    work, county, as_of, smtp_server
):
    ReminderSent.objects.create(user=county.clerk_edu, as_of=as_of, sent_at=timezone.now())
    rendered = reminders_send(as_of=as_of)
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages()) == [
        "clerk_env@county.example",
        "reviewer_edu@county.example",
    ]
    assert [r.digest.user.username for r in rendered if r.skipped] == ["clerk_edu"]
