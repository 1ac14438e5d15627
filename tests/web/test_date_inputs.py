"""Date pickers show the dates they hold. An ``<input type="date">`` takes only ISO
values (2024-06-01); the Chinese locale formats dates as 2024/06/01, which the browser
shows as blank — an edited catalogue item lost its dates on saving."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from gongkai.web.proactive.models import CatalogueItem, DocKind

pytestmark = pytest.mark.django_db


def _date_values(html: str) -> dict[str, str]:
    return {
        m.group(2): m.group(1)
        for m in re.finditer(r'<input type="date"[^>]*?value="([^"]*)"[^>]*?name="([^"]+)"', html)
    } | {
        m.group(1): m.group(2)
        for m in re.finditer(r'<input type="date" name="([^"]+)" value="([^"]*)"', html)
    }


def test_editing_a_catalogue_item_shows_its_dates(client, county):
    item = CatalogueItem.objects.create(
        unit=county.edu,
        index_no="T-EDU/2024-Z9",
        publisher="测试县教育局",
        title="测试县教育局关于规范办学行为的规定",
        topic=1,
        kind=DocKind.NORMATIVE,
        written_on=date(2024, 5, 20),
        issued_on=date(2024, 6, 1),
        published_on=date(2024, 6, 3),
    )
    client.force_login(county.clerk_edu)
    html = client.get(f"/catalogue/{item.pk}/edit/").content.decode()
    values = _date_values(html)
    assert values["written_on"] == "2024-05-20"
    assert values["published_on"] == "2024-06-03"
    assert values["issued_on"] == "2024-06-01"


def test_a_steps_date_is_proposed_as_today_in_iso(client, county, register):
    app = register(received_on=None, channel="online")
    client.force_login(county.clerk_edu)
    html = client.get(f"/applications/{app.pk}/").content.decode()
    assert _date_values(html)["on"] == timezone.localdate().isoformat()
