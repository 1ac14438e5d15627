"""The collector's inputs: the sites list (``unit,url``) and the years asked for."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from gongkai.core.collect.errors import CollectError

__all__ = ["Site", "parse_years", "read_sites", "sites_from_text"]

#: The report years the collector accepts (the 条例's reports began with 2008's).
MIN_YEAR, MAX_YEAR = 2008, 2099


@dataclass(frozen=True)
class Site:
    """One unit and the start page of its annual-report column (政府信息公开年报)."""

    unit: str
    url: str
    line: int = 0  # the line of the sites list it came from


def read_sites(path: str | Path) -> list[Site]:
    """The sites of a CSV file with the columns ``unit,url`` (a header row first; UTF-8,
    with or without a BOM, or GB18030 as spreadsheets save it in China). Raises
    :class:`CollectError` naming the line of anything unusable."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise CollectError(f"{path}: 不是 UTF-8 或 GB18030 编码的 CSV 文件") from None
    return sites_from_text(text, source=str(path))


def sites_from_text(text: str, *, source: str = "<sites>") -> list[Site]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    if not rows:
        raise CollectError(f"{source}: 文件为空，应有 unit,url 两列")
    header = [h.strip().lower() for h in rows[0]]
    if "unit" not in header or "url" not in header:
        raise CollectError(f"{source}:1: 第一行应为列名 unit,url，实为 {','.join(rows[0])}")
    u, w = header.index("unit"), header.index("url")
    sites: list[Site] = []
    seen: set[tuple[str, str]] = set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        unit = row[u].strip() if u < len(row) else ""
        url = row[w].strip() if w < len(row) else ""
        if not unit or not url:
            raise CollectError(f"{source}:{n}: unit 和 url 都不能为空")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CollectError(f"{source}:{n}: 「{url}」不是 http 或 https 网址")
        if (unit, url) not in seen:
            seen.add((unit, url))
            sites.append(Site(unit, url, n))
    if not sites:
        raise CollectError(f"{source}: 没有任何站点")
    return sites


def parse_years(text: str) -> tuple[int, ...]:
    """``"2023,2024"`` (also ``2022-2024``, full-width digits and 、，) to sorted years."""
    years: set[int] = set()
    for part in re.split(r"[,，、\s]+", text.translate(_FULL_WIDTH).strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
        if not m:
            raise CollectError(f"「{part}」不是年份（如 2023 或 2022-2024）")
        first, last = int(m[1]), int(m[2] or m[1])
        if not MIN_YEAR <= first <= last <= MAX_YEAR:
            raise CollectError(f"「{part}」不在 {MIN_YEAR}–{MAX_YEAR} 年之间")
        years.update(range(first, last + 1))
    if not years:
        raise CollectError("没有给出年份")
    return tuple(sorted(years))


_FULL_WIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")
