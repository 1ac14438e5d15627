"""The county office enters next year's holiday arrangement in the browser: the banner
sends it to the calendar page, it pastes the State Council's notice, checks the days on
the month grid and saves; the clerk's estimated due dates become exact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from gongkai.web.applications import services as apps
from gongkai.web.applications.models import Application
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from gongkai.web.workdays.services import work_calendar

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dated]


def notice_for(year: int) -> str:
    """A notice for ``year`` in the official wording, its days those of the provisional
    calendar, with 国庆 made a week as the real notices make it."""
    from gongkai.core.calendar import provisional_days_off

    weekdays = "一二三四五六日"
    lines = [f"国务院办公厅关于{year}年部分节假日安排的通知", ""]
    groups: dict[str, list[date]] = {}
    for day, name in provisional_days_off(year).items():
        groups.setdefault(name.removesuffix("补休"), []).append(day)
    groups["国庆节"] = [date(year, 10, d) for d in range(1, 8)]
    numerals = "一二三四五六七八九"
    for n, (name, days) in enumerate(groups.items()):
        days = sorted(set(days))
        first, last = days[0], days[-1]
        span = (last - first).days + 1
        lines.append(
            f"{numerals[n]}、{name}：{first.month}月{first.day}日（周{weekdays[first.weekday()]}）"
            + (
                f"至{last.month}月{last.day}日（周{weekdays[last.weekday()]}）"
                if last != first
                else ""
            )
            + f"放假，共{span}天。"
        )
    lines += ["", "国务院办公厅"]
    return "\n".join(lines)


@pytest.fixture
def county(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    gov = unit_create(name="浏览器县人民政府", code="BR", kind=UnitKind.GOVERNMENT)
    dept = unit_create(name="浏览器县教育局", code="BR-EDU", kind=UnitKind.DEPARTMENT, parent=gov)
    User = get_user_model()
    office = User.objects.create_user("office", password="pw-office-123", first_name="县政务公开办")
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    clerk = User.objects.create_user("clerk", password="pw-clerk-123", first_name="教育局经办人")
    membership_grant(user=clerk, unit=dept, role=Role.CLERK)
    return gov, dept, office, clerk


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_the_office_enters_next_years_notice(page, live_server, county, browser, shot, today):
    _gov, dept, _office, _clerk = county
    cal = work_calendar()
    # An application received today, its reply counted 20 working days on.
    app = apps.application_register(
        unit=dept,
        channel="in_person",
        category="np",
        applicant_name="王五",
        description="申请公开学校划片招生方案",
        form_wanted="electronic",
        submitted_on=today,
        as_of=today,
    )
    unannounced = next(y for y in (today.year, today.year + 1) if not cal.is_official(y))
    assert app.due_on is not None

    clerk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    login(clerk, live_server, "clerk", "pw-clerk-123")
    clerk.goto(f"{live_server.url}/applications/{app.pk}/")
    body = clerk.locator("main").inner_text()
    assert ("预计" in body) is app.due_provisional
    if app.due_provisional:
        assert f"{unannounced}年" in body and "的节假日安排尚未公布" in body
    shot(clerk, "calendar-clerk-estimated-due-date")

    login(page, live_server, "office", "pw-office-123")
    banner = page.locator("p.banner")
    assert str(unannounced) in banner.inner_text() and "年节假日安排" in banner.inner_text()
    banner.locator("a").click()
    assert "工作日历" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}/calendar/?year={unannounced}")
    assert "预计" in page.locator("main").inner_text()
    shot(page, "calendar-year-estimated")
    page.fill("textarea[name=text]", notice_for(unannounced))
    page.click("form[action$='/calendar/notice/'] button[type=submit]")
    assert f"核对{unannounced}年节假日安排" in page.locator("h1").inner_text()
    assert f"{unannounced}-10-07" in page.locator("main").inner_text()
    shot(page, "calendar-confirm-notice")
    page.click("main form button[type=submit]")
    message = page.locator("ul.messages").inner_text()
    assert f"已保存{unannounced}年节假日安排" in message
    from gongkai.web.workdays.selectors import calendar_years_missing

    assert (page.locator("p.banner").count() == 1) is bool(calendar_years_missing(today=today))
    shot(page, "calendar-saved")

    fresh = Application.objects.get(pk=app.pk)
    if not work_calendar().provisional_years(today, fresh.due_on + timedelta(days=1)):
        assert fresh.due_provisional is False
        clerk.reload()
        due = clerk.locator("section:has(h2:text-is('答复期限'))").inner_text()
        assert fresh.due_on.isoformat() in due and "预计" not in due
    assert page.console_errors == []
