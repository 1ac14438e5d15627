"""What the collector reads of a page, without a server: report titles, pagination,
attachments, publication dates, the sites list and the years."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.collect import CollectError, parse_years
from gongkai.core.collect.dates import page_date, parse_date
from gongkai.core.collect.links import (
    attachments,
    decode_html,
    is_pointer_page,
    list_items,
    page_links,
    parse_html,
    report_year,
)
from gongkai.core.collect.sites import sites_from_text

BASE = "http://example.gov.cn/col/nb/index.html"


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("2023年度政府信息公开工作年度报告", 2023),
        ("示例县人民政府2023年政府信息公开工作年度报告", 2023),
        ("示例县教育局２０２３年度政府信息公开工作报告", 2023),
        ("2023 年 政府信息公开 工作 年度报告", 2023),
        ("示例市发展和改革委员会2024年政府信息公开年报", 2024),
        ("二〇二三年示例县人民政府政府信息公开工作年度报告", 2023),
        ("2023年示例县城关镇人民政府信息公开工作年度报告", 2023),
        ("《示例县2023年政府信息公开工作年度报告》解读", None),
        ("关于做好2023年政府信息公开工作年度报告编制发布工作的通知", None),
        ("示例县2023年政府信息公开工作要点", None),
        ("2023年国民经济和社会发展统计公报", None),
    ],
)
def test_report_titles(title, year):
    assert report_year(title) == year


def test_a_list_page_gives_its_reports_with_the_dates_beside_them():
    root = parse_html(
        """<ul>
        <li><a href="./202401/t1.html" title="示例县2023年度政府信息公开工作年度报告">示例县2023年度政府信息公…</a><span>2024-01-20</span></li>
        <li><a href="/x/t2.html">2022年度政府信息公开工作年度报告</a><span>[2023-01-30]</span></li>
        <li><a href="t3.html">春节安排</a><span>2024-02-01</span></li></ul>
        <table><tr><td><a href="../files/nb2024.pdf">2024年政府信息公开工作年度报告</a></td><td>2025年1月8日</td></tr></table>"""
    )
    items = list_items(root, BASE, (2023, 2024))
    assert [(i.url, i.year, i.list_date) for i in items] == [
        ("http://example.gov.cn/col/nb/202401/t1.html", 2023, date(2024, 1, 20)),
        ("http://example.gov.cn/col/files/nb2024.pdf", 2024, date(2025, 1, 8)),
    ]
    assert items[0].title == "示例县2023年度政府信息公开工作年度报告"  # whole, from title=


def test_pagination_links_and_the_create_page_html_script():
    root = parse_html(
        """<div class="page"><a href="?page=2">2</a><a href="?page=3">3</a>
        <a href="?page=2">下一页</a><a href="?page=9">尾页</a><a href="/about.html">3</a>
        <a href="http://other.gov.cn/list?page=2">下一页</a></div>
        <script>var countPage = 3//共多少页
        createPageHTML(countPage, 0, "index", "shtml");</script>
        <script>createPageHTML('page_div', 2, 1, 'list', 'html', 40);</script>"""
    )
    links = page_links(root, BASE)
    q = "http://example.gov.cn/col/nb/index.html?page="
    assert links == [
        q + "2",
        q + "3",
        q + "9",
        "http://example.gov.cn/col/nb/index.shtml",
        "http://example.gov.cn/col/nb/index_1.shtml",
        "http://example.gov.cn/col/nb/index_2.shtml",
        "http://example.gov.cn/col/nb/list.html",
        "http://example.gov.cn/col/nb/list_1.html",
    ]


def test_attachments_prefer_those_that_name_a_report():
    root = parse_html(
        """<div><a href="/u/P0202401.pdf">示例县2023年度报告.pdf</a>
        <a href="/u/guide.pdf">政府信息公开指南</a>
        <a href="/download?id=7">年报全文.docx</a>
        <iframe src="/pdfjs/viewer.html?file=/u/nb2023.pdf"></iframe></div>"""
    )
    found = attachments(root, BASE)
    assert [(u.removeprefix("http://example.gov.cn"), k) for u, k, _ in found] == [
        ("/u/P0202401.pdf", "pdf"),
        ("/download?id=7", "docx"),
        ("/u/nb2023.pdf", "pdf"),
    ]


def test_a_pointer_page_and_a_page_with_the_report():
    assert is_pointer_page(parse_html("<p>详见附件。</p><a href='a.pdf'>附件</a>"))
    assert not is_pointer_page(
        parse_html("<h2>一、总体情况</h2><p>…</p><h2>二、主动公开政府信息情况</h2>")
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<meta name="PubDate" content="2024-01-20 10:30">', (date(2024, 1, 20), "meta")),
        (
            '<meta name="firstpublishedtime" content="2024-01-31-09:00:00">',
            (date(2024, 1, 31), "meta"),
        ),
        (
            '<meta property="article:published_time" content="2024-02-01T08:00:00+08:00">',
            (date(2024, 2, 1), "meta"),
        ),
        ("<div>发布时间：2024-01-20 10:30 来源：县政府办</div>", (date(2024, 1, 20), "page")),
        ("<span>发布日期：</span><span>2024年1月5日</span>", (date(2024, 1, 5), "page")),
        (
            "<div>成文日期：2023-12-30</div><div>发布日期：2024-01-05</div>",
            (date(2024, 1, 5), "page"),
        ),
        (
            "<div>成文日期：2023-12-30</div><div>时间：２０２４－０１－０６</div>",
            (date(2024, 1, 6), "page"),
        ),
        ("<div>日期: 2024/01/07</div>", (date(2024, 1, 7), "page")),
        ("<div>成文日期：2023-12-30</div>", None),
        ("<script>var 发布时间：2024-01-01</script><p>无日期</p>", None),
        ("<div>发布时间：2024-02-30</div>", None),
    ],
)
def test_publication_dates(html, expected):
    assert page_date(parse_html(f"<html><head>{html}</head><body>{html}</body></html>")) == expected


def test_parse_date_forms():
    assert parse_date("2024-01-20 10:30") == date(2024, 1, 20)
    assert parse_date("20240120") == date(2024, 1, 20)
    assert parse_date("2024年1月20日") == date(2024, 1, 20)
    assert parse_date("不详") is None


def test_gbk_pages_are_decoded():
    page = "<html><head><meta charset='gbk'></head><body>发布日期：2024-01-02</body></html>"
    assert "发布日期" in decode_html(page.encode("gb18030"))
    assert "发布日期" in decode_html(page.encode("gb18030"), "text/html; charset=GB2312")
    assert "发布日期" in decode_html(page.replace("gbk", "utf-8").encode(), None)


def test_sites_list():
    sites = sites_from_text(
        "\ufeffunit,url\n示例县,http://a.gov.cn/nb/\n\n示例县,http://a.gov.cn/nb/\n"
    )
    assert [(s.unit, s.url, s.line) for s in sites] == [("示例县", "http://a.gov.cn/nb/", 2)]
    with pytest.raises(CollectError, match="第一行应为列名"):
        sites_from_text("name,link\na,b\n")
    with pytest.raises(CollectError, match=r":3: 「ftp://x」不是 http"):
        sites_from_text("url,unit\nhttp://a.gov.cn/,甲\nftp://x,乙\n")


def test_years():
    assert parse_years("2023") == (2023,)
    assert parse_years("2024，2023") == (2023, 2024)
    assert parse_years("２０２１-２０２３") == (2021, 2022, 2023)
    for bad in ("23", "2023-2021", "", "1990"):
        with pytest.raises(CollectError):
            parse_years(bad)
