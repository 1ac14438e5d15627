"""What a government site's pages link to: the annual reports of a list page (by title),
its other pages (下一页, 尾页, ``index_1.html``, ``?page=2``, the ``createPageHTML`` script
of TRS-built sites), sub-columns per year, and a report page's attachments.

Everything here is a pure function of a page's bytes and URL.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

__all__ = [
    "ATTACHMENT_KINDS",
    "Item",
    "attachment_kind",
    "attachments",
    "decode_html",
    "fold_title",
    "is_pointer_page",
    "list_items",
    "near_date",
    "page_links",
    "page_text",
    "parse_html",
    "report_year",
    "year_columns",
]

#: Attachment kinds by file name suffix.
ATTACHMENT_KINDS = {".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "wps"}
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=年)")
_REPORT = re.compile(
    r"((?:19|20)\d\d)年度?(?:[^年]{0,30}?)(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:工作)?(?:年度报告|工作报告|报告|年报)"
)
#: Titles that name a report without being one (a notice to write it, its 解读 …).
_NOT_REPORT = re.compile(r"解读|图解|图示|一图|通知|通报|评估|考核|指南|目录|制度|模板|格式|说明")
_YEAR_COLUMN = re.compile(r"((?:19|20)\d\d)年?度?(?:年报|报告)?")
_NEXT = frozenset(["下一页", "下页", "后页", "尾页", "末页", "最后一页", ">", ">>", "›", "»"])
_PAGED_PATH = re.compile(r"(?:^|/)[\w-]*_\d+\.s?html?$", re.I)
_PAGED_QUERY = re.compile(
    r"(?:^|&)(?:page|pageno|pagenum|pageindex|currentpage|curpage|p)=\d+", re.I
)
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^)]*)\)")
_MARKERS = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "行政复议",
    "存在的主要问题",
)
_SKIP = ("script", "style", "noscript", "template")


@dataclass(frozen=True)
class Item:
    """A link to a report on a list page: its title, URL, year and the date beside it."""

    title: str
    url: str
    year: int
    list_date: date | None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """A page's text: the charset the header or a ``<meta>`` declares, else UTF-8, else
    GB18030 (GB2312 and GBK pages are decoded as GB18030, their superset)."""
    declared = None
    if content_type and (m := re.search(r"charset=[\"']?([\w-]+)", content_type, re.I)):
        declared = m[1]
    elif m2 := re.search(rb"<meta[^>]{0,200}?charset=[\"']?([\w-]+)", data[:4096], re.I):
        declared = m2[1].decode("ascii")
    candidates = [declared] if declared else []
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        name = "gb18030" if enc.lower() in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else enc
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def parse_html(text: str) -> Any:
    """The page's element tree (lxml), or an empty ``<html>`` for a page with none."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        return lxml.html.document_fromstring(text or "<html></html>")
    except (lxml.etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>")


def fold_title(text: str) -> str:
    """A title without spaces, with full-width characters folded (NFKC) and a year in
    Chinese numerals (二〇二三年) in digits."""
    text = unicodedata.normalize("NFKC", text)
    text = _CN_YEAR.sub(lambda m: m[0].translate(_CN_DIGITS), text)
    return re.sub(r"\s+", "", text)


def report_year(title: str) -> int | None:
    """The year of the annual report a title names (「XX局2023年度政府信息公开工作年度报告」,
    「2023年政府信息公开工作报告」, 「二〇二三年…年报」), or None for any other title."""
    folded = fold_title(title)
    m = _REPORT.search(folded)
    if not m or _NOT_REPORT.search(folded):
        return None
    return int(m[1])


def _links(root: Any) -> list[tuple[Any, str, str]]:
    """Every ``<a href>`` that goes somewhere: (element, href, label)."""
    found = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        found.append((a, href, _label(a)))
    return found


def _label(a: Any) -> str:
    text = re.sub(r"\s+", " ", a.text_content() or "").strip()
    title = (a.get("title") or "").strip()
    # Lists cut long titles (「…2023年度政府信息公开工作年…」) and keep them whole in title=.
    return title if len(title) >= len(text) or text.endswith(("...", "…")) else text


def near_date(a: Any) -> date | None:
    """The date printed beside a link in its list entry (``<li>…<span>2024-01-20</span>``,
    a table row's cell), not counting any date in the link's own text."""
    node = a
    for _ in range(3):
        node = node.getparent()
        if node is None:
            return None
        if node.tag in ("li", "tr", "dd", "dt", "p", "div", "td"):
            text = (node.text_content() or "").replace(a.text_content() or "", " ")
            if m := _DATE.search(unicodedata.normalize("NFKC", text)):
                try:
                    return date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    return None
            if node.tag in ("li", "tr"):
                return None
    return None


def _absolute(base: str, href: str) -> str:
    url = urljoin(base, href)
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def list_items(root: Any, base: str, years: tuple[int, ...]) -> list[Item]:
    """The links of a list page to reports of ``years``, each URL once."""
    items: dict[str, Item] = {}
    for a, href, label in _links(root):
        year = report_year(label)
        if year is None or year not in years:
            continue
        url = _absolute(base, href)
        if urlsplit(url).scheme in ("http", "https") and url not in items:
            items[url] = Item(label, url, year, near_date(a))
    return list(items.values())


def year_columns(root: Any, base: str, years: tuple[int, ...]) -> list[str]:
    """Links to a column's sub-columns of the asked years (a link reading just 「2023年」)."""
    found = []
    for _a, href, label in _links(root):
        m = _YEAR_COLUMN.fullmatch(fold_title(label))
        if m and int(m[1]) in years and attachment_kind(href) is None:
            found.append(_absolute(base, href))
    return [u for u in dict.fromkeys(found) if _same_site(u, base)]


def page_links(root: Any, base: str) -> list[str]:
    """The list's other pages on the same site: links reading 下一页/尾页 or a page
    number whose address is a page of a list (``index_3.html``, ``?page=3``), and the
    pages a ``createPageHTML(count, current, "index", "html")`` script writes."""
    found = []
    for _a, href, label in _links(root):
        url = _absolute(base, href)
        parts = urlsplit(url)
        paged = bool(_PAGED_PATH.search(parts.path) or _PAGED_QUERY.search(parts.query))
        text = fold_title(label)
        if text in _NEXT or (paged and (text.isdigit() or text in ("首页", "上一页", "上页"))):
            found.append(url)
    for script in root.iter("script"):
        found += _create_page_html(script.text or "", base)
    return [u for u in dict.fromkeys(found) if _same_site(u, base) and u != _absolute(base, "")]


def _create_page_html(script: str, base: str) -> list[str]:
    urls: list[str] = []
    for m in _CREATE_PAGE.finditer(script):
        args = []
        for raw in m[1].split(","):
            arg = raw.strip()
            # An unquoted name is a variable: var countPage = 5;
            if re.fullmatch(r"[A-Za-z_]\w*", arg) and (
                v := re.search(rf"\b{arg}\s*=\s*['\"]?([\w.]+)", script)
            ):
                arg = v[1]
            args.append(arg.strip("'\""))
        numbers = [int(a) for a in args if a.isdigit()]
        names = [a for a in args if a and not a.isdigit()]
        if not numbers or len(names) < 2:
            continue
        count, (prefix, ext) = min(numbers[0], 200), names[-2:]
        urls += [
            _absolute(base, f"{prefix}.{ext}" if n == 0 else f"{prefix}_{n}.{ext}")
            for n in range(count)
        ]
    return urls


def _same_site(url: str, base: str) -> bool:
    return urlsplit(url).netloc == urlsplit(base).netloc


def attachment_kind(url: str) -> str | None:
    """pdf/docx/doc/wps when the address names such a file, else None."""
    path = urlsplit(url).path.lower()
    for suffix, kind in ATTACHMENT_KINDS.items():
        if path.endswith(suffix):
            return kind
    return None


def attachments(root: Any, base: str) -> list[tuple[str, str, str]]:
    """A report page's attachments, (url, kind, label): links, ``<iframe>``/``<embed>``/
    ``<object>`` of a PDF viewer. When some name a report (报告/年报 or a year), only those."""
    found: dict[str, tuple[str, str, str]] = {}
    for _a, href, label in _links(root):
        kind = attachment_kind(href) or attachment_kind("/" + label)
        if kind:
            url = _absolute(base, href)
            found.setdefault(url, (url, kind, label))
    for tag, attr in (("iframe", "src"), ("embed", "src"), ("object", "data")):
        for el in root.iter(tag):
            src = (el.get(attr) or "").strip()
            # A viewer page takes the file as a parameter: viewer.html?file=/x/report.pdf
            target = src.split("file=", 1)[1] if "file=" in src else src
            if target and (kind := attachment_kind(target)):
                url = _absolute(base, target)
                found.setdefault(url, (url, kind, ""))
    every = list(found.values())
    named = [
        f
        for f in every
        if re.search(r"报告|年报|(?:19|20)\d\d", fold_title(f[2] or urlsplit(f[0]).path))
    ]
    return named or every


def page_text(root: Any) -> str:
    """The visible text of a page (scripts and styles left out)."""
    parts = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            if el.tail:
                parts.append(el.tail)
            continue
        if el.text:
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    return unicodedata.normalize("NFKC", " ".join(parts))


def is_pointer_page(root: Any) -> bool:
    """Whether a page holds no report text of its own (it only links the report): fewer
    than two of the headings every report has."""
    text = fold_title(page_text(root))
    return sum(marker in text for marker in _MARKERS) < 2
