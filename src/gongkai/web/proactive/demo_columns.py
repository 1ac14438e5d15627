"""The demo county's columns (栏目): each unit's columns with the inspection indicators'
rules, its catalogue filed in them, and this year's news (工作动态) at dates relative to
the demo's day, so that the check shows fresh, due, overdue and empty columns; and an
interpretation (政策解读) of each unit's latest normative document of last year. No random
numbers: the rest of the demo stays as it was."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.core.columns import default_rule_days
from gongkai.core.wording import WEEKDAYS
from gongkai.web.proactive.models import (
    CatalogueItem,
    Column,
    ColumnCategory,
    DocKind,
    ItemStatus,
    Platform,
    ReadingRoom,
)
from gongkai.web.units.models import Unit, UnitKind

#: Days before the demo's day of each unit's latest news, in turn: fresh, due within a
#: week, overdue by 6 days, overdue by 31 days.
NEWS_AGES = (2, 10, 20, 45)
#: Each unit's columns: name, category, which of its catalogue items go there.
COLUMNS = (
    ("工作动态", ColumnCategory.NEWS),
    ("通知公告", ColumnCategory.NOTICE),
    ("政策文件", ColumnCategory.POLICY),
    ("人事信息", ColumnCategory.PERSONNEL),
    ("规划计划", ColumnCategory.PLANNING),
)


#: New-media accounts by unit code suffix ("" for the county): name, platform, and which
#: of the unit's items were posted there ("all", "oldest news" only, or "none").
ACCOUNTS = {
    "": (("示例县发布", Platform.WEIBO, "all"), ("示例县政务", Platform.WECHAT, "all")),
    "JYJ": (("示例县教育", Platform.WECHAT, "all"),),
    "CGZ": (("城关镇发布", Platform.WECHAT, "oldest news"),),
    "DHZ": (("东河镇发布", Platform.WEIBO, "none"),),
}
#: The county's reading rooms (政府信息公开查阅点), listed in every unit's disclosure guide.
READING_ROOMS = (
    ("示例县档案馆查阅点", "示例县城关镇人民路8号县档案馆一楼", "工作日 9:00—12:00，14:00—17:30"),
    ("示例县图书馆查阅点", "示例县城关镇文化路21号县图书馆二楼", "周二至周日 9:00—17:00"),
    ("示例县政务服务中心查阅点", "示例县城关镇新区大道1号政务服务中心一楼", "工作日 8:30—17:30"),
)


def demo_columns(units: list[Unit], as_of: date) -> None:
    for name, address, hours in READING_ROOMS:
        ReadingRoom.objects.create(unit=units[0], name=name, address=address, hours=hours)
    for i, unit in enumerate(units):
        made = {
            category: Column.objects.create(
                unit=unit, name=name, category=category, rule_days=default_rule_days(category)
            )
            for name, category in COLUMNS
            if not (category == ColumnCategory.POLICY and unit.kind == UnitKind.TOWNSHIP)
        }
        items = CatalogueItem.objects.filter(unit=unit)
        items.filter(kind__in=(DocKind.NORMATIVE, DocKind.RULES)).update(
            column=made.get(ColumnCategory.POLICY, made[ColumnCategory.NOTICE])
        )
        ordinary = items.filter(kind=DocKind.ORDINARY)
        ordinary.filter(topic=14).update(column=made[ColumnCategory.PERSONNEL])
        # Plans are filed by the county and the departments; the townships' plans
        # column was opened and never filled.
        if unit.kind != UnitKind.TOWNSHIP:
            ordinary.filter(topic=3).update(column=made[ColumnCategory.PLANNING])
        ordinary.filter(column=None).update(column=made[ColumnCategory.NOTICE])
        _interpretation(unit, as_of, made.get(ColumnCategory.POLICY))
        items.filter(kind=DocKind.NORMATIVE).update(at_reading_room=True)
        age = NEWS_AGES[i % len(NEWS_AGES)]
        news = []
        for n, days in enumerate((age + 30, age + 16, age)):
            published = as_of - timedelta(days=days)
            news.append(
                CatalogueItem.objects.create(
                    unit=unit,
                    index_no=f"{unit.code}/{as_of.year}-D{n + 1:03d}",
                    publisher=unit.name,
                    title=f"{unit.name}召开{published.month}月份政务公开工作推进会",
                    written_on=published,
                    published_on=published,
                    topic=2,
                    body="（示例正文）",
                    status=ItemStatus.PUBLISHED,
                    secrecy_reviewed=True,
                    column=made[ColumnCategory.NEWS],
                )
            )
        _accounts(unit, news)
        if unit.code.endswith("-JYJ"):
            _drafts(unit, as_of, made)


def _interpretation(unit: Unit, as_of: date, column: Column | None) -> None:
    """Last year's latest 行政规范性文件 of the unit gets its interpretation (政策解读),
    published the same day; its others stay without one (the report page warns)."""
    doc = (
        CatalogueItem.objects.filter(
            unit=unit, kind=DocKind.NORMATIVE, published_on__year=as_of.year - 1
        )
        .order_by("-published_on", "-pk")
        .first()
    )
    if doc is None:
        return
    CatalogueItem.objects.create(
        unit=unit,
        index_no=f"{unit.code}/{as_of.year - 1}-J001",
        publisher=unit.name,
        title=f"《{doc.title.removeprefix(unit.name)}》政策解读",
        written_on=doc.written_on,
        published_on=doc.published_on,
        topic=1,
        body="一、制定背景\n二、主要内容\n三、适用范围和施行日期",
        status=ItemStatus.PUBLISHED,
        secrecy_reviewed=True,
        column=column,
        interprets=doc,
    )


def _accounts(unit: Unit, news: list[CatalogueItem]) -> None:
    """The unit's new-media accounts (:data:`ACCOUNTS`) and what was posted to them."""
    suffix = unit.code.partition("-")[2]
    Post = CatalogueItem.accounts.through
    for name, platform, posted in ACCOUNTS.get(suffix, ()):
        account = Column.objects.create(
            unit=unit,
            name=name,
            category=ColumnCategory.ACCOUNT,
            platform=platform,
            rule_days=default_rule_days(ColumnCategory.ACCOUNT),
        )
        if posted == "all":  # every other item of the unit, and all of this year's news
            items = CatalogueItem.objects.filter(unit=unit).order_by("pk")
            chosen = [it.pk for k, it in enumerate(items) if k % 2 == 0 or it in news]
        elif posted == "oldest news":
            chosen = [news[0].pk]
        else:
            chosen = []
        Post.objects.bulk_create([Post(catalogueitem_id=pk, column_id=account.pk) for pk in chosen])


def _drafts(unit: Unit, as_of: date, made: dict[ColumnCategory, Column]) -> None:
    """Drafts for the education bureau's reviewer: a notice whose wording check finds a
    wrong law title, a weekday that does not match and a 文号 in [ ]; a normative document
    and its interpretation, to be reviewed and published together."""
    wrong_day = WEEKDAYS[(as_of.weekday() + 2) % 7]
    when = f"{as_of.year}年{as_of.month}月{as_of.day}日"
    CatalogueItem.objects.create(
        unit=unit,
        index_no=f"{unit.code}/{as_of.year}-W001",
        publisher=unit.name,
        doc_number=f"示教发[{as_of.year}]21号",
        title=f"{unit.name}关于做好冬季校园安全工作的通知",
        written_on=as_of,
        topic=11,
        body=(
            "各中小学、幼儿园：\n"
            "根据《中华人民共和国信息公开条例》和上级有关要求，现就做好冬季校园安全工作通知如下。\n"
            f"一、{when}（星期{wrong_day}）前完成校舍安全隐患排查。\n"
            f"二、排查情况按示教发[{as_of.year}]21号文件要求报送。"
        ),
        column=made[ColumnCategory.NOTICE],
    )
    doc = CatalogueItem.objects.create(
        unit=unit,
        index_no=f"{unit.code}/{as_of.year}-G001",
        publisher=unit.name,
        doc_number=f"示教规〔{as_of.year}〕2号",
        title=f"{unit.name}关于规范校外培训机构管理的若干规定",
        written_on=as_of,
        topic=1,
        kind=DocKind.NORMATIVE,
        issued_on=as_of,
        body="第一条 为规范校外培训机构管理，保障学生合法权益，制定本规定。",
        column=made[ColumnCategory.POLICY],
    )
    CatalogueItem.objects.create(
        unit=unit,
        index_no=f"{unit.code}/{as_of.year}-G002",
        publisher=unit.name,
        title="《关于规范校外培训机构管理的若干规定》政策解读",
        written_on=as_of,
        topic=1,
        body="一、制定背景\n二、主要内容\n三、施行日期",
        column=made[ColumnCategory.POLICY],
        interprets=doc,
    )
