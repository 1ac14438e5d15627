"""The county office opens its dashboard on the demo county in Chromium: three ECharts
charts drawn (canvases), the figures under each as a table, in Chinese, with no error
in the console. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest

from gongkai.web.applications.models import Application
from gongkai.web.demo import load_demo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dated]


@pytest.fixture
def demo(settings, today):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo(as_of=today, per_unit_year=12)


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_the_office_sees_its_dashboard(page, live_server, demo, shot, today):
    login(page, live_server, "office", "gongkai-demo")
    page.click("header a[href='/dashboard/']")
    page.wait_for_selector("#chart-units canvas")
    assert page.locator("h1").inner_text() == f"统计看板 · {today.year}年"
    for chart in ("months", "outcomes", "units"):
        canvas = page.locator(f"#chart-{chart} canvas")
        assert canvas.count() == 1 and canvas.bounding_box()["height"] > 200
    # The table under the first chart: this year's total is the applications received.
    total = page.locator("#table-months tbody tr").first.locator("td").last.inner_text()
    assert int(total) == Application.objects.filter(received_on__year=today.year).count() > 0
    assert page.locator("#table-units tbody tr").count() >= 1
    main = page.locator("main").inner_text()
    assert "各月收到的申请" in main and "办理结果（表三各行）" in main
    assert "各单位超期和即将到期的申请" in main
    shot(page, "dashboard-office")
    page.select_option("#year", str(today.year - 1))
    page.click("main form button[type=submit]")
    page.wait_for_selector("#chart-months canvas")
    assert f"{today.year - 1}年" in page.locator("h1").inner_text()
    shot(page, "dashboard-office-last-year")
    assert page.console_errors == []


def test_the_clerk_has_no_dashboard(page, live_server, demo, shot):
    login(page, live_server, "clerk_fgj", "gongkai-demo")
    assert page.locator("header a[href='/dashboard/']").count() == 0
    # The work queue lists the demo's report waiting for approval to its reviewer.
    login(page, live_server, "reviewer_fgj", "gongkai-demo")
    main = page.locator("main").inner_text()
    assert "待审核的年度报告" in main and "待审核的公开目录条目" in main
    shot(page, "queue-reviewer-duties")
    assert page.console_errors == []
    assert page.goto(f"{live_server.url}/dashboard/").status == 404
