"""The API in process: tokens and scopes, the rate limit, the call log, idempotent
submission, status without personal data, a unit's applications, the catalogue and
reports, JSON errors, and the office's page of clients."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.web.api.api import NAMESPACE
from gongkai.web.api.auth import token_digest
from gongkai.web.api.models import ApiCall, ApiClient
from gongkai.web.api.services import api_client_create
from gongkai.web.applications.models import Application
from gongkai.web.proactive.models import CatalogueItem, ItemStatus
from gongkai.web.reports import services as reports
from support import NARRATIVE

SECRET = {"applicant_name": "欧阳保密", "id_number": "130101199001019999", "phone": "13912345678"}
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "audit-result.schema.json").read_text()
)
BODY = {
    "unit": "T-EDU",
    "category": "np",
    "applicant_name": SECRET["applicant_name"],
    "id_number": SECRET["id_number"],
    "phone": SECRET["phone"],
    "description": "申请公开2026年学校划片方案",
    "form_wanted": "electronic",
}


@pytest.fixture
def token(county):
    def make(*scopes: str, unit=None, rate: int = 1000) -> str:
        return api_client_create(
            name="测试平台",
            unit=unit or county.gov,
            scopes=list(scopes),
            rate_per_minute=rate,
            actor=county.office,
        )[1]

    return make


def call(client, method, url, token=None, **kw):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if "json" in kw:
        kw = {"data": json.dumps(kw.pop("json")), "content_type": "application/json", **kw}
    return getattr(client, method)(url, **headers, **kw)


def test_without_a_valid_token_every_route_answers_401_in_json(client, county, token):
    revoked = token("public:read")
    ApiClient.objects.update(revoked_at="2026-01-01T00:00:00Z")
    for t in (None, "gk_wrong", revoked):
        response = call(client, "get", "/api/v1/units", t)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
        assert "API" in response.json()["message"]  # Chinese: 请发送有效的API令牌…


def test_a_scope_is_needed_and_named(client, county, token):
    t = token("reports:push", unit=county.edu)
    response = call(client, "get", "/api/v1/units", t)
    assert response.status_code == 403 and response.json()["code"] == "forbidden_scope"
    assert "public:read" in response.json()["message"]


def test_calls_are_limited_per_client_and_logged_without_content(client, county, token):
    t = token("public:read", rate=3)
    other = token("public:read")
    codes = [call(client, "get", "/api/v1/units/T-EDU", t).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert call(client, "get", "/api/v1/units", other).status_code == 200  # its own count
    limited = ApiClient.objects.get(token_digest=token_digest(t))
    logged = list(limited.calls.order_by("id").values_list("method", "route", "status"))
    assert logged == [("GET", "/api/v1/units/<code>", s) for s in codes]
    assert ApiCall.objects.filter(client=None, status=401).count() == 0
    call(client, "get", "/api/v1/units")
    assert ApiCall.objects.filter(client=None, status=401).count() == 1


def test_submission_is_idempotent_and_status_shows_no_personal_data(client, county, token):
    partner = token("applications:submit")
    first = call(
        client, "post", "/api/v1/applications", partner, json=BODY, HTTP_IDEMPOTENCY_KEY="a-1"
    )
    again = call(
        client, "post", "/api/v1/applications", partner, json=BODY, HTTP_IDEMPOTENCY_KEY="a-1"
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Application.objects.count() == 1
    other = call(
        client,
        "post",
        "/api/v1/applications",
        partner,
        json={**BODY, "description": "另一件事"},
        HTTP_IDEMPOTENCY_KEY="a-1",
    )
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"
    assert Application.objects.count() == 1
    missing = call(client, "post", "/api/v1/applications", partner, json=BODY)
    assert missing.status_code == 422 and missing.json()["code"] == "invalid"
    code = first.json()["tracking_code"]
    status = call(client, "get", f"/api/v1/applications/{code}", partner)
    assert status.status_code == 200 and status.json()["status"] == "awaiting_confirmation"
    for response in (first, status):
        for value in SECRET.values():
            assert value not in response.content.decode()
    # Another partner, holding the code, learns nothing.
    stranger = token("applications:submit")
    assert call(client, "get", f"/api/v1/applications/{code}", stranger).status_code == 404
    # A partner of one department cannot submit to another.
    edu_only = token("applications:submit", unit=county.env)
    refused = call(
        client, "post", "/api/v1/applications", edu_only, json=BODY, HTTP_IDEMPOTENCY_KEY="b"
    )
    assert refused.status_code == 404 and Application.objects.count() == 1
    # A partner submits online applications only.
    posted = call(
        client,
        "post",
        "/api/v1/applications",
        partner,
        json={**BODY, "channel": "in_person"},
        HTTP_IDEMPOTENCY_KEY="c",
    )
    assert posted.status_code == 422 and Application.objects.count() == 1


def test_a_units_token_reads_its_applications_and_their_events(client, county, token, register):
    mine = register(unit=county.edu, **SECRET)
    theirs = register(unit=county.env, received_on=date(2024, 9, 27))
    t = token("unit:read", unit=county.edu)
    page = call(client, "get", "/api/v1/unit/applications", t).json()
    assert [a["tracking_code"] for a in page["items"]] == [mine.tracking_code]
    detail = call(client, "get", f"/api/v1/unit/applications/{mine.tracking_code}", t).json()
    assert detail["applicant_name"] == SECRET["applicant_name"]
    assert [e["kind"] for e in detail["events"]] == ["received"]
    assert detail["events"][0]["label"] == "收到申请"
    assert (
        call(client, "get", f"/api/v1/unit/applications/{theirs.tracking_code}", t).status_code
        == 404
    )
    assert call(client, "get", "/api/v1/unit/applications", token("public:read")).status_code == 403


def test_catalogue_and_reports_are_the_published_ones(client, county, token):
    t = token("public:read")
    for n, status in enumerate((ItemStatus.PUBLISHED, ItemStatus.DRAFT)):
        CatalogueItem.objects.create(
            unit=county.edu,
            index_no=f"T-EDU/2024-{n}",
            publisher="测试县教育局",
            title=f"招生方案{n}",
            topic=11,
            published_on=date(2024, 3, 1),
            status=status,
            secrecy_reviewed=True,
        )
    found = call(client, "get", "/api/v1/catalogue?q=招生", t).json()
    assert found["count"] == 1 and found["items"][0]["title"] == "招生方案0"
    draft = CatalogueItem.objects.get(status=ItemStatus.DRAFT)
    assert call(client, "get", f"/api/v1/catalogue/{draft.pk}", t).status_code == 404
    assert call(client, "get", "/api/v1/reports/T-EDU/2024", t).status_code == 404
    v = reports.report_version_open(unit=county.edu, year=2024, scope="unit", actor=county.office)
    v = reports.report_save_narrative(version=v, actor=county.clerk_edu, **NARRATIVE)
    v = reports.report_submit(version=v, actor=county.clerk_edu)  # approved by another
    for step in (reports.report_approve, reports.report_publish):
        v = step(version=v, actor=county.office)
    record = call(client, "get", "/api/v1/reports/T-EDU/2024", t).json()
    jsonschema.validate({k: v for k, v in record.items() if k != "narrative"}, SCHEMA)
    assert record == v.snapshot
    listed = call(client, "get", "/api/v1/reports?unit=T-EDU", t).json()
    assert [(r["year"], r["scope"], r["version"]) for r in listed] == [(2024, "unit", 1)]


def test_errors_are_json_with_a_stable_code_and_a_chinese_message(client, county, token):
    t = token("public:read")
    response = call(client, "get", "/api/v1/units/NOPE", t)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "未找到。"}
    bad = call(client, "get", "/api/v1/catalogue?limit=0", t)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    nul = call(client, "get", "/api/v1/catalogue?q=%00", t)
    assert nul.status_code == 400 and nul.json()["code"] == "bad_request"


def test_the_docs_page_is_chinese_and_made_from_the_schema(client, db):
    body = client.get("/api/v1/docs").content.decode()
    assert "接口说明" in body and "/api/v1/applications" in body and "提交依申请公开申请" in body
    assert "cdn" not in body.lower() and "<script" not in body


def _api_routes() -> list[str]:
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and p.namespace == NAMESPACE:
            return [str(q.pattern) for q in p.url_patterns if isinstance(q, URLPattern)]
    raise AssertionError("the API is not mounted")


def test_every_api_route_needs_a_token_except_the_schema_and_the_docs(client, db):
    """The permission test (test_permissions.py) leaves the API's URLs to this test: each
    route of the API, called without a token, answers 401 in JSON."""
    routes = _api_routes()
    open_routes = {"openapi.json", "docs", ""}  # "": ninja's root, a 404
    assert open_routes <= set(routes)
    for route in set(routes) - open_routes:
        url = "/api/v1/" + route.replace("<code>", "T").replace("<int:year>", "2024").replace(
            "<year>", "2024"
        ).replace("<int:item_id>", "1").replace("<tracking_code>", "GKX")
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (401, 405), (url, method, response.status_code)
            if response.status_code == 401:
                assert response.json()["code"] == "unauthenticated"


def test_the_office_creates_a_token_shown_once_and_revokes_it(client, county):
    client.force_login(county.office)
    response = client.post(
        "/api/clients/",
        {
            "name": "省政务服务平台",
            "unit": county.gov.pk,
            "scopes": ["applications:submit"],
            "rate_per_minute": 60,
        },
    )
    body = response.content.decode()
    created = ApiClient.objects.get()
    token = body.split('<code id="new-token">')[1].split("</code>")[0]
    assert created.token_digest == token_digest(token) and token not in json.dumps(
        list(ApiClient.objects.values()), default=str
    )
    assert token not in client.get("/api/clients/").content.decode()  # shown once
    assert "省政务服务平台" in client.get("/api/clients/").content.decode()
    client.post(f"/api/clients/{created.pk}/revoke/")
    assert call(client, "get", "/api/v1/units", token).status_code == 401
    # A clerk has no such page; another county's office cannot revoke.
    client.force_login(county.clerk_edu)
    assert client.get("/api/clients/").status_code == 404
    assert client.post(f"/api/clients/{created.pk}/revoke/").status_code == 404
