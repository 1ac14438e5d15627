"""The public pages' cache (gongkai.web.portal.cache), on each process's memory and on
Redis (database 11 of the local server): a page is served from the cache without the
database, and a publication, a replacement or a withdrawal shows at once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.cache import cache

from gongkai.web.portal.cache import portal_cache_bump, portal_cache_generation
from gongkai.web.proactive.models import CatalogueItem
from gongkai.web.reports import services as rs
from gongkai.web.reports.models import Scope

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    # Each named explicitly: the session's own cache may be either (make test-services
    # runs on Redis, database 10, which the jobs' queue shares: never emptied here).
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "gongkai",
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    portal_cache_bump()
    yield request.param
    cache.clear()


def _publish(county, *, sec1: str, previous=None):
    if previous is None:
        v = rs.report_version_open(
            unit=county.gov, year=2024, scope=Scope.UNIT, actor=county.office
        )
    else:
        v = rs.report_new_version(version=previous, reason="更正数据", actor=county.office)
    rs.report_save_narrative(
        version=v,
        sec1=sec1,
        sec5="政策解读还不够及时，下一步将加强培训。",
        sec6="无",
        actor=county.office,
    )
    v = rs.report_submit(version=v, actor=county.admin)  # not the approver
    v = rs.report_approve(version=v, actor=county.office)
    return rs.report_publish(version=v, actor=county.office)


def _item(county, n: int, title: str) -> CatalogueItem:
    return CatalogueItem.objects.create(
        unit=county.edu,
        index_no=f"T-EDU/2024-{n}",
        publisher="测试县教育局",
        title=title,
        topic=11,
        published_on=date(2024, 3, n),
        status="published",
        secrecy_reviewed=True,
    )


def test_a_cached_page_is_answered_without_the_database(
    client, county, page_cache, django_assert_num_queries
):
    _publish(county, sec1="第一版的总体情况。")
    first = client.get("/open/reports/T/2024/")
    assert first.status_code == 200 and "第一版的总体情况" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get("/open/reports/T/2024/")
    assert again.content == first.content
    assert again["Cache-Control"] == "public, max-age=60"
    assert again["Content-Security-Policy"] and again["X-Frame-Options"] == "DENY"
    assert again["ETag"] and again["Last-Modified"]
    unchanged = client.get("/open/reports/T/2024/", HTTP_IF_NONE_MATCH=again["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""
    head = client.head("/open/reports/T/2024/")
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == again["ETag"]


def test_a_replaced_report_shows_its_new_version_at_once(client, county, page_cache):
    v1 = _publish(county, sec1="第一版的总体情况。")
    for address in ("/open/reports/T/2024/", "/open/reports/T/2024/download.html"):
        assert "第一版的总体情况" in client.get(address).content.decode()
    _publish(county, sec1="更正后的总体情况。", previous=v1)
    for address in ("/open/reports/T/2024/", "/open/reports/T/2024/download.html"):
        body = client.get(address).content.decode()
        assert "更正后的总体情况" in body and "第一版的总体情况" not in body


def test_a_withdrawn_document_answers_404_at_once(client, county, page_cache):
    item = _item(county, 1, "关于2024年义务教育招生工作的通知")
    assert client.get(f"/open/catalogue/{item.pk}/").status_code == 200
    assert "义务教育招生工作" in client.get("/open/catalogue/?q=招生").content.decode()
    assert "义务教育招生工作" in client.get(f"/open/units/{county.edu.code}/").content.decode()
    item.status = "draft"  # taken back: no longer published
    item.save()
    assert client.get(f"/open/catalogue/{item.pk}/").status_code == 404
    assert "义务教育招生工作" not in client.get("/open/catalogue/?q=招生").content.decode()
    assert "义务教育招生工作" not in client.get(f"/open/units/{county.edu.code}/").content.decode()


def test_a_new_publication_shows_on_the_cached_lists_at_once(client, county, page_cache):
    assert "部门预算" not in client.get("/open/catalogue/").content.decode()
    assert "2024" not in client.get("/open/units/T/").content.decode()
    _item(county, 2, "测试县教育局2024年部门预算")
    _publish(county, sec1="概述。")
    assert "部门预算" in client.get("/open/catalogue/").content.decode()
    assert "/open/reports/T/2024/" in client.get("/open/units/T/").content.decode()


def test_a_bump_in_another_process_is_seen_here(client, county, page_cache, settings):
    """Two gunicorn workers (or two app servers on Redis): a publication made through one
    makes the other's cached pages stale."""
    assert "部门预算" not in client.get("/open/catalogue/").content.decode()
    # A row written around the signals (as a restore or a bulk load would) ...
    CatalogueItem.objects.bulk_create(
        [
            CatalogueItem(
                unit=county.edu,
                index_no="T-EDU/2024-9",
                publisher="测试县教育局",
                title="测试县教育局2024年部门预算",
                topic=11,
                published_on=date(2024, 3, 9),
                status="published",
                secrecy_reviewed=True,
            )
        ]
    )
    assert "部门预算" not in client.get("/open/catalogue/").content.decode()  # still cached
    env = {
        **os.environ,
        "GONGKAI_HOME": str(settings.VAR.parent),
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
    }
    env.pop("GONGKAI_REDIS_URL", None)
    if page_cache == "redis":
        env["GONGKAI_REDIS_URL"] = REDIS_URL
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from gongkai.web.portal.cache import portal_cache_bump; portal_cache_bump()",
        ],
        env=env,
        check=True,
        timeout=60,
    )
    assert "部门预算" in client.get("/open/catalogue/").content.decode()


def test_forms_and_staff_answers_are_never_shared(client, county, page_cache):
    form = client.get(f"/open/apply/{county.edu.code}/")
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    assert "public" not in form.get("Cache-Control", "")
    client.force_login(county.office)
    for address in ("/open/", "/"):
        response = client.get(address)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def _cached(client, addresses, django_assert_num_queries) -> None:
    """Each page is answered from the cache: no query at all."""
    for address in addresses:
        with django_assert_num_queries(0):
            assert client.get(address).status_code == 200


def test_only_a_change_to_what_the_portal_shows_clears_it(
    client, county, register, page_cache, django_assert_num_queries
):
    """A draft saved (a catalogue item, a report's next version), an application
    registered, a unit's report deadline changed: the cached pages stay. Publishing the
    item, publishing the version: the pages show them at once."""
    v1 = _publish(county, sec1="第一版的总体情况。")
    pages = ("/open/reports/T/2024/", "/open/catalogue/", f"/open/units/{county.edu.code}/")
    for address in pages:
        assert client.get(address).status_code == 200
    generation = portal_cache_generation()
    item = CatalogueItem.objects.create(
        unit=county.edu,
        index_no="T-EDU/2024-7",
        publisher="测试县教育局",
        title="关于秋季学期校车线路的通知（草稿）",
        topic=11,
        published_on=date(2024, 8, 20),
        status="draft",
    )
    item.body = "校车线路如下。"
    item.save()
    v2 = rs.report_new_version(version=v1, reason="更正数据", actor=county.office)
    rs.report_save_narrative(
        version=v2,
        sec1="第二版的总体情况。",
        sec5="政策解读还不够及时，下一步将加强培训。",
        sec6="无",
        actor=county.office,
    )
    register()
    county.edu.report_deadline_override = date(2000, 2, 28)
    county.edu.save()
    assert portal_cache_generation() == generation
    _cached(client, pages, django_assert_num_queries)

    item.status, item.secrecy_reviewed = "published", True
    item.save()
    assert portal_cache_generation() != generation
    assert "校车线路" in client.get("/open/catalogue/").content.decode()
    generation = portal_cache_generation()
    assert "第一版的总体情况" in client.get(pages[0]).content.decode()
    v2 = rs.report_submit(version=v2, actor=county.admin)
    v2 = rs.report_approve(version=v2, actor=county.office)
    assert portal_cache_generation() == generation  # submitted, approved: not yet public
    _cached(client, pages[:1], django_assert_num_queries)
    rs.report_publish(version=v2, actor=county.office)
    assert "第二版的总体情况" in client.get("/open/reports/T/2024/").content.decode()


def test_a_units_public_details_clear_it(client, county, page_cache):
    assert "测试县教育局" in client.get(f"/open/units/{county.edu.code}/").content.decode()
    county.edu.name = "测试县教育和体育局"
    county.edu.save()
    assert "测试县教育和体育局" in client.get(f"/open/units/{county.edu.code}/").content.decode()
