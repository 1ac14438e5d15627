"""A government website on loopback, for ``gongkai collect``'s tests and bench: a WSGI
app (wsgiref, one thread per request) that serves the pages it is given in the layouts
of the common platforms, and records what it was asked.

It counts requests per path, answers conditional requests (ETag, Last-Modified), can
answer a path with 500 a given number of times first, and records the most requests it
ever had in progress at once (``max_active``), each held ``latency`` seconds.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from gongkai.core.report.render import render_docx, render_html
from support import SHARED, model

LAST_MODIFIED = "Sat, 20 Jan 2024 02:30:00 GMT"


@dataclass
class Page:
    body: bytes
    content_type: str
    validators: bool  # send ETag and Last-Modified, answer 304 to a conditional request


class GovSite:
    def __init__(self, *, latency: float = 0.0) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.fail_first: dict[str, int] = {}  # path -> how many 500s to answer first
        self.latency = latency
        self.active = 0
        self.max_active = 0
        self.starts: list[float] = []  # time.monotonic() of every request's arrival
        self._lock = threading.Lock()
        self.base = ""

    # -- content ------------------------------------------------------------------------

    def add(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        *,
        validators: bool = False,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = Page(data, content_type, validators)

    def list_page(self, path: str, body: str) -> None:
        """A list page: sent with ETag and Last-Modified, as the platforms do."""
        self.add(path, body, validators=True)

    def files_hit(self, suffixes: tuple[str, ...] = (".pdf", ".docx", ".doc", ".wps")) -> int:
        """Requests for attachment files so far."""
        return sum(n for p, n in self.hits.items() if p.endswith(suffixes))

    def hits_under(self, prefix: str) -> int:
        return sum(n for p, n in self.hits.items() if p.startswith(prefix))

    # -- WSGI ---------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        with self._lock:
            self.hits[path] += 1
            self.starts.append(time.monotonic())
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            failing = self.fail_first.get(path, 0)
            if failing:
                self.fail_first[path] = failing - 1
        try:
            if self.latency:
                time.sleep(self.latency)
            status, headers, body = self._answer(path, environ, failing)
        finally:
            with self._lock:
                self.active -= 1
        with self._lock:
            self.statuses[int(status.split()[0])] += 1
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _answer(self, path: str, environ, failing: int):
        if failing:
            return "500 Internal Server Error", [("Content-Type", "text/plain")], b"busy"
        page = self.pages.get(path)
        if page is None:
            return "404 Not Found", [("Content-Type", "text/html")], b"<h1>404</h1>"
        headers = [("Content-Type", page.content_type)]
        if page.validators:
            etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
            headers += [("ETag", etag), ("Last-Modified", LAST_MODIFIED)]
            if environ.get("HTTP_IF_NONE_MATCH") == etag:
                return "304 Not Modified", headers, b""
        return "200 OK", headers, page.body

    @contextmanager
    def serve(self) -> Iterator[str]:
        """Serve on a free loopback port; yields the base URL (no trailing slash)."""

        class Server(ThreadingMixIn, WSGIServer):
            daemon_threads = True
            request_queue_size = 64

        class Quiet(WSGIRequestHandler):
            def log_message(self, format, *args):
                pass

        server = make_server("127.0.0.1", 0, self, server_class=Server, handler_class=Quiet)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            yield self.base
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


# --- The layouts of the common platforms --------------------------------------------


def jiyue_list(items: list[tuple[str, str, str]], *, pages: int = 1, current: int = 0) -> str:
    """A 政府网站集约化平台-style list: ``<ul><li><a title=…>…</a><span>date</span></li>``,
    titles cut with … in the text, and the createPageHTML script of TRS pagination."""
    lis = "\n".join(
        f'<li><a href="{href}" target="_blank" title="{title}">{title[:18]}…</a><span>{day}</span></li>'
        for href, title, day in items
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="./">政府信息公开年报</a></div>
<div class="zfxxgk_zdgkc"><ul>
{lis}
</ul></div>
<div class="page"><script>
var countPage = {pages};
createPageHTML(countPage, {current}, "index", "html");
</script></div>
<div class="footer"><a href="/about.html">关于我们</a> <a href="/map.html">网站地图</a></div>
</body></html>"""


def table_list(
    items: list[tuple[str, str, str]], *, next_page: str | None = None, last: str | None = None
) -> str:
    """A table-based list (``<table><tr><td><a>…</a></td><td>date</td></tr>``) with
    ?page=N links, as GBK-era sites print it."""
    rows = "\n".join(
        f'<tr><td class="title"><a href="{href}">{title}</a></td><td class="date">{day}</td></tr>'
        for href, title, day in items
    )
    nav = ""
    if next_page:
        nav += f'<a href="{next_page}">下一页</a> '
    if last:
        nav += f'<a href="{last}">尾页</a>'
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>
<body><table class="list">
<tr><th>标题</th><th>发布日期</th></tr>
{rows}
</table><div class="pager">{nav}</div></body></html>"""


def detail(title: str, content: str, *, head: str = "", info: str = "") -> str:
    """A report page: the title, an info line (发布时间：… 来源：…), the content."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><div class="header"><a href="/">首页</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">{info}</div>
<div class="content">{content}</div></div>
<div class="footer">主办：示例县人民政府办公室</div></body></html>"""


# --- The sample site of the tests: three units, three platforms ---------------------

PDF_2023 = (SHARED / "fixtures" / "original" / "03-hongze-district-2023.pdf").read_bytes()
PDF_2024 = (SHARED / "fixtures" / "original" / "05-huaian-city-2024.pdf").read_bytes()
YEARS = (2023, 2024)

UNITS = {
    "示例县人民政府": "/xxgk/a/index.html",
    "示例县教育局": "/jyj/list?page=1",
    "示例市发展和改革委员会": "/fgw/",
}

#: (unit, year) -> (kind, published_on, where the date was read, attachments beside it)
EXPECTED = {
    ("示例县人民政府", 2023): ("html", date(2024, 3, 30), "page", 0),
    ("示例县人民政府", 2024): ("pdf", date(2025, 4, 2), "meta", 0),
    ("示例县教育局", 2023): ("docx", date(2024, 1, 25), "page", 0),
    ("示例县教育局", 2024): ("pdf", date(2025, 2, 10), "list", 0),
    ("示例市发展和改革委员会", 2023): ("html", date(2024, 1, 31), "meta", 1),
    ("示例市发展和改革委员会", 2024): ("html", date(2025, 1, 20), "page", 0),
}
#: Every report page and attachment of the asked years: each must be fetched exactly once.
FILES = [
    "/xxgk/a/202403/t20240330_1.html",
    "/xxgk/a/202504/t20250402_2.html",
    "/xxgk/a/202504/P020250402.pdf",
    "/jyj/files/ndbg2024.pdf",
    "/jyj/content/202401/art_25.html",
    "/jyj/files/2023ndbg.docx",
    "/fgw/2024-01/31/c_1.htm",
    "/fgw/2024-01/31/ndbg2023.docx",
    "/fgw/2025-01/20/c_2.htm",
]


def _body(html: str) -> str:
    return re.search(r"<body[^>]*>(.*)</body>", html, re.S)[1]


def build_site(site: GovSite) -> None:
    """Three units in three platforms' layouts (see EXPECTED)."""
    site.pages.update(_pages())


@cache
def _pages() -> dict[str, Page]:
    site = GovSite()
    # 1. A 集约化平台 list with createPageHTML pagination; a page with the report's text
    #    and 发布时间, a page with <meta name="PubDate"> that only links a PDF.
    site.list_page(
        "/xxgk/a/index.html",
        jiyue_list(
            [
                (
                    "./202504/t20250402_2.html",
                    "示例县人民政府2024年度政府信息公开工作年度报告",
                    "2025-04-02",
                ),
                (
                    "./202403/t20240331_9.html",
                    "《示例县人民政府2023年政府信息公开工作年度报告》解读",
                    "2024-03-31",
                ),
                (
                    "./202403/t20240330_1.html",
                    "示例县人民政府2023年政府信息公开工作年度报告",
                    "2024-03-30",
                ),
                ("./202402/t20240210_5.html", "示例县2024年春节期间政务服务安排", "2024-02-10"),
            ],
            pages=2,
        ),
    )
    site.list_page(
        "/xxgk/a/index_1.html",
        jiyue_list(
            [
                (
                    "./202303/t20230330_3.html",
                    "示例县人民政府2022年政府信息公开工作年度报告",
                    "2023-03-30",
                )
            ],
            pages=2,
            current=1,
        ),
    )
    report_2023 = _body(render_html(model(body="示例县人民政府", year=2023)))
    site.add(
        "/xxgk/a/202403/t20240330_1.html",
        detail(
            "示例县人民政府2023年政府信息公开工作年度报告",
            report_2023,
            info="发布时间：2024-03-30 10:30　来源：县政府办公室　浏览次数：<span>12</span>",
        ),
    )
    site.add(
        "/xxgk/a/202504/t20250402_2.html",
        detail(
            "示例县人民政府2024年度政府信息公开工作年度报告",
            '<p>示例县人民政府2024年度政府信息公开工作年度报告详见附件。</p><p>附件：<a href="P020250402.pdf">示例县人民政府2024年度政府信息公开工作年度报告.pdf</a></p>',
            head='<meta name="PubDate" content="2025-04-02 09:00">',
        ),
    )
    site.add("/xxgk/a/202504/P020250402.pdf", PDF_2024, "application/pdf")
    # 2. A table list in GB2312 with ?page=N links (下一页, 尾页); titles in full-width
    #    digits, one without the unit's name; one links the PDF itself.
    site.list_page(
        "/jyj/list?page=1",
        table_list(
            [
                (
                    "/jyj/files/ndbg2024.pdf",
                    "示例县教育局２０２４年度政府信息公开工作年度报告",
                    "2025-02-10",
                ),
                ("/jyj/content/202412/art_30.html", "示例县教育局关于寒假安全的通知", "2024-12-30"),
            ],
            next_page="?page=2",
            last="?page=2",
        ).encode("gb18030"),
    )
    site.list_page(
        "/jyj/list?page=2",
        table_list(
            [("/jyj/content/202401/art_25.html", "２０２３年度政府信息公开工作报告", "2024-01-25")]
        ).encode("gb18030"),
    )
    site.add("/jyj/files/ndbg2024.pdf", PDF_2024, "application/pdf")
    site.add(
        "/jyj/content/202401/art_25.html",
        detail(
            "2023年度政府信息公开工作报告",
            '<p>附件：<a href="/jyj/files/2023ndbg.docx">2023年度政府信息公开工作报告.docx</a></p>',
            info="发布日期：2024年1月25日",
        ),
    )
    docx = render_docx(model(body="示例县教育局", year=2023))
    site.add("/jyj/files/2023ndbg.docx", docx, "application/octet-stream")
    # 3. A plain list; a page with the report's text and firstpublishedtime that also
    #    offers the report as DOCX; a page with 时间：.
    site.list_page(
        "/fgw/",
        "<html><body><ul class='list'>"
        "<li><a href='2025-01/20/c_2.htm'>示例市发展和改革委员会2024年政府信息公开年报</a> 2025-01-20</li>"
        "<li><a href='2024-01/31/c_1.htm'>示例市发展和改革委员会2023年度政府信息公开工作年度报告</a> 2024-01-31</li>"
        "</ul></body></html>",
    )
    report = model(body="示例市发展和改革委员会", year=2023)
    site.add(
        "/fgw/2024-01/31/c_1.htm",
        detail(
            "示例市发展和改革委员会2023年度政府信息公开工作年度报告",
            _body(render_html(report))
            + '<p>下载：<a href="ndbg2023.docx">示例市发展和改革委员会2023年度报告（Word版）</a></p>',
            head='<meta name="firstpublishedtime" content="2024-01-31-09:00:00">',
        ),
    )
    site.add("/fgw/2024-01/31/ndbg2023.docx", render_docx(report), "application/octet-stream")
    site.add(
        "/fgw/2025-01/20/c_2.htm",
        detail(
            "示例市发展和改革委员会2024年政府信息公开年报",
            _body(render_html(model(body="示例市发展和改革委员会", year=2024))),
            info="时间：2025-01-20　来源：市发展改革委",
        ),
    )
    return site.pages
