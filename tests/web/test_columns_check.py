"""Columns kept fresh: each column's last update (one GROUP BY query), the check page,
the office's rules, and the work queue showing a unit's staff its columns due or overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.core.columns import ColumnState
from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive.columns import ATTENTION, column_list_checked, queue_columns
from gongkai.web.proactive.models import CatalogueItem, Column, ColumnCategory, ItemStatus
from gongkai.web.units.models import Unit
from support import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def _item(unit, column, published_on, status=ItemStatus.PUBLISHED, n=[0]):  # noqa: B006
    n[0] += 1
    return CatalogueItem.objects.create(
        unit=unit,
        index_no=f"{unit.code}/C-{n[0]}",
        publisher=unit.name,
        title=f"动态{n[0]}",
        topic=2,
        published_on=published_on,
        status=status,
        secrecy_reviewed=status == ItemStatus.PUBLISHED,
        column=column,
    )


@pytest.fixture
def cols(county):
    news = Column.objects.create(
        unit=county.edu, name="工作动态", category=ColumnCategory.NEWS, rule_days=14
    )
    plans = Column.objects.create(
        unit=county.edu, name="规划计划", category=ColumnCategory.PLANNING, rule_days=365
    )
    env_news = Column.objects.create(
        unit=county.env, name="工作动态", category=ColumnCategory.NEWS, rule_days=14
    )
    _item(county.edu, news, TODAY - timedelta(days=40))
    _item(county.edu, news, TODAY - timedelta(days=20))  # the latest published: 6 days overdue
    _item(county.edu, news, TODAY - timedelta(days=1), status=ItemStatus.DRAFT)  # not counted
    _item(county.edu, news, TODAY + timedelta(days=3))  # dated after today: not counted
    _item(county.env, env_news, TODAY - timedelta(days=9))  # due within a week
    return news, plans, env_news


def test_last_update_overdue_and_empty_in_one_query(county, cols, django_assert_num_queries):
    _news, _plans, _env_news = cols
    with django_assert_num_queries(1):
        rows = column_list_checked(units=Unit.objects.all(), as_of=TODAY)
    by = {(r.unit.code, r.column.name): r for r in rows}
    r = by[("T-EDU", "工作动态")]
    assert r.last_updated == TODAY - timedelta(days=20)
    assert (r.check.state, r.check.overdue_days) == (ColumnState.OVERDUE, 6)
    assert by[("T-EDU", "规划计划")].check.state == ColumnState.EMPTY
    assert by[("T-ENV", "工作动态")].check.state == ColumnState.DUE_SOON
    # overdue first, then empty, then due soon
    assert [r.check.state for r in rows] == [
        ColumnState.OVERDUE,
        ColumnState.EMPTY,
        ColumnState.DUE_SOON,
    ]
    assert r.as_json() == {
        "unit": "T-EDU",
        "unit_name": "测试县教育局",
        "column": "工作动态",
        "category": "news",
        "last_updated": (TODAY - timedelta(days=20)).isoformat(),
        "rule_days": 14,
        "state": "overdue",
        "due_on": (TODAY - timedelta(days=6)).isoformat(),
        "overdue_days": 6,
    }


def test_a_clerk_sees_only_the_columns_of_the_unit_in_the_queue(client, county, cols):
    client.force_login(county.clerk_edu)
    body = client.get("/").content.decode()
    assert "需要更新的栏目" in body and "超期6天" in body and "空白栏目" in body
    assert "测试县生态环境局" not in body
    client.force_login(county.clerk_env)
    body = client.get("/").content.decode()
    assert "应于" in body and "超期6天" not in body


def test_a_fresh_column_is_not_in_the_queue(county, cols):
    news, plans, _env_news = cols
    _item(county.edu, news, TODAY - timedelta(days=2))
    _item(county.edu, plans, TODAY - timedelta(days=200))
    q = queue_columns(units=Unit.objects.filter(pk=county.edu.pk), as_of=TODAY)
    assert q.total == 0 and q.rows == []


def test_the_office_sets_a_rule_and_it_is_recorded(client, county, cols):
    news, _plans, _env_news = cols
    client.force_login(county.office)
    response = client.post(
        f"/catalogue/columns/{news.pk}/edit/",
        {"unit": county.edu.pk, "name": "工作动态", "category": "news", "rule_days": 30},
    )
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.rule_days == 30
    assert AuditLog.objects.filter(action="column.edit", object_id=str(news.pk)).exists()
    rows = column_list_checked(
        units=Unit.objects.filter(pk=county.edu.pk), as_of=TODAY, states=ATTENTION
    )
    assert {r.column.name for r in rows} == {"规划计划"}  # 20 days old, within 30


def test_a_new_column_left_without_a_rule_gets_its_categorys(client, county):
    client.force_login(county.office)
    client.post(
        "/catalogue/columns/new/",
        {"unit": county.town.pk, "name": "通知公告", "category": "notice", "rule_days": ""},
    )
    assert Column.objects.get(unit=county.town, name="通知公告").rule_days == 183


def test_clerks_and_reviewers_cannot_change_rules(client, county, cols):
    news, _plans, _env = cols
    for who in (county.clerk_edu, county.reviewer_edu, county.supervisor):
        client.force_login(who)
        assert client.get("/catalogue/columns/new/").status_code == 404
        response = client.post(
            f"/catalogue/columns/{news.pk}/edit/",
            {"unit": county.edu.pk, "name": "x", "category": "news", "rule_days": 1},
        )
        assert response.status_code == 404
    news.refresh_from_db()
    assert (news.name, news.rule_days) == ("工作动态", 14)


def test_the_check_page_lists_what_needs_updating(client, county, cols):
    client.force_login(county.office)
    body = client.get("/catalogue/columns/").content.decode()
    assert "超期6天" in body and "空白栏目" in body and "测试县生态环境局" in body
    body = client.get("/catalogue/columns/?unit=T-ENV").content.decode()
    assert "超期6天" not in body and "应于" in body


def test_an_item_cannot_be_filed_in_another_units_column(client, county, cols):
    _news, _plans, env_news = cols
    client.force_login(county.office)
    response = client.post(
        "/catalogue/new/",
        {
            "unit": county.edu.pk,
            "index_no": "T-EDU/X-1",
            "publisher": "测试县教育局",
            "title": "一条动态",
            "topic": 2,
            "kind": "ordinary",
            "column": env_news.pk,
        },
    )
    assert response.status_code == 200
    assert "该栏目属于其他单位" in response.content.decode()
    assert not CatalogueItem.objects.filter(index_no="T-EDU/X-1").exists()


def test_a_date_in_the_past_is_checked_as_of_then(county, cols):
    rows = column_list_checked(
        units=Unit.objects.filter(pk=county.edu.pk), as_of=TODAY - timedelta(days=30)
    )
    by = {r.column.name: r for r in rows}
    assert by["工作动态"].last_updated == TODAY - timedelta(days=40)
    assert date.fromisoformat(by["工作动态"].as_json()["due_on"]) == TODAY - timedelta(days=26)


def test_an_account_is_not_offered_as_an_items_column(client, county, cols):
    account = Column.objects.create(
        unit=county.edu, name="测试县教育", category="account", platform="wechat", rule_days=14
    )
    client.force_login(county.clerk_edu)
    page = client.get("/catalogue/new/").content.decode()
    assert f'<option value="{cols[0].pk}">测试县教育局 · 工作动态</option>' in page
    assert f"测试县教育局 · {account.name}<" not in page
