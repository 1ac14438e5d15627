"""Every staff page without parameters is reached by following links from the work
queue: a page found only by typing its address is a page no one finds."""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

#: Pages an office user (with the API and the office's pages) must be able to reach.
PAGES = [
    "queue",
    "application_list",
    "ledger",
    "register",
    "catalogue",
    "catalogue_new",
    "active_counts",
    "columns",
    "wording_lexicon",
    "reading_rooms",
    "reading_room_new",
    "reports",
    "report_self_approval",
    "bulk_audit",
    "calendar",
    "dashboard",
    "evaluations",
    "evaluation_new",
    "evaluation_report_columns",
    "letter_templates",
    "audit_log",
    "api_clients",
]
SKIP = re.compile(
    r"^/(admin|accounts|open|api/v1|static|media)/|\.(xlsx|csv|docx|pdf|json|md|html)$"
)


def _reached(client, start: str, limit: int = 250) -> set[str]:
    seen, todo = {start}, deque([start])
    while todo and len(seen) < limit:
        response = client.get(todo.popleft())
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        for href in re.findall(r'href="(/[^"#?]*)', response.content.decode()):
            if href not in seen and not SKIP.search(href):
                seen.add(href)
                todo.append(href)
    return seen


def test_every_office_page_is_linked(client, county):
    client.force_login(county.office)
    reached = _reached(client, "/")
    missing = [name for name in PAGES if reverse(name) not in reached]
    assert missing == []
