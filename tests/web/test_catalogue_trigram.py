"""On PostgreSQL the catalogue search is served by pg_trgm's GIN indexes (migration
proactive 0004): the indexes exist, and PostgreSQL's plan for the portal's search of a
Chinese phrase over a catalogue of 20,000 items reads them instead of the table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection

from gongkai.web.portal.selectors import catalogue_search
from gongkai.web.proactive.models import CatalogueItem

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's (DATABASE_URL=postgres://…)"
)

TOPICS = [
    "义务教育招生",
    "城乡低保标准",
    "道路养护计划",
    "河道治理工程",
    "食品安全抽检",
    "农机购置补贴",
]


def test_the_trigram_indexes_exist(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'proactive_catalogueitem'"
            " AND indexname LIKE 'catalogue_trgm_%%'"
        )
        found = dict(cursor.fetchall())
    assert set(found) == {
        f"catalogue_trgm_{c}" for c in ("title", "index_no", "doc_number", "body")
    }
    assert all("gin" in d and "gin_trgm_ops" in d and "upper" in d for d in found.values())


def test_the_search_of_a_chinese_phrase_uses_them(county):
    start = date(2020, 1, 1)
    CatalogueItem.objects.bulk_create(
        CatalogueItem(
            unit=county.edu,
            index_no=f"T-EDU/{n:06d}",
            publisher="测试县教育局",
            doc_number=f"测教〔{2020 + n % 5}〕{n}号",
            title=f"测试县教育局关于{TOPICS[n % len(TOPICS)]}第{n}批事项的通知",
            body=f"（正文{n}）",
            topic=11,
            published_on=start + timedelta(days=n % 1500),
            status="published",
            secrecy_reviewed=True,
        )
        for n in range(20_000)
    )
    CatalogueItem.objects.create(
        unit=county.edu,
        index_no="T-EDU/rare",
        publisher="测试县教育局",
        title="关于学前教育普惠性幼儿园认定结果的公示",
        topic=11,
        published_on=date(2024, 5, 1),
        status="published",
        secrecy_reviewed=True,
    )
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk insert: the rows enter the GIN indexes' trees
        # from their pending lists (VACUUM cannot run in the test's transaction), and the
        # planner's statistics are brought up to date.
        for column in ("title", "index_no", "doc_number", "body"):
            cursor.execute(
                "SELECT gin_clean_pending_list(%s::regclass)", [f"catalogue_trgm_{column}"]
            )
        cursor.execute("ANALYZE proactive_catalogueitem")
    found = catalogue_search(q="普惠性幼儿园")
    assert [i.index_no for i in found] == ["T-EDU/rare"]
    plan = found.explain()
    assert "catalogue_trgm_title" in plan and "Seq Scan on proactive_catalogueitem" not in plan, (
        plan
    )
