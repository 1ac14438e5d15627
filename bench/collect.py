"""Collection speed of `gongkai collect` against a local government site, at a per-host limit.

Serves N generated reports on loopback (tests/govsite.py: one thread per request, each
held --latency seconds as a distant server would) from U units, each a 集约化平台-style
list of 20 links a page with createPageHTML pagination; every other report is a page with
the report's text, the others a page that only links a DOCX attachment. Then collects
them once for each per-host limit, into a fresh store, and again into the same store
(nothing new: conditional requests for the list pages only).

    .venv/bin/python bench/collect.py [--reports 200] [--units 10] [--per-host 1,2,4]
                                      [--delay 0] [--latency 0.05] [--jobs 8]

Prints, per run: seconds, pages/s (list and report pages), files/s (files written),
requests, and the most requests the server ever had in progress at once.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from gongkai.core.collect import Site  # noqa: E402
from gongkai.core.collect.crawl import CollectOptions, collect  # noqa: E402
from gongkai.core.collect.fetch import FetchOptions  # noqa: E402
from gongkai.core.report.render import render_docx, render_html  # noqa: E402
from govsite import GovSite, detail, jiyue_list  # noqa: E402
from support import model  # noqa: E402

PER_PAGE = 20
YEAR = 2023


def build(site: GovSite, reports: int, units: int) -> list[tuple[str, str]]:
    """The site; the (unit, start path) of each unit."""
    report = model(body="示例县", year=YEAR)
    body = re.search(r"<body[^>]*>(.*)</body>", render_html(report), re.S)[1]  # type: ignore[index]
    docx = render_docx(report)
    starts = []
    for u in range(units):
        unit = f"示例县第{u + 1}单位"
        mine = range(u, reports, units)
        items = []
        for k in mine:
            title = f"{unit}所属第{k + 1}部门{YEAR}年政府信息公开工作年度报告"
            page = f"/u{u}/{YEAR + 1}01/t{k}.html"
            items.append((page, title, "2024-01-20"))
            if k % 2:
                link = f'<p>详见附件：<a href="/u{u}/files/nb{k}.docx">{title}.docx</a></p>'
                site.add(page, detail(title, link, info="发布时间：2024-01-20 10:30"))
                site.add(f"/u{u}/files/nb{k}.docx", docx, "application/octet-stream")
            else:
                site.add(
                    page, detail(title, body, head='<meta name="PubDate" content="2024-01-20">')
                )
        pages = max(1, -(-len(items) // PER_PAGE))
        for p in range(pages):
            name = f"/u{u}/index.html" if p == 0 else f"/u{u}/index_{p}.html"
            chunk = [(f"{h}", t, d) for h, t, d in items[p * PER_PAGE : (p + 1) * PER_PAGE]]
            site.list_page(name, jiyue_list(chunk, pages=pages, current=p))
        starts.append((unit, f"/u{u}/index.html"))
    return starts


def run(site: GovSite, starts, store: Path, per_host: int, args) -> dict[str, float]:
    sites = [Site(unit, site.base + path) for unit, path in starts]
    options = CollectOptions(
        years=(YEAR,),
        fetch=FetchOptions(per_host=per_host, delay=args.delay, timeout=60),
        jobs=args.jobs,
    )
    site.max_active = 0
    t0 = time.perf_counter()
    summary = collect(sites, store, options)
    seconds = time.perf_counter() - t0
    assert summary.ok, summary.failures
    pages = summary.list_pages + summary.new_reports  # every report has a page
    return {
        "seconds": seconds,
        "pages_s": pages / seconds,
        "files_s": summary.new_files / seconds,
        "files": summary.new_files,
        "reports": summary.new_reports,
        "kept": summary.kept_reports,
        "requests": summary.requests,
        "max_active": site.max_active,
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--units", type=int, default=10)
    ap.add_argument("--per-host", default="1,2,4")
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--jobs", type=int, default=8)
    args = ap.parse_args()
    site = GovSite(latency=args.latency)
    starts = build(site, args.reports, args.units)
    print(
        f"{args.reports} reports, {args.units} units, one host, server latency {args.latency}s, "
        f"delay {args.delay}s, {args.jobs} threads"
    )
    with site.serve(), tempfile.TemporaryDirectory() as tmp:
        for per_host in (int(x) for x in args.per_host.split(",")):
            store = Path(tmp) / f"store-{per_host}"
            first = run(site, starts, store, per_host, args)
            again = run(site, starts, store, per_host, args)
            print(
                f"per-host {per_host}: {first['seconds']:.2f}s, {first['pages_s']:.1f} pages/s, "
                f"{first['files_s']:.1f} files/s ({first['reports']:.0f} reports, {first['files']:.0f} files, "
                f"{first['requests']:.0f} requests, at most {first['max_active']:.0f} at once); "
                f"second run {again['seconds']:.2f}s, {again['files']:.0f} files, "
                f"{again['kept']:.0f} kept, {again['requests']:.0f} requests"
            )


if __name__ == "__main__":
    main()
