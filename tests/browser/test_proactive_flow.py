"""Proactive disclosure as the county report describes it, in the browser: a clerk's work
queue shows the unit's overdue column. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from gongkai.web.proactive.models import CatalogueItem, Column, ColumnCategory, ItemStatus
from gongkai.web.units.models import Role, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from support import TODAY

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dated]


@pytest.fixture
def bureau(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    county = unit_create(name="浏览器县人民政府", code="BR", kind=UnitKind.GOVERNMENT)
    dept = unit_create(
        name="浏览器县教育局", code="BR-EDU", kind=UnitKind.DEPARTMENT, parent=county
    )
    User = get_user_model()
    clerk = User.objects.create_user("clerk", password="pw-clerk-123", first_name="教育局经办人")
    membership_grant(user=clerk, unit=dept, role=Role.CLERK)
    reviewer = User.objects.create_user(
        "reviewer", password="pw-reviewer-123", first_name="教育局审核人"
    )
    membership_grant(user=reviewer, unit=dept, role=Role.REVIEWER)
    return county, dept


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_an_overdue_column_in_the_clerks_queue(page, live_server, bureau, shot):
    _county, dept = bureau
    news = Column.objects.create(
        unit=dept, name="工作动态", category=ColumnCategory.NEWS, rule_days=14
    )
    Column.objects.create(
        unit=dept, name="规划计划", category=ColumnCategory.PLANNING, rule_days=365
    )
    CatalogueItem.objects.create(
        unit=dept,
        index_no="BR-EDU/2026-1",
        publisher=dept.name,
        title="浏览器县教育局召开秋季学期安全工作会议",
        topic=2,
        published_on=TODAY - timedelta(days=20),
        status=ItemStatus.PUBLISHED,
        secrecy_reviewed=True,
        column=news,
    )
    login(page, live_server, "clerk", "pw-clerk-123")
    page.goto(f"{live_server.url}/")
    section = page.locator("table.columns-check")
    overdue = section.locator("tr[data-state=overdue]")
    assert "工作动态" in overdue.inner_text() and "超期6天" in overdue.inner_text()
    assert "空白栏目" in section.locator("tr[data-state=empty]").inner_text()
    page.locator("#columns").scroll_into_view_if_needed()
    shot(page, "proactive-queue-overdue-column")
    page.goto(f"{live_server.url}/catalogue/columns/?all=1")
    assert "超期6天" in page.locator("table.columns-check").inner_text()
    shot(page, "proactive-columns-page")
    assert not page.console_errors  # type: ignore[attr-defined]


def test_a_wording_hit_shown_at_review_corrected_and_recorded(page, live_server, bureau, shot):
    from gongkai.web.proactive import services as s
    from gongkai.web.proactive.models import WordingDecision
    from gongkai.web.proactive.wording import lexicon_load_shipped

    _county, dept = bureau
    lexicon_load_shipped(actor=None)  # the test database is emptied between browser tests
    item = s.catalogue_item_save(
        item=CatalogueItem(
            unit=dept,
            index_no="BR-EDU/2026-2",
            publisher=dept.name,
            doc_number="浏教发〔2026〕12号",
            title="浏览器县教育局关于印发学校安全管理办法的通知",
            topic=1,
            body=(
                "各中小学：\n根据《中华人民共和国信息公开条例》和有关规定，现将《学校安全管理办法》"
                "印发给你们，请认真贯彻执行。\n浏教发[2026]12号\n2026年12月5日（星期一）"
            ),
        ),
        actor=None,
    )
    login(page, live_server, "reviewer", "pw-reviewer-123")
    page.goto(f"{live_server.url}/catalogue/{item.pk}/")
    hits = page.locator("table.wording-hits tbody tr")
    assert hits.count() == 3
    assert page.locator("#wording mark").first.inner_text() == "中华人民共和国信息公开条例"
    shot(page, "proactive-wording-hits-at-review")
    # Marking it reviewed is refused while the hits are open.
    page.check("input[name=secrecy]")
    page.click("text=审核通过")
    assert "表述检查发现的问题尚未全部更正或忽略" in page.locator(".messages").inner_text()
    # Correct the law's title, the document number and the weekday.
    for _ in range(3):
        page.locator("table.wording-hits tbody tr").first.locator("button", has_text="更正").click()
        assert "已更正，更正已记录" in page.locator(".messages").inner_text()
    assert page.locator("table.wording-hits").count() == 0
    body = page.locator("main").inner_text()
    assert "《中华人民共和国政府信息公开条例》" in body and "浏教发〔2026〕12号" in body
    assert "2026年12月5日（星期六）" in body
    decisions = page.locator("table.wording-decisions").inner_text()
    assert "已更正为中华人民共和国政府信息公开条例" in decisions and "教育局审核人" in decisions
    assert WordingDecision.objects.filter(item=item).count() == 3
    page.locator("#wording-decisions").scroll_into_view_if_needed()
    shot(page, "proactive-wording-corrected-and-recorded")
    assert not page.console_errors  # type: ignore[attr-defined]


def test_a_normative_document_refused_alone_then_published_with_its_interpretation(
    page, live_server, bureau, shot
):
    from datetime import date

    from gongkai.web.proactive import services as s
    from gongkai.web.proactive.models import DocKind

    _county, dept = bureau
    doc = s.catalogue_item_save(
        item=CatalogueItem(
            unit=dept,
            index_no="BR-EDU/2026-3",
            publisher=dept.name,
            doc_number="浏教规〔2026〕1号",
            title="浏览器县教育局关于规范中小学校外培训管理的若干规定",
            topic=1,
            kind=DocKind.NORMATIVE,
            written_on=date(2026, 11, 20),
            published_on=date(2026, 12, 1),
            issued_on=date(2026, 12, 1),
            body="第一条 为规范中小学校外培训管理，制定本规定。",
        ),
        actor=None,
    )
    interp = s.catalogue_item_save(
        item=CatalogueItem(
            unit=dept,
            index_no="BR-EDU/2026-4",
            publisher=dept.name,
            title="《关于规范中小学校外培训管理的若干规定》政策解读",
            topic=1,
            written_on=date(2026, 11, 20),
            published_on=date(2026, 12, 1),
            body="一、制定背景\n二、主要内容\n三、适用范围",
            interprets=doc,
        ),
        actor=None,
    )
    login(page, live_server, "reviewer", "pw-reviewer-123")
    # The document is reviewed; published alone it is refused.
    page.goto(f"{live_server.url}/catalogue/{doc.pk}/")
    page.check("input[name=secrecy]")
    page.click("text=审核通过")
    assert "政策解读" in page.locator("#pair").inner_text()
    page.click("main button:has-text('发布')")
    refusal = page.locator(".messages").inner_text()
    assert "行政规范性文件和政策性文件应当与政策解读同步审核、同步发布" in refusal
    shot(page, "proactive-normative-refused-without-interpretation")
    # The interpretation is reviewed too; publishing the document publishes both.
    page.click("#pair a")
    page.check("input[name=secrecy]")
    page.click("text=审核通过")
    page.click("#pair a")
    assert "将与「《关于规范中小学校外培训管理的若干规定》政策解读」同步发布" in page.inner_text(
        "main"
    )
    page.click("main button:has-text('发布')")
    assert "已保存" in page.locator(".messages").inner_text()
    doc.refresh_from_db()
    interp.refresh_from_db()
    assert doc.status == interp.status == "published"
    # The portal links them both ways.
    page.goto(f"{live_server.url}/open/catalogue/{doc.pk}/")
    assert "政策解读：" in page.locator("#pair-interpretation").inner_text()
    shot(page, "proactive-portal-document-links-interpretation")
    page.click("#pair-interpretation a")
    assert page.locator("h1").inner_text() == interp.title
    page.click("#pair-document a")
    assert page.locator("h1").inner_text() == doc.title
    page.goto(f"{live_server.url}/open/catalogue/{interp.pk}/")
    shot(page, "proactive-portal-interpretation-links-document")
    assert not page.console_errors  # type: ignore[attr-defined]


def test_the_reports_suggested_paragraph_taken_edited_and_saved(page, live_server, bureau, shot):
    from datetime import date

    from gongkai.web.proactive.models import Platform
    from gongkai.web.reports.models import ReportVersion

    county, dept = bureau
    office = get_user_model().objects.create_user(
        "office", password="pw-office-123", first_name="县政务公开办"
    )
    membership_grant(user=office, unit=county, role=Role.OFFICE)
    weibo = Column.objects.create(
        unit=county, name="浏览器县发布", category="account", platform=Platform.WEIBO, rule_days=14
    )
    wechat = Column.objects.create(
        unit=dept, name="浏览器县教育", category="account", platform=Platform.WECHAT, rule_days=14
    )
    year = TODAY.year - 1
    for n in range(1, 6):
        item = CatalogueItem.objects.create(
            unit=dept,
            index_no=f"BR-EDU/{year}-{n}",
            publisher=dept.name,
            title=f"浏览器县教育局{n}月份工作动态",
            topic=2,
            published_on=date(year, n, 10),
            status=ItemStatus.PUBLISHED,
            secrecy_reviewed=True,
            at_reading_room=n == 1,
        )
        item.accounts.set([weibo, wechat] if n <= 2 else [wechat] if n == 3 else [])
    login(page, live_server, "office", "pw-office-123")
    page.goto(f"{live_server.url}/reports/{dept.code}/{year}/")
    paragraph = (
        f"{year}年，全年累计公开政府信息5条，其中通过政府网站公开5条，"
        "利用微博、微信公众号发布信息3条（微博2条、微信公众号3条，其中2条在两个平台同时发布），"
        "在政府信息公开查阅点提供查阅1条。"
    )
    assert page.locator("#sec1-suggestion blockquote").inner_text() == paragraph
    shot(page, "proactive-report-suggested-paragraph")
    # and the suggestion alone, legible
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#sec1-suggestion").screenshot(
        path=str(ARTIFACTS / "proactive-report-suggested-paragraph-close.png")
    )
    page.click("text=加入第一部分后编辑")
    assert page.input_value("#id_sec1") == paragraph
    page.fill("#id_sec1", "本年度，县教育局坚持以公开为常态、不公开为例外。" + paragraph)
    page.fill("#id_sec5", "部分栏目更新不够及时。下一步将建立栏目更新提醒机制。")
    page.fill("#id_sec6", "本年度未收取信息处理费。")
    page.click("button:has-text('保存文字部分')")
    assert "已保存" in page.locator(".messages").inner_text()
    version = ReportVersion.objects.get(unit=dept, year=year)
    assert version.sec1 == "本年度，县教育局坚持以公开为常态、不公开为例外。" + paragraph
    page.locator("main").screenshot(path=str(ARTIFACTS / "proactive-report-paragraph-saved.png"))
    assert not page.console_errors  # type: ignore[attr-defined]
