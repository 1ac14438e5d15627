"""A report page's publication date, as government sites print it.

In order of trust: a ``<meta>`` the site's platform writes for search (``PubDate`` on the
集约化平台, ``firstpublishedtime`` on gov.cn-style sites, ``publishdate``,
``article:published_time`` …); then the page's own label (发布日期 / 发布时间 / 发布于 /
公开日期 / 发文日期); then a bare 时间： or 日期： (not 成文日期, the date the text was
signed). The list page's date beside the link is the caller's last resort.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from gongkai.core.collect.links import page_text

__all__ = ["DATE_META", "page_date", "parse_date"]

#: ``<meta name=…>`` / ``<meta property=…>`` that carry the publication date (lower case).
DATE_META = (
    "pubdate",
    "firstpublishedtime",
    "publishdate",
    "publish_date",
    "publishtime",
    "publish_time",
    "articlepublishdate",
    "article:published_time",
    "og:published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
)
_DATE = r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_LABELLED = re.compile(
    r"(?:发布日期|发布时间|发布于|公开日期|公开时间|发文日期|上线时间)\s*[:：]?\s*" + _DATE
)
_BARE = re.compile(r"(?<![成印发文生效施行更新修改])(?:时间|日期)\s*[:：]\s*" + _DATE)
_COMPACT = re.compile(r"^((?:19|20)\d\d)(\d\d)(\d\d)")


def parse_date(text: str) -> date | None:
    """A date written as 2024-01-20, 2024/1/20, 2024.01.20, 2024年1月20日 (a time after
    it is ignored) or 20240120; None for anything else."""
    text = unicodedata.normalize("NFKC", text).strip()
    m = re.match(_DATE, text) or _COMPACT.match(text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def page_date(root: Any) -> tuple[date, str] | None:
    """The page's publication date and where it was found: ``"meta"`` or ``"page"``."""
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        if key and meta.get("content"):
            metas.setdefault(key.strip(), meta.get("content"))
    for key in DATE_META:
        if key in metas and (found := parse_date(metas[key])):
            return found, "meta"
    text = page_text(root)
    for pattern in (_LABELLED, _BARE):
        for m in pattern.finditer(text):
            try:
                return date(int(m[1]), int(m[2]), int(m[3])), "page"
            except ValueError:
                continue
    return None
