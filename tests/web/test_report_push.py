"""Reports upward: a county's gongkai sends its published report to the city's gongkai
(served on loopback in a child process, with its own home and database). The city audits
it with the core rules on arrival, keeps each different version once, counts it in its
roll-up like its own units' reports, and the findings come back to the sender."""

from __future__ import annotations

import pytest
from live_gongkai import serve, shell, shell_json

from support import run_gongkai

pytestmark = pytest.mark.dated

COUNTY = """
from datetime import date
from django.utils import timezone
from gongkai.web.units.services import unit_create
from gongkai.web.applications import services as apps
from gongkai.web.reports import services as reports
gov = unit_create(name="上报县人民政府", code="S", kind="government")
edu = unit_create(name="上报县教育局", code="S-EDU", kind="department", parent=gov)
for day in (3, 4, 5):
    apps.application_register(unit=edu, channel="in_person", category="np",
        applicant_name="赵六", description="申请公开招生计划", form_wanted="paper",
        submitted_on=date(2025, 3, day), as_of=timezone.localdate())
v = reports.report_version_open(unit=gov, year=2025, scope="subtree", actor=None)
reports.report_save_narrative(version=v, sec1="上报县2025年政务公开总体情况。",
    sec5="政策解读还不够及时，下一步将加强培训。", sec6="无", actor=None)
for step in (reports.report_submit, reports.report_approve, reports.report_publish):
    v = step(version=v, actor=None)
"""

CITY = """
import json
from gongkai.web.units.services import unit_create
from gongkai.web.api.services import api_client_create
city = unit_create(name="上级市人民政府", code="R", kind="government")
own = unit_create(name="上级市教育局", code="R-EDU", kind="department", parent=city)
county = unit_create(name="上报县人民政府", code="S", kind="government", parent=city)
client, token = api_client_create(name="上报县的gongkai", unit=county, scopes=["reports:push"],
    rate_per_minute=60, actor=None)
print(json.dumps({"token": token}))
"""

CITY_STATE = """
import json
from gongkai.web.reports.models import ReportVersion
from gongkai.web.reports.services import report_compile
from gongkai.web.units.models import Unit
vs = ReportVersion.objects.filter(unit__code="S", year=2025).order_by("number")
city = report_compile(unit=Unit.objects.get(code="R"), year=2025, subtree=True)
print(json.dumps({
    "versions": [[v.number, v.status, v.sec1, len(v.snapshot["findings"])] for v in vs],
    "rollup_new": city.report.cells["apply.new.total"].json_number(),
    "without_data": [u.code for u in city.units_without_data],
}, ensure_ascii=False))
"""

NEW_VERSION = """
from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportVersion
v = ReportVersion.objects.get(unit__code="S", year=2025, scope="subtree")
v = reports.report_new_version(version=v, reason="更正第一部分文字", actor=None)
reports.report_save_narrative(version=v, sec1="上报县2025年政务公开总体情况（更正）。",
    sec5="政策解读还不够及时，下一步将加强培训。", sec6="无", actor=None)
for step in (reports.report_submit, reports.report_approve, reports.report_publish):
    v = step(version=v, actor=None)
"""


def test_a_county_sends_its_report_to_the_city(tmp_path):
    county_home, city_home = tmp_path / "county", tmp_path / "city"
    county_home.mkdir()
    city_home.mkdir()
    shell(county_home, COUNTY)
    token = shell_json(city_home, CITY)["token"]  # type: ignore[index]
    with serve(city_home) as city:

        def push(*extra: str):
            return run_gongkai(
                "report", "push", "--year", "2025", "--to", city.base, *extra, home=county_home
            )

        first = push("--token", token)
        assert first.returncode == 0, first.stderr
        assert "as version 1 (a new version)" in first.stdout
        state = shell_json(city_home, CITY_STATE)
        [(number, status, sec1, findings)] = state["versions"]  # type: ignore[index]
        assert (number, status, sec1) == (1, "published", "上报县2025年政务公开总体情况。")
        # The rules' findings printed by the sender are the ones the city keeps.
        assert f"The receiver's rules found {findings}:" in first.stdout
        assert "STRUCT." in first.stdout  # narrative sections 五、六 are empty: named
        # Counted in the city's roll-up like its own units (3 applications of 2025), and
        # the county is not a unit "without data".
        assert state["rollup_new"] == 3  # type: ignore[index]
        assert state["without_data"] == ["R", "R-EDU"]  # type: ignore[index]

        again = push("--token", token)
        assert again.returncode == 0 and "as version 1 (the same" in again.stdout
        assert len(shell_json(city_home, CITY_STATE)["versions"]) == 1  # type: ignore[index]

        shell(county_home, NEW_VERSION)
        changed = push("--token", token)
        assert changed.returncode == 0 and "as version 2 (a new version)" in changed.stdout
        versions = shell_json(city_home, CITY_STATE)["versions"]  # type: ignore[index]
        assert [v[:3] for v in versions] == [
            [1, "published", "上报县2025年政务公开总体情况。"],
            [2, "published", "上报县2025年政务公开总体情况（更正）。"],
        ]

        refused = push("--token", "gk_not-a-token")
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "401 unauthenticated" in refused.stderr

        none = push("--token", token, "--scope", "unit")
        assert none.returncode == 1 and "no published report of 2025 (unit)" in none.stderr
    calls = shell(
        city_home,
        "from gongkai.web.api.models import ApiCall;"
        "print(sorted(set(ApiCall.objects.values_list('route', 'status'))))",
    )
    assert "('/api/v1/received-reports/<year>', 200)" in calls  # the same report again
    assert "('/api/v1/received-reports/<year>', 201)" in calls
    assert "('/api/v1/received-reports/<year>', 401)" in calls
