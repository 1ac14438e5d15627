"""The work queue and the application list, on the bulk city 示例市 (a few thousand
applications, so that the lists are longer than a page)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator

from gongkai.web.applications.models import Application, Status
from gongkai.web.applications.selectors import (
    QUEUE_ROWS,
    QUEUE_UNITS,
    WAITING,
    application_queue,
    application_search,
)
from gongkai.web.demo_bulk import CITY_CODE, load_bulk
from gongkai.web.units.models import Membership, Unit
from gongkai.web.workdays.services import work_calendar

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def city(today):
    # Two busy months, so that the lists overflow their page.
    load_bulk(applications=6000, units=40, as_of=today, seed=11, since=today - timedelta(days=60))
    User = get_user_model()
    return {
        u: User.objects.get(username=u) for u in ("city_office", "city_clerk", "city_supervisor")
    }


def _open(**kw):
    return Application.objects.exclude(status=Status.CLOSED).filter(**kw)


def test_queue_totals_and_lists_are_the_open_applications(city, today) -> None:
    q = application_queue(user=city["city_office"], as_of=today)
    soon = work_calendar().add_working_days(today, 5)
    overdue = _open(status=Status.IN_PROGRESS, due_on__lt=today)
    due_soon = _open(status=Status.IN_PROGRESS, due_on__gte=today, due_on__lte=soon)
    assert q.totals["open"] == _open().count() > QUEUE_ROWS
    assert q.totals["overdue"] == overdue.count()
    assert q.totals["due_soon"] == due_soon.count() > QUEUE_ROWS
    assert q.totals["waiting"] == _open(status__in=WAITING).count()
    assert q.totals["unconfirmed"] == _open(status=Status.AWAITING_CONFIRMATION).count()
    assert q.totals["units"] == _open().values("unit").distinct().count()
    # Each list: its first rows, earliest due first, and only what belongs in it.
    shown = list(q.due_soon)
    assert len(shown) == QUEUE_ROWS
    assert [a.due_on for a in shown] == sorted(a.due_on for a in shown)
    assert shown[-1].due_on <= min(
        due_soon.exclude(pk__in=[a.pk for a in shown]).values_list("due_on", flat=True)
    )
    assert all(a.status == Status.IN_PROGRESS and today <= a.due_on <= soon for a in shown)
    # The unit table: the busiest units first, cut at QUEUE_UNITS.
    assert len(q.by_unit) == min(QUEUE_UNITS, q.totals["units"])
    keys = [(-r["overdue"], -r["open"]) for r in q.by_unit]
    assert keys == sorted(keys)
    assert sum(r["open"] for r in q.by_unit) <= q.totals["open"]
    units = Unit.objects.in_bulk([r["unit__id"] for r in q.by_unit])
    for r in q.by_unit:
        unit = units[r["unit__id"]]
        assert (r["unit__name"], r["unit__code"]) == (unit.name, unit.code)
        assert r["open"] == _open(unit=unit).count()
        assert r["overdue"] == overdue.filter(unit=unit).count()


def test_a_clerk_sees_only_the_queue_of_their_unit(city, today) -> None:
    unit = Membership.objects.get(user=city["city_clerk"]).unit
    q = application_queue(user=city["city_clerk"], as_of=today)
    assert q.totals["open"] == _open(unit=unit).count()
    assert {r["unit__id"] for r in q.by_unit} <= {unit.pk}
    assert all(a.unit_id == unit.pk for a in q.due_soon)


def test_search_filters(city, today) -> None:
    office = city["city_office"]
    every = application_search(user=office, as_of=today)
    assert every.count() == Application.objects.count()
    some = Application.objects.order_by("pk")[123]
    assert list(application_search(user=office, as_of=today, q=some.tracking_code.lower())) == [
        some
    ]
    assert application_search(user=office, as_of=today, status=Status.CLOSED).count() == (
        Application.objects.filter(status=Status.CLOSED).count()
    )
    words = application_search(user=office, as_of=today, q="学校划片招生方案")
    assert (
        words.count()
        == Application.objects.filter(description__contains="学校划片招生方案").count()
        > 0
    )
    county = Unit.objects.get(code=f"{CITY_CODE}-C0001")
    assert application_search(user=office, as_of=today, unit=county).count() == (
        Application.objects.filter(unit=county).count()
    )
    assert application_search(user=office, as_of=today, year=today.year - 1).count() == (
        Application.objects.filter(received_on__year=today.year - 1).count()
    )
    assert application_search(user=office, as_of=today, year=today.year - 2).count() == 0
    # The clerk's search never reaches another unit.
    clerk = city["city_clerk"]
    assert application_search(user=clerk, as_of=today, q=some.tracking_code).count() == (
        some.unit_id == Membership.objects.get(user=clerk).unit_id
    )


def test_queue_page_links_to_the_whole_list(client, city, today) -> None:
    client.force_login(city["city_office"])
    body = client.get("/").content.decode()
    due_soon = application_queue(user=city["city_office"], as_of=today).totals["due_soon"]
    assert "/applications/?due=due_soon" in body and f"({due_soon})" in body
    listing = client.get("/applications/", {"due": "due_soon"})
    assert listing.status_code == 200
    text = listing.content.decode()
    assert f"{due_soon} 件申请" in text or f"{due_soon} application" in text
    assert "page=2" in text
    second = client.get("/applications/", {"due": "due_soon", "page": 2})
    assert second.status_code == 200 and second.context["page"].number == 2
    # Each row names its unit, as the queue's rows do.
    for app in second.context["page"].object_list:
        link = f'<a href="{reverse("application", args=[app.pk])}">{app.tracking_code}</a>'
        row = second.content.decode().split(link)[1].split("</tr>")[0]
        assert f"<td>{Unit.objects.get(pk=app.unit_id).name}</td>" in row


def test_list_refuses_bad_filters_at_the_field(client, city) -> None:
    client.force_login(city["city_office"])
    bad = client.get("/applications/", {"year": "二〇二五", "status": "nonsense"})
    assert bad.status_code == 200
    form = bad.context["form"]
    assert set(form.errors) == {"year", "status"}
    assert bad.context["page"].paginator.count == 0
    unknown = client.get("/applications/", {"unit": "NOPE"})
    assert "unit" in unknown.context["form"].errors
    assert unknown.context["page"].paginator.count == 0


def test_queue_of_an_unknown_or_foreign_unit_is_404(client, city) -> None:
    client.force_login(city["city_clerk"])
    assert client.get("/", {"unit": "NOPE"}).status_code == 404
    assert client.get("/", {"unit": CITY_CODE}).status_code == 404


def test_queue_rows_show_what_django_would_print(client, city, today) -> None:
    """Each row of the lists: the tracking code linked to the application, the status as
    its label, the dates as 2026-11-26 (or —) and 预计 beside an estimated due date, the
    request cut as ``truncatechars:40``."""
    q = application_queue(user=city["city_office"], as_of=today)
    long = next(iter(q.overdue))
    Application.objects.filter(pk=long.pk).update(
        description="请公开本县2025年城乡建设用地增减挂钩项目的立项批复、实施方案和验收材料" * 2
    )
    client.force_login(city["city_office"])
    body = client.get("/").content.decode()
    shown = Application.objects.filter(
        pk__in=[a.pk for a in (*q.overdue, *q.due_soon, *q.waiting, *q.unconfirmed)]
    )
    assert len(shown) > QUEUE_ROWS
    assert any(a.received_on is None for a in shown)
    for app in shown:
        link = f'<a href="{reverse("application", args=[app.pk])}">{app.tracking_code}</a>'
        assert link in body
        row = body[body.index(link) : body.index("</tr>", body.index(link))]
        assert f"<td>{app.get_status_display()}</td>" in row
        assert f"<td>{app.unit.name}</td>" in row
        received = app.received_on.isoformat() if app.received_on else "—"
        due = app.due_on.isoformat() if app.due_on else "—"
        assert f"<td>{received}</td>" in row
        # A due date counted over an unannounced year is marked as an estimate.
        mark = '<span class="estimate"' if app.due_provisional and app.due_on else "</td>"
        assert f">{due}{mark}" in row
        assert f"<td>{escape(Truncator(app.description).chars(40))}</td>" in row
    assert "办理中" in body  # the labels in Chinese, the default language
    # Cut to 40 with Django's Chinese ellipsis, "...": 37 characters of the 74.
    assert (
        "<td>请公开本县2025年城乡建设用地增减挂钩项目的立项批复、实施方案和验收材料...</td>" in body
    )


def test_queue_page_reads_each_thing_once(client, city, today) -> None:
    """Session, user, memberships, calendar, the per-unit counts (names included), the
    units offered (40 here, fewer than 300: one query, at most 301 rows), the four lists, the
    columns (栏目) due or overdue (one GROUP BY); and,
    while a year's holiday arrangement is missing, its banner: the entered years and
    whether the user may enter one. The user's duties (reports to approve, returned
    reports, catalogue items to review, extension requests waiting for the user's
    decision) add their four lists and one read of the memberships, which the nav's
    dashboard and letter-template links and its menu (登记申请, 审计日志) share."""
    from gongkai.web.workdays.selectors import calendar_years_missing

    banner = bool(calendar_years_missing(today=today))
    client.force_login(city["city_office"])
    client.get("/")  # the calendar is built on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
        assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == 10 + 5 + 1 + (2 if banner else 0), sql
    assert ('class="banner"' in response.content.decode()) is banner
    assert sum('FROM "units_membership"' in s for s in sql) == 2 + banner
