"""The API's contract: its published schema is valid OpenAPI 3, and the live server (``gongkai
serve`` in a child process) answers what schemathesis generates from that schema as the
schema says: never a server error, every answer documented, in its documented shape."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from live_gongkai import serve, shell_json
from openapi_spec_validator import validate
from schemathesis import checks as st_checks

SEED = """
import json
from datetime import date
from django.utils import timezone
from gongkai.web.units.services import unit_create
from gongkai.web.applications import services as apps
from gongkai.web.proactive.models import CatalogueItem
from gongkai.web.reports import services as reports
from gongkai.web.api.services import api_client_create
gov = unit_create(name="契约县人民政府", code="C", kind="government")
edu = unit_create(name="契约县教育局", code="C-EDU", kind="department", parent=gov)
CatalogueItem.objects.create(unit=edu, index_no="C-EDU/2025-1", publisher="契约县教育局",
    title="招生方案", topic=11, published_on=date(2025, 3, 1), status="published",
    secrecy_reviewed=True)
apps.application_register(unit=edu, channel="in_person", category="np", applicant_name="王五",
    description="申请公开学校划片方案", form_wanted="electronic", submitted_on=date(2025, 9, 1),
    phone="13800000000", as_of=timezone.localdate())
v = reports.report_version_open(unit=edu, year=2025, scope="unit", actor=None)
v = reports.report_save_narrative(version=v, actor=None,
    sec1="2025年，契约县教育局主动公开招生方案等政府信息，依法办理政府信息公开申请。",
    sec5="个别答复说理不够充分，下一步将规范答复文书。", sec6="本年度未收取信息处理费。")
for step in (reports.report_submit, reports.report_approve, reports.report_publish):
    v = step(version=v, actor=None)
scopes = ["public:read", "applications:submit", "unit:read", "unit:write"]
client, token = api_client_create(name="契约测试", unit=gov, scopes=scopes,
    rate_per_minute=100000, actor=None)
print(json.dumps({"token": token}))
"""


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    home = tmp_path_factory.mktemp("api-live")
    token = shell_json(home, SEED)["token"]  # type: ignore[index]
    with serve(home) as server:
        server.token = token
        yield server


def test_the_published_schema_is_valid_openapi_3(live):
    schema = httpx.get(f"{live.base}/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises on any departure from the OpenAPI 3.1 specification
    assert {"/api/v1/units", "/api/v1/applications", "/api/v1/reports/{code}/{year}"} <= set(
        schema["paths"]
    )


#: What every answer is held to (the response's status, content type, headers and body
#: as documented; no 5xx).
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


def test_the_live_server_keeps_the_contract(live):
    schema = schemathesis.openapi.from_url(f"{live.base}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {live.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case):
            extra = dict(headers)
            if case.method == "POST" and case.path == "/api/v1/applications":
                extra["Idempotency-Key"] = f"contract-{id(case)}"
            case.call_and_validate(base_url=live.base, headers=extra, checks=CHECKS)

        conforms()
