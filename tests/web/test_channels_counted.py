"""Every channel counted: where each item went, the new-media accounts under the columns'
update rule, the report's suggested paragraph for section 一, the reading rooms in the
disclosure guide."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.core.columns import ColumnState
from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive.channels import channel_counts
from gongkai.web.proactive.columns import column_list_checked
from gongkai.web.proactive.models import (
    CatalogueItem,
    Column,
    ColumnCategory,
    ItemStatus,
    Platform,
    ReadingRoom,
)
from gongkai.web.units.models import Unit
from support import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def _published(county, n, published_on, **kw):
    return CatalogueItem.objects.create(
        unit=county.edu,
        index_no=f"T-EDU/CH-{n}",
        publisher="测试县教育局",
        title=f"信息{n}",
        topic=2,
        published_on=published_on,
        status=ItemStatus.PUBLISHED,
        secrecy_reviewed=True,
        **kw,
    )


@pytest.fixture
def accounts(county):
    weibo = Column.objects.create(
        unit=county.gov,
        name="测试县发布",
        category="account",
        platform=Platform.WEIBO,
        rule_days=14,
    )
    wechat = Column.objects.create(
        unit=county.edu,
        name="测试县教育",
        category="account",
        platform=Platform.WECHAT,
        rule_days=14,
    )
    other = Column.objects.create(
        unit=county.edu,
        name="测试县教育头条号",
        category="account",
        platform=Platform.OTHER,
        rule_days=14,
    )
    return weibo, wechat, other


def test_the_years_counts_by_channel(county, accounts):
    weibo, wechat, other = accounts
    a = _published(county, 1, date(2024, 3, 1), at_reading_room=True)
    b = _published(county, 2, date(2024, 4, 1))
    c = _published(county, 3, date(2024, 5, 1), on_portal=False)
    _published(county, 4, date(2023, 5, 1)).accounts.set([weibo])  # another year
    a.accounts.set([weibo, wechat])
    b.accounts.set([wechat])
    c.accounts.set([other])
    counts = channel_counts(units=Unit.objects.filter(pk=county.edu.pk), year=2024)
    assert (counts.total, counts.portal, counts.new_media, counts.weibo, counts.wechat) == (
        3,
        2,
        2,
        1,
        2,
    )
    assert (counts.other_accounts, counts.reading_room) == (1, 1)


def test_an_account_follows_the_two_week_rule(county, accounts):
    _weibo, wechat, _other = accounts
    _published(county, 5, TODAY - timedelta(days=20)).accounts.set([wechat])
    rows = {
        r.column.name: r
        for r in column_list_checked(units=Unit.objects.all(), as_of=TODAY)
        if r.column.category == ColumnCategory.ACCOUNT
    }
    assert rows["测试县教育"].check.state == ColumnState.OVERDUE
    assert rows["测试县教育"].check.overdue_days == 6
    assert rows["测试县发布"].check.state == ColumnState.EMPTY


def test_staff_record_where_an_item_went(client, county, accounts):
    weibo, wechat, _other = accounts
    item = _published(county, 6, date(2024, 6, 1))
    client.force_login(county.clerk_edu)
    page = client.get(f"/catalogue/{item.pk}/").content.decode()
    assert "微博 · 测试县发布" in page and "微信公众号 · 测试县教育" in page
    response = client.post(
        f"/catalogue/{item.pk}/channels/",
        {"on_portal": "on", "at_reading_room": "on", "accounts": [weibo.pk, wechat.pk]},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.at_reading_room and set(item.accounts.all()) == {weibo, wechat}
    log = AuditLog.objects.get(action="catalogue.channels")
    assert log.data["accounts"] == sorted([weibo.pk, wechat.pk])
    # an account of another unit (not above this one) is refused
    env = Column.objects.create(
        unit=county.env, name="环境发布", category="account", platform=Platform.WEIBO, rule_days=14
    )
    client.post(f"/catalogue/{item.pk}/channels/", {"accounts": [env.pk]})
    assert env not in item.accounts.all()


def test_the_report_offers_the_paragraph_the_office_can_edit(client, county, accounts):
    weibo, wechat, _other = accounts
    _published(county, 7, date(2024, 3, 1)).accounts.set([weibo])
    _published(county, 8, date(2024, 4, 1), at_reading_room=True).accounts.set([wechat])
    client.force_login(county.office)
    page = client.get(f"/reports/{county.edu.code}/2024/").content.decode()
    paragraph = (
        "2024年，全年累计公开政府信息2条，其中通过政府网站公开2条，"
        "利用微博、微信公众号发布信息2条（微博1条、微信公众号1条），在政府信息公开查阅点提供查阅1条。"
    )
    assert paragraph in page
    page = client.get(f"/reports/{county.edu.code}/2024/?suggest=1").content.decode()
    textarea = page.split('name="sec1"')[1].split("</textarea>")[0]
    assert paragraph in textarea  # in the narrative's text box, to edit and save


def test_the_paragraph_is_offered_only_while_the_narrative_can_be_edited(client, county, accounts):
    """Once submitted, approved or published the narrative is out of the writers' hands:
    a suggestion from today's records, which nobody can take, would only mislead."""
    from gongkai.web.reports import services as reports

    weibo, _wechat, _other = accounts
    _published(county, 7, date(2024, 3, 1)).accounts.set([weibo])
    v = reports.report_version_open(
        unit=county.edu, year=2024, scope="unit", actor=county.clerk_edu
    )
    v = reports.report_save_narrative(
        version=v, actor=county.clerk_edu, sec1="总体情况。", sec5="问题。", sec6="无"
    )
    client.force_login(county.office)
    url = f"/reports/{county.edu.code}/2024/"
    assert 'id="sec1-suggestion"' in client.get(url).content.decode()  # a draft
    v = reports.report_submit(version=v, actor=county.clerk_edu)
    assert 'id="sec1-suggestion"' not in client.get(url).content.decode()
    v = reports.report_approve(version=v, actor=county.reviewer_edu)
    v = reports.report_publish(version=v, actor=county.reviewer_edu)
    page = client.get(url).content.decode()
    assert 'id="sec1-suggestion"' not in page and "总体情况。" in page


def test_the_disclosure_guide_lists_the_reading_rooms(client, county):
    ReadingRoom.objects.create(
        unit=county.gov,
        name="测试县档案馆查阅点",
        address="测试县人民路8号",
        hours="工作日9:00—17:00",
    )
    page = client.get(f"/open/units/{county.edu.code}/").content.decode()
    assert "政府信息公开查阅点" in page and "测试县人民路8号" in page and "工作日9:00—17:00" in page
    page = client.get(f"/open/units/{county.env.code}/").content.decode()
    assert "测试县档案馆查阅点" in page


def test_the_office_lists_reading_rooms_and_accounts(client, county):
    client.force_login(county.office)
    response = client.post(
        "/catalogue/reading-rooms/new/",
        {
            "unit": county.gov.pk,
            "name": "测试县图书馆查阅点",
            "address": "文化路1号",
            "hours": "周二至周日",
        },
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="reading_room.create").exists()
    response = client.post(
        "/catalogue/columns/new/",
        {"unit": county.gov.pk, "name": "测试县发布", "category": "account", "rule_days": ""},
    )
    assert "请选择政务新媒体账号所在平台" in response.content.decode()
    client.post(
        "/catalogue/columns/new/",
        {"unit": county.gov.pk, "name": "测试县发布", "category": "account", "platform": "weibo"},
    )
    assert Column.objects.get(name="测试县发布").rule_days == 14
    client.force_login(county.clerk_edu)
    assert client.get("/catalogue/reading-rooms/new/").status_code == 404
