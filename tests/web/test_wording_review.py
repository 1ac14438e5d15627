"""Wording checked at review: hits shown in place, each corrected or dismissed with a
reason, both recorded; the review refused while a hit is open; the office's lexicon."""

from __future__ import annotations

import pytest

from gongkai.core.wording import load_lexicon
from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive import services as s
from gongkai.web.proactive import wording as w
from gongkai.web.proactive.models import (
    CatalogueItem,
    ItemStatus,
    LexiconEntry,
    WordingAction,
    WordingDecision,
)

pytestmark = pytest.mark.django_db

BODY = "根据《中华人民共和国信息公开条例》，定于2026年12月5日（星期一）召开会议。\n示政发[2026]3号"


@pytest.fixture
def lexicon(db):
    return w.lexicon_load_shipped(actor=None)


@pytest.fixture
def item(county, lexicon):
    return s.catalogue_item_save(
        item=CatalogueItem(
            unit=county.edu,
            index_no="T-EDU/2026-W1",
            publisher="测试县教育局",
            title="关于做好2026年2月30日会议准备的通知",
            topic=2,
            body=BODY,
        ),
        actor=county.clerk_edu,
    )


def _hits(item):
    item.refresh_from_db()
    return [(fh.field, fh.hit.kind.value, fh.hit.found) for fh in w.item_wording_hits(item=item)]


def test_the_hits_of_title_and_text(item):
    assert _hits(item) == [
        ("title", "date", "2026年2月30日"),
        ("body", "lexicon", "中华人民共和国信息公开条例"),
        ("body", "weekday", "星期一"),
        ("body", "doc_number", "[2026]"),
    ]


def test_the_review_is_refused_until_each_hit_is_dealt_with(client, county, item):
    with pytest.raises(s.ProactiveError) as err:
        s.catalogue_item_review(item=item, secrecy_reviewed=True, actor=county.reviewer_edu)
    assert err.value.message == str(w.E_WORDING_OPEN)
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT

    client.force_login(county.reviewer_edu)
    page = client.get(f"/catalogue/{item.pk}/").content.decode()
    assert '<mark id="mark-body-' in page and "星期与日期不符" in page
    # Each correction moves what follows it: the hits are found again after each one.
    for _ in range(5):
        current = w.item_wording_hits(item=item)
        if not current:
            break
        fh = current[0]
        data = {"field": fh.field, "start": fh.hit.start, "found": fh.hit.found}
        if fh.hit.suggestion:
            data["action"] = "correct"
        else:
            data |= {"action": "dismiss", "reason": "会议日期另行通知，标题删去日期前先留存"}
        client.post(f"/catalogue/{item.pk}/wording/", data)
        item.refresh_from_db()
    assert _hits(item) == []
    assert item.body == (
        "根据《中华人民共和国政府信息公开条例》，定于2026年12月5日（星期六）召开会议。\n"
        "示政发〔2026〕3号"
    )
    decisions = list(WordingDecision.objects.filter(item=item).values_list("action", "found"))
    assert decisions == [
        (WordingAction.DISMISSED, "2026年2月30日"),
        (WordingAction.CORRECTED, "中华人民共和国信息公开条例"),
        (WordingAction.CORRECTED, "星期一"),
        (WordingAction.CORRECTED, "[2026]"),
    ]
    assert AuditLog.objects.filter(action="catalogue.wording_corrected").count() == 3
    dismissed = AuditLog.objects.get(action="catalogue.wording_dismissed")
    assert dismissed.data["reason"] == "会议日期另行通知，标题删去日期前先留存"
    s.catalogue_item_review(item=item, secrecy_reviewed=True, actor=county.reviewer_edu)
    page = client.get(f"/catalogue/{item.pk}/").content.decode()
    assert "表述检查处理记录" in page and "已更正为中华人民共和国政府信息公开条例" in page


def test_a_dismissal_needs_a_reason(client, county, item):
    client.force_login(county.reviewer_edu)
    fh = w.item_wording_hits(item=item)[0]
    response = client.post(
        f"/catalogue/{item.pk}/wording/",
        {"field": fh.field, "start": fh.hit.start, "found": fh.hit.found, "action": "dismiss"},
        follow=True,
    )
    assert "请填写忽略的理由" in response.content.decode()
    assert not WordingDecision.objects.exists()


def test_a_stale_hit_is_refused_and_nothing_changes(client, county, item):
    client.force_login(county.reviewer_edu)
    response = client.post(
        f"/catalogue/{item.pk}/wording/",
        {"field": "body", "start": 0, "found": "[2026]", "action": "correct"},
        follow=True,
    )
    assert "检查后内容已有变化" in response.content.decode()
    item.refresh_from_db()
    assert item.body == BODY and not WordingDecision.objects.exists()


def test_a_clerk_sees_the_hits_but_cannot_decide(client, county, item):
    client.force_login(county.clerk_edu)
    page = client.get(f"/catalogue/{item.pk}/").content.decode()
    assert "表述检查" in page and 'value="correct"' not in page
    fh = w.item_wording_hits(item=item)[0]
    response = client.post(
        f"/catalogue/{item.pk}/wording/",
        {
            "field": fh.field,
            "start": fh.hit.start,
            "found": fh.hit.found,
            "action": "dismiss",
            "reason": "x",
        },
    )
    assert response.status_code == 404 and not WordingDecision.objects.exists()


def test_the_office_adds_the_units_own_name(client, county, item):
    client.force_login(county.office)
    response = client.post(
        "/catalogue/wording/new/",
        {
            "wrong": "测式县",
            "correct": "测试县",
            "category": "own_name",
            "source": "县政府机构名称",
        },
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="lexicon.create").exists()
    item.title = "测式县教育局通知"
    item.save()
    assert ("title", "lexicon", "测式县") in _hits(item)
    entry = LexiconEntry.objects.get(wrong="测式县")
    client.post(f"/catalogue/wording/{entry.pk}/", {"delete": "1"})
    assert not LexiconEntry.objects.filter(wrong="测式县").exists()
    assert ("title", "lexicon", "测式县") not in _hits(item)


def test_only_the_office_edits_the_lexicon(client, county, lexicon):
    entry = LexiconEntry.objects.first()
    for who in (county.clerk_edu, county.reviewer_edu, county.supervisor):
        client.force_login(who)
        assert client.get("/catalogue/wording/").status_code == 200
        assert client.post("/catalogue/wording/").status_code == 404
        assert client.post(f"/catalogue/wording/{entry.pk}/", {"delete": "1"}).status_code == 404
    assert LexiconEntry.objects.filter(pk=entry.pk).exists()


def test_the_starting_lexicon_is_loaded_once(db):
    LexiconEntry.objects.all().delete()
    assert w.lexicon_load_shipped(actor=None) == len(load_lexicon()) >= 20
    assert w.lexicon_load_shipped(actor=None) == 0


def test_the_document_number_is_checked_and_corrected(county, item):
    item.doc_number = "测教发【2026】7号"
    item.save()
    [fh] = [fh for fh in w.item_wording_hits(item=item) if fh.field == "doc_number"]
    w.wording_hit_correct(
        item=item,
        field="doc_number",
        start=fh.hit.start,
        found=fh.hit.found,
        actor=county.reviewer_edu,
    )
    item.refresh_from_db()
    assert item.doc_number == "测教发〔2026〕7号"


def test_the_document_number_is_marked_in_place(client, county, item):
    item.doc_number = "测教发(2026)7号"
    item.save()
    client.force_login(county.reviewer_edu)
    page = client.get(f"/catalogue/{item.pk}/").content.decode()
    assert '<mark id="mark-doc_number-3">(2026)</mark>' in page
