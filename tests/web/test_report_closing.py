"""The closing (落款) of the report documents the web serves: a published version's ends
with the unit's name and the day it was published (local time), which the reader takes
back for the release date — so that an evaluation of our own portal's documents judges
their lateness (PUB.W001); a draft's ends with the unit's name alone."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

import pytest

from gongkai import __version__
from gongkai.core.report.parse.files import read_report_bytes
from gongkai.core.report.render import render_docx
from gongkai.core.report.rules import check
from gongkai.web.demo_reports import unit_report
from gongkai.web.portal.selectors import report_of
from gongkai.web.reports.models import ReportVersion
from support import NARRATIVE


def _publish(county, on: date | None) -> ReportVersion:
    # Published as the demo publishes its reports: dated ``on`` at 10:00 local time.
    return unit_report(
        county.edu,
        2025,
        county.office,
        submitter=county.reviewer_edu,
        narrative=NARRATIVE,
        published_on=on,
    )


def _late(report) -> list[str]:
    return [f.message for f in check(report) if f.id == "PUB.W001"]


@pytest.mark.parametrize("kind", ["docx", "pdf", "html", "md"])
def test_the_portals_documents_carry_the_day_of_publication(client, county, kind):
    # A department's 2025 report, out on 20 January 2026 (by 31 January, Art. 49).
    _publish(county, date(2026, 1, 20))
    response = client.get(f"/open/reports/T-EDU/2025/download.{kind}")
    assert response.status_code == 200
    back = read_report_bytes(response.content, source=f"download.{kind}")
    assert back.published_on == date(2026, 1, 20)
    assert (back.body, back.year) == ("测试县教育局", 2025)
    assert _late(back) == []


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_day_is_the_local_one_and_a_late_one_is_found_late(client, county, kind):
    v = _publish(county, date(2026, 1, 20))
    # 17:00 UTC on 31 January is 01:00 on 1 February in China: one day late.
    ReportVersion.objects.filter(pk=v.pk).update(
        published_at=datetime(2026, 1, 31, 17, 0, tzinfo=UTC)
    )
    response = client.get(f"/open/reports/T-EDU/2025/download.{kind}")
    back = read_report_bytes(response.content, source=f"download.{kind}")
    assert back.published_on == date(2026, 2, 1)
    assert _late(back) == [
        "报告发布于2026-02-01（发布日期见报告页面），晚于条例第四十九条规定的2026-01-31（迟1天）"
    ]


def test_an_undated_document_made_before_is_never_served(client, county, settings, tmp_path):
    settings.VAR = tmp_path
    v = _publish(county, date(2026, 1, 20))
    # What an earlier gongkai kept for this version: named by the snapshot alone, with
    # no date in its closing.
    old_key = hashlib.sha256(
        json.dumps(
            [__version__, "docx", "T-EDU", 2025, v.snapshot], sort_keys=True, ensure_ascii=False
        ).encode()
    ).hexdigest()
    folder = tmp_path / "cache" / "published"
    folder.mkdir(parents=True)
    (folder / f"{old_key}.docx").write_bytes(render_docx(report_of(v)))
    served = client.get("/open/reports/T-EDU/2025/download.docx").content
    assert read_report_bytes(served, source="x.docx").published_on == date(2026, 1, 20)
    # The version's date is part of the name: another date, another document.
    v.published_at = datetime(2026, 1, 22, 2, 0, tzinfo=UTC)
    v.save(update_fields=["published_at"])  # (which clears the portal's cached pages)
    again = client.get("/open/reports/T-EDU/2025/download.docx").content
    assert read_report_bytes(again, source="y.docx").published_on == date(2026, 1, 22)
    assert len(list(folder.glob("*.docx"))) == 3


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_drafts_documents_end_with_the_unit_and_no_date(client, county, kind):
    _publish(county, None)  # written, not published
    client.force_login(county.office)
    response = client.get(f"/reports/T-EDU/2025/download.{kind}")
    assert response.status_code == 200
    back = read_report_bytes(response.content, source=f"download.{kind}")
    assert back.published_on is None
    assert back.sections["sec6"].text.splitlines()[-1] == "测试县教育局"


def test_staff_download_of_a_published_version_is_dated(client, county):
    _publish(county, date(2026, 1, 20))
    client.force_login(county.office)
    response = client.get("/reports/T-EDU/2025/download.docx")
    assert read_report_bytes(response.content, source="x.docx").published_on == date(2026, 1, 20)
