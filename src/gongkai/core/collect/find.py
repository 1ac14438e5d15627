"""The find stage: a site's list pages — the start page, its sub-columns of the asked
years, its other pages — and the links among them to reports of the asked years.

A list page whose every dated entry is older than the first asked year ends the pages
numbered after it (lists run newest first).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from datetime import date
from typing import Any

from gongkai.core.collect.errors import FetchError
from gongkai.core.collect.links import (
    Item,
    fold_title,
    list_items,
    near_date,
    page_links,
    year_columns,
)
from gongkai.core.collect.sites import Site

__all__ = ["find_reports"]

_PAGE_NUMBER = re.compile(r"_(\d+)\.s?html?$|[?&](?:page\w*|p|curpage)=(\d+)", re.I)


def find_reports(
    site: Site,
    years: tuple[int, ...],
    max_pages: int,
    list_page: Callable[[str], tuple[Any, str]],
    failed: Callable[[str, str], None],
) -> list[Item] | None:
    """The report links of ``site`` for ``years``, or None when no list page could be
    read. ``list_page(url)`` fetches a page: (its tree, its final URL), or raises
    :class:`FetchError`, which is passed to ``failed(url, reason)``."""
    first = date(min(years), 1, 1)
    queue: deque[tuple[str, bool]] = deque([(site.url, False)])  # (url, a numbered page)
    seen, items, pages = {site.url}, dict[str, Item](), 0
    while queue and pages < max_pages:
        url, _numbered = queue.popleft()
        try:
            root, base = list_page(url)
        except FetchError as err:
            failed(url, err.reason)
            continue
        pages += 1
        for item in list_items(root, base, years):
            items.setdefault(item.url, item)
        for column in year_columns(root, base, years):
            if column not in seen:
                seen.add(column)
                queue.append((column, False))
        for page in page_links(root, base):
            if page not in seen:
                seen.add(page)
                queue.append((page, True))
        after = _page_number(url)
        if after is not None and _all_older(root, first):
            queue = deque((u, n) for u, n in queue if not n or (_page_number(u) or 0) <= after)
    if not pages:
        return None
    return _choose(site.unit, list(items.values()))


def _page_number(url: str) -> int | None:
    m = _PAGE_NUMBER.search(url)
    return int(m[1] or m[2]) if m else None


def _all_older(root: Any, first: date) -> bool:
    """Whether the list's entries (links with a date beside them) all predate ``first``."""
    dates = [d for a in root.iter("a") if (d := near_date(a)) is not None]
    return len(dates) >= 3 and all(d < first for d in dates)


def _choose(unit: str, items: list[Item]) -> list[Item]:
    """The reports of each year; where a list holds several for one year (a county's
    column listing its departments' too), those whose title names the unit."""
    name = fold_title(unit)
    chosen = []
    for year in sorted({i.year for i in items}):
        of_year = [i for i in items if i.year == year]
        named = [i for i in of_year if name in fold_title(i.title)]
        chosen += named if len(of_year) > 1 and named else of_year
    return chosen
