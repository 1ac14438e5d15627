"""The office's top menu in Chromium: on one line at 1280 pixels wide with every item a
user can have (the county's office who is also the site's administrator), and wrapped
onto more lines, never off the page, on a narrow screen. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office_admin(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    county = unit_create(name="示例县人民政府", code="SLX", kind=UnitKind.GOVERNMENT)
    user = get_user_model().objects.create_user(
        "office",
        password="pw-menu-1280",
        first_name="县政务公开办",
        is_staff=True,
        is_superuser=True,
    )
    for role in (Role.OFFICE, Role.REVIEWER, Role.CLERK):
        membership_grant(user=user, unit=county, role=role)
    return user


def menu_rows(page) -> list[float]:
    """The lines the header's items sit on: their vertical centres, those within 12
    pixels of each other counted as one line."""
    centres = page.eval_on_selector_all(
        "header.top > a, header.top > .who",
        "els => els.map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; })",
    )
    rows: list[float] = []
    for c in sorted(centres):
        if not rows or c - rows[-1] > 12:
            rows.append(c)
    return rows


def test_the_menu_fits_on_one_line_at_1280_and_wraps_on_a_narrow_screen(
    page, live_server, office_admin, shot
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw-menu-1280")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/applications/")
    links = page.locator("header.top > a")
    assert links.count() >= 13  # every item there is, the administration's too
    rows = menu_rows(page)
    shot(page, "menu-1280")
    assert len(rows) == 1, rows
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.set_viewport_size({"width": 800, "height": 900})
    rows = menu_rows(page)
    shot(page, "menu-800")
    assert len(rows) >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    # No item overlaps another when wrapped.
    boxes = [links.nth(i).bounding_box() for i in range(links.count())]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"] + 0.5
                or b["x"] + b["width"] <= a["x"] + 0.5
                or a["y"] + a["height"] <= b["y"] + 0.5
                or b["y"] + b["height"] <= a["y"] + 0.5
            )
            assert apart, (a, b)
    assert page.console_errors == []
