"""A search of the ledger by applicant is written to the audit log once a search, not once
a page: paging through its results, or loading it again, adds no row; another filter, an
earlier search taken up again after another, or another session's search does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.web.applications.ledger_views import PAGE_ROWS
from gongkai.web.audit.models import AuditLog

pytestmark = pytest.mark.django_db

ID = "13010119850505555X"


@pytest.fixture
def many(register):
    """More applications by one person than a page of the ledger holds."""
    first = date(2024, 1, 2)
    return [
        register(
            applicant_name="赵六",
            id_number=ID,
            phone="13700007777",
            submitted_on=first + timedelta(days=n),
            received_on=first + timedelta(days=n),
        )
        for n in range(PAGE_ROWS + 3)
    ]


def _searches() -> list[tuple[str, int]]:
    rows = AuditLog.objects.filter(action="ledger.search").order_by("id")
    return [(r.data["applicant_field"], r.data["found"]) for r in rows]


def test_one_audit_row_a_search_not_a_page(client, county, many):
    client.force_login(county.clerk_edu)
    search = {"applicant_field": "id_number", "applicant": ID}
    first = client.get("/applications/ledger/", search).content.decode()
    assert many[0].tracking_code in first and many[-1].tracking_code not in first
    assert _searches() == [("id_number", PAGE_ROWS + 3)]
    # The next page, the first again, the same search reloaded with the letter in lower
    # case and blanks around it: the same search, no new row.
    second = client.get("/applications/ledger/", {**search, "page": 2}).content.decode()
    assert many[-1].tracking_code in second and many[0].tracking_code not in second
    client.get("/applications/ledger/", {**search, "page": 1})
    client.get(
        "/applications/ledger/", {"applicant_field": "id_number", "applicant": f" {ID.lower()} "}
    )
    assert _searches() == [("id_number", PAGE_ROWS + 3)]
    # Another filter is another search; so is the first one taken up again after it.
    client.get("/applications/ledger/", {**search, "year": 2024, "page": 2})
    client.get("/applications/ledger/", {"applicant_field": "name", "applicant": "赵六"})
    client.get("/applications/ledger/", {"applicant_field": "name", "applicant": "赵六", "page": 2})
    client.get("/applications/ledger/", search)
    assert _searches() == [("id_number", PAGE_ROWS + 3)] * 2 + [
        ("name", PAGE_ROWS + 3),
        ("id_number", PAGE_ROWS + 3),
    ]
    assert AuditLog.objects.filter(action="ledger.search").order_by("id").values("data__year")[
        1
    ] == {"data__year": 2024}
    # Another person's session searching the same: their own row.
    client.force_login(county.reviewer_edu)
    client.get("/applications/ledger/", {**search, "page": 2})
    last = AuditLog.objects.filter(action="ledger.search").latest("id")
    assert (
        last.actor == county.reviewer_edu
        and AuditLog.objects.filter(action="ledger.search").count() == 5
    )
    # The session keeps a keyed hash of the search, never the value searched.
    assert ID not in str(dict(client.session)) and ID.lower() not in str(dict(client.session))
