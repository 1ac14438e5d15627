"""The bulk city 示例市 (``gongkai demo --applications N --units U``): records made with bulk
inserts must be the records the services would have made, and compile into balanced reports."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from django.db.models import Count, F

from gongkai.web.applications.models import Application, Event, EventKind, Status
from gongkai.web.applications.services import application_derive
from gongkai.web.demo_bulk import CITY_CODE, BulkError, load_bulk
from gongkai.web.reports.services import report_compile
from gongkai.web.units.models import Membership, Unit, UnitKind

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 26)
R1_R4 = {"T3.E001", "T3.E002", "T3.E003", "T4.E001"}
DEMO = [sys.executable, "-m", "gongkai", "demo", "--applications", "400", "--units", "16"]


@pytest.fixture
def city():
    return load_bulk(applications=3000, units=40, as_of=AS_OF, seed=7)


def test_the_tree_has_the_units_asked_for_with_correct_paths(city) -> None:
    assert city.units == 40
    units = {u.pk: u for u in Unit.objects.all()}
    assert len(units) == 40
    top = Unit.objects.get(code=CITY_CODE)
    assert top.parent_id is None and top.path == f"/{top.pk}/"
    for u in units.values():
        if u.parent_id is not None:
            assert u.path == f"{units[u.parent_id].path}{u.pk}/"
    # 39 units below the city: 3 counties of 15 (the last one cut short at 9).
    counties = Unit.objects.filter(parent=top)
    assert counties.count() == 3
    assert all(c.kind == UnitKind.GOVERNMENT for c in counties)
    sizes = sorted(Unit.objects.filter(parent=c).count() for c in counties)
    assert sizes == [8, 14, 14]
    assert Unit.objects.filter(path__startswith=top.path).count() == 40


def test_every_application_is_what_its_ledger_gives(city) -> None:
    assert Application.objects.count() == city.applications == 3000
    assert Event.objects.count() == city.events
    for app in Application.objects.prefetch_related("events").order_by("pk")[::10]:
        derived = application_derive(app, as_of=AS_OF)
        assert (app.status, app.outcome, app.closed_on) == (
            derived.status,
            derived.outcome,
            derived.closed_on,
        )
        assert app.due_on == (derived.due.due if derived.due else None)
        kinds = [e.kind for e in app.events.all()]
        assert kinds.count(EventKind.RECEIVED) == (app.received_on is not None)
        assert kinds.count(EventKind.REPLY) == (app.status == Status.CLOSED)
    # The mix a queue needs: closed (some late) and in progress.
    statuses = dict(Application.objects.values_list("status").annotate(n=Count("id")))
    assert statuses[Status.CLOSED] > 2500
    assert statuses[Status.IN_PROGRESS] > 0
    assert Application.objects.filter(status=Status.CLOSED, closed_on__gt=F("due_on")).exists()
    assert len(set(Application.objects.values_list("tracking_code", flat=True))) == 3000


def test_the_city_roll_up_balances_and_is_the_sum_of_its_counties(city) -> None:
    top = Unit.objects.get(code=CITY_CODE)
    compiled = report_compile(unit=top, year=2025, subtree=True)
    assert not {f.rule for f in compiled.findings} & R1_R4
    cells = compiled.report.cells
    assert cells["apply.new.total"].number > 500
    parts = [
        report_compile(unit=u, year=2025, subtree=True).report.cells
        for u in [top, *Unit.objects.filter(parent=top)]
    ]
    # The city itself (its own applications) plus the counties' roll-ups.
    own = report_compile(unit=top, year=2025, subtree=False).report.cells
    for cell in ("apply.new.total", "apply.result.total.total", "apply.carried_out.total"):
        assert cells[cell].number == own[cell].number + sum(p[cell].number for p in parts[1:])


def test_staff_accounts_are_scoped(city) -> None:
    top = Unit.objects.get(code=CITY_CODE)
    office = Membership.objects.filter(user__username="city_office")
    assert {m.unit_id for m in office} == {top.pk}
    clerk = Membership.objects.get(user__username="city_clerk")
    assert clerk.unit.kind == UnitKind.DEPARTMENT and clerk.role == "clerk"


def test_loading_twice_is_refused_and_changes_nothing(city) -> None:
    before = Application.objects.count()
    with pytest.raises(BulkError, match="already loaded"):
        load_bulk(applications=10, units=2, as_of=AS_OF)
    assert Application.objects.count() == before


def test_the_command_reports_what_it_made(tmp_path) -> None:
    env = {**os.environ, "GONGKAI_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # its own SQLite file under tmp_path
    run = subprocess.run(
        [*DEMO, "--as-of", "2026-11-26"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "Loaded 示例市: 16 units, 400 applications" in run.stdout
    again = subprocess.run(
        DEMO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 1
    assert "already loaded" in again.stderr and "Traceback" not in again.stderr


def test_the_city_publishes_its_roll_up_of_every_complete_year(city) -> None:
    from gongkai.web.reports.models import ReportStatus, ReportVersion

    top = Unit.objects.get(code=CITY_CODE)
    published = ReportVersion.objects.filter(unit=top, status=ReportStatus.PUBLISHED)
    assert sorted(published.values_list("year", flat=True)) == [2023, 2024, 2025]
    v2024 = published.get(year=2024)
    live = report_compile(unit=top, year=2024, subtree=True).report.cells
    assert v2024.snapshot["cells"]["apply.new.total"] == live["apply.new.total"].number
