"""The working-day calendar as the county office keeps it: the State Council's notice
entered in one step, every change recomputing the open applications in one transaction,
the warnings while next year is missing, and the admin kept to the same rules."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
import time_machine
from django.core.checks import run_checks
from django.urls import reverse

from gongkai.web.applications.models import Application
from gongkai.web.audit.models import AuditLog
from gongkai.web.units.models import Role
from gongkai.web.units.services import membership_grant
from gongkai.web.workdays.checks import W001
from gongkai.web.workdays.models import CalendarDay, CalendarYear
from gongkai.web.workdays.services import calendar_set_day, work_calendar
from support import SHARED

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

D = date
NOTICE_2026 = (SHARED / "fixtures" / "notices" / "2026-holiday-arrangement.txt").read_text()
#: A notice for 2027 in the official wording (the days are those the rule gives, with one
#: more day off and a make-up Saturday, as the real notices do).
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知

一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。

国务院办公厅
2026年11月10日
"""


def at(day: date):
    """The clock at 10:00 Beijing time on ``day`` (ticking)."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    )


def test_the_office_pastes_a_real_notice_and_gets_exactly_the_official_days(client, county):
    client.force_login(county.office)
    preview = client.post(reverse("calendar_notice"), {"text": NOTICE_2026})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "2026-02-15" in body and "2026-02-14" in body  # shown before anything is saved
    assert not CalendarDay.objects.exists()
    saved = client.post(reverse("calendar_notice"), {"text": NOTICE_2026, "confirm": "1"})
    assert saved.status_code == 302
    off = {d.day for d in CalendarDay.objects.filter(working=False)}
    work = {d.day for d in CalendarDay.objects.filter(working=True)}
    assert off == {d for d in chinese_calendar.constants.holidays if d.year == 2026}
    assert work == {d for d in chinese_calendar.constants.workdays if d.year == 2026}
    assert CalendarYear.objects.get(year=2026).note.startswith("国务院办公厅关于2026年")
    row = AuditLog.objects.get(action="calendar.arrangement")
    assert row.actor == county.office and row.data["year"] == 2026


def test_entering_next_years_notice_turns_estimates_into_due_dates(client, county, register):
    # Received Fri 2026-12-18. By the rule (2027 unannounced): 12/21–12/25 (1–5),
    # 12/28–12/31 (6–9), [1/1 元旦], 1/4–1/8 (10–14), 1/11–1/15 (15–19), 1/18 (20).
    app = register(submitted_on=D(2026, 12, 18), as_of=D(2026, 12, 18))
    assert (app.due_on, app.due_provisional) == (D(2027, 1, 18), True)
    client.force_login(county.clerk_edu)
    listed = client.get("/applications/").content.decode().split("<table", 1)[1]
    assert "2027-01-18" in listed and "预计" in listed
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "2027年的节假日安排尚未公布" in page and "2027-01-01（元旦）" in page
    # The office enters the 2027 notice (as pasted; 元旦 1/1–1/3 as the rule had it):
    with at(D(2026, 12, 21)):
        client.force_login(county.office)
        response = client.post(
            reverse("calendar_notice"), {"text": NOTICE_2027, "confirm": "1"}, follow=True
        )
    assert "已保存2027年节假日安排" in response.content.decode()
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.due_on, fresh.due_provisional) == (D(2027, 1, 18), False)
    assert AuditLog.objects.filter(action="application.recompute", object_id=str(app.pk)).exists()
    client.force_login(county.clerk_edu)
    listed = client.get("/applications/").content.decode().split("<table", 1)[1]
    assert "2027-01-18" in listed and "预计" not in listed
    assert "尚未公布" not in client.get(f"/applications/{app.pk}/").content.decode()


def test_a_day_set_and_removed_moves_open_due_dates_both_ways(county, register):
    app = register(submitted_on=D(2024, 9, 27))  # due 2024-10-30
    calendar_set_day(day=D(2024, 10, 15), working=False, actor=county.office, as_of=D(2024, 10, 10))
    assert Application.objects.get(pk=app.pk).due_on == D(2024, 10, 31)
    calendar_set_day(day=D(2024, 10, 15), working=None, actor=county.office, as_of=D(2024, 10, 10))
    assert Application.objects.get(pk=app.pk).due_on == D(2024, 10, 30)
    assert [
        r.action for r in AuditLog.objects.filter(action__startswith="calendar.").order_by("pk")
    ] == [
        "calendar.set",
        "calendar.unset",
    ]


def test_a_bulk_delete_in_the_admin_recomputes_and_is_logged(client, county, register):
    app = register(submitted_on=D(2024, 9, 27))
    for day in (D(2024, 10, 15), D(2024, 10, 16)):
        calendar_set_day(day=day, working=False, actor=county.office, as_of=D(2024, 10, 10))
    assert Application.objects.get(pk=app.pk).due_on == D(2024, 11, 1)
    client.force_login(county.admin)
    response = client.post(
        reverse("admin:workdays_calendarday_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(CalendarDay.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert Application.objects.get(pk=app.pk).due_on == D(2024, 10, 30)
    assert AuditLog.objects.filter(action="calendar.unset").count() == 2


def test_deleting_a_year_in_the_admin_is_what_the_calendar_page_does(client, county):
    """A year deleted in the admin (one, or several by the bulk action) loses its days
    too, as on the calendar page: never a year counted as official with half its days."""
    client.force_login(county.office)
    client.post(reverse("calendar_notice"), {"text": NOTICE_2026, "confirm": "1"})
    client.post(reverse("calendar_notice"), {"text": NOTICE_2027, "confirm": "1"})
    assert CalendarDay.objects.filter(day__year=2027).exists()
    client.force_login(county.admin)
    response = client.post(
        reverse("admin:workdays_calendaryear_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(CalendarYear.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not CalendarYear.objects.exists()
    assert not CalendarDay.objects.exists()
    logged = AuditLog.objects.filter(action="calendar.delete_year")
    assert sorted(r.data["year"] for r in logged) == [2026, 2027]
    # 2027 is provisional again: counted by the rule, the Saturday make-up day forgotten
    assert not work_calendar().is_working_day(D(2027, 2, 20))


def test_a_notice_that_cannot_be_read_is_shown_with_its_line_and_nothing_is_saved(client, county):
    client.force_login(county.office)
    bad = NOTICE_2026.replace("1月1日（周四）", "1月1日（周五）")
    response = client.post(reverse("calendar_notice"), {"text": bad, "confirm": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "周四" in body and "errorlist" in body
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()


def test_the_notice_as_a_gbk_file(client, county):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(county.office)
    upload = SimpleUploadedFile("notice.txt", NOTICE_2026.encode("gbk"), "text/plain")
    preview = client.post(reverse("calendar_notice"), {"file": upload})
    assert "2026-10-10" in preview.content.decode()


@pytest.mark.parametrize("who", ["clerk_edu", "reviewer_edu", "supervisor"])
def test_only_the_county_office_changes_the_calendar(client, county, who):
    client.force_login(getattr(county, who))
    assert client.get(reverse("calendar")).status_code == 200  # everyone on staff reads it
    response = client.post(reverse("calendar_notice"), {"text": NOTICE_2026, "confirm": "1"})
    assert response.status_code == 404
    assert not CalendarDay.objects.exists()


def test_an_office_role_below_the_county_does_not_change_it(client, county):
    membership_grant(user=county.clerk_env, unit=county.env, role=Role.OFFICE)
    client.force_login(county.clerk_env)
    response = client.post(
        reverse("calendar_day"), {"day": "2024-10-15", "setting": "off", "note": "x"}
    )
    assert response.status_code == 404
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        (D(2026, 10, 31), []),  # 2026 bundled, and not yet November
        (D(2026, 11, 1), [2027]),
        (D(2026, 12, 31), [2027]),
        (D(2027, 1, 4), [2027]),  # this year itself is missing: still warned
        (D(2027, 11, 2), [2027, 2028]),
    ],
)
def test_warned_from_the_first_of_november(client, county, today, warned):
    with at(today):
        found = [w for w in run_checks() if w.id == W001]
        client.force_login(county.office)
        body = client.get("/").content.decode()
    assert [int(next(c for c in w.msg.split("年")[0][-4:].split() if c)) for w in found] == warned
    assert ('class="banner"' in body) is bool(warned)
    if warned:
        assert f"{warned[-1]}年节假日安排" in body
        assert reverse("calendar") in body  # the office is shown where to enter it


def test_no_warning_once_next_year_is_entered(client, county):
    CalendarYear.objects.create(year=2027, note="测试")
    with at(D(2026, 11, 20)):
        assert not [w for w in run_checks() if w.id == W001]
        client.force_login(county.supervisor)
        assert 'class="banner"' not in client.get("/").content.decode()


def test_the_month_grid_marks_estimated_days(client, county):
    client.force_login(county.supervisor)
    body = client.get(reverse("calendar") + "?year=2027").content.decode()
    assert "预计" in body
    assert 'title="2027-02-05 春节 （预计）"' in body
    assert work_calendar().is_working_day(D(2027, 2, 4))
