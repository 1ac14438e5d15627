"""``gongkai.core.collect`` against a government website on loopback (tests/govsite.py):
every report and attachment fetched once with its publication date, a second run
fetches nothing, an interrupted run resumes, robots.txt, retries, the size limit and the
per-host limit."""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from gongkai.core.collect import Site, read_manifest
from gongkai.core.collect.crawl import CollectOptions, collect
from gongkai.core.collect.fetch import FetchOptions
from govsite import (
    EXPECTED,
    FILES,
    PDF_2023,
    PDF_2024,
    UNITS,
    YEARS,
    GovSite,
    build_site,
    detail,
    table_list,
)


def sites(base: str) -> list[Site]:
    return [Site(unit, base + path) for unit, path in UNITS.items()]


def options(**fetch: object) -> CollectOptions:
    settings = {"delay": 0.0, "backoff": 0.01, "timeout": 10.0, **fetch}
    return CollectOptions(years=YEARS, fetch=FetchOptions(**settings), jobs=4)  # type: ignore[arg-type]


@pytest.fixture
def site():
    s = GovSite()
    build_site(s)
    with s.serve():
        yield s


def _manifest(store: Path) -> dict[tuple[str, int], object]:
    return {(e.unit, e.year): e for e in read_manifest(store)}


def test_collect_fetches_every_report_and_attachment_once_with_its_date(site, tmp_path):
    summary = collect(sites(site.base), tmp_path, options())
    assert summary.ok and summary.reached == 3 and not summary.missing
    entries = _manifest(tmp_path)
    assert set(entries) == set(EXPECTED)
    for key, (kind, published, where, n_attachments) in EXPECTED.items():
        e = entries[key]
        assert (e.kind, e.published_on, e.published_on_from, len(e.attachments)) == (
            kind,
            published,
            where,
            n_attachments,
        ), key
        data = (tmp_path / e.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e.sha256 and len(data) == e.size
        assert e.file.endswith("." + kind) and e.fetched_at.startswith("20")
    assert entries[("示例县人民政府", 2024)].page_file  # the page that pointed to the PDF
    assert entries[("示例县人民政府", 2024)].url.endswith("/P020250402.pdf")
    assert entries[("示例县教育局", 2023)].title == "２０２３年度政府信息公开工作报告"
    for path in FILES:
        assert site.hits[path] == 1, path
    # Not reports, or not of the asked years: never fetched.
    for path in ("/xxgk/a/202403/t20240331_9.html", "/xxgk/a/202303/t20230330_3.html"):
        assert site.hits[path] == 0
    assert site.hits["/xxgk/a/index_1.html"] == 1 and site.hits["/jyj/list?page=2"] == 1
    assert summary.new_reports == 6 and summary.new_files == len(FILES)
    assert (tmp_path / "failures.jsonl").read_text() == ""


def test_a_second_run_fetches_nothing_new(site, tmp_path):
    collect(sites(site.base), tmp_path, options())
    before = dict(site.hits)
    manifest = (tmp_path / "manifest.jsonl").read_text()
    summary = collect(sites(site.base), tmp_path, options())
    assert summary.ok and summary.new_reports == 0 and summary.kept_reports == 6
    assert summary.new_files == 0
    fetched = {p: n - before.get(p, 0) for p, n in site.hits.items() if n != before.get(p, 0)}
    # Only robots.txt and the list pages, which answer 304 to the conditional request.
    assert set(fetched) <= {"/robots.txt", *(p for p in site.pages if site.pages[p].validators)}
    assert not any(p in fetched for p in FILES)
    assert summary.not_modified == summary.list_pages == 5
    assert (tmp_path / "manifest.jsonl").read_text() == manifest


def test_an_interrupted_run_resumes_without_fetching_again(site, tmp_path):
    first = collect(sites(site.base), tmp_path, replace(options(), max_files=2, jobs=1))
    assert first.stopped and 0 < first.new_reports < 6
    done = set(_manifest(tmp_path))
    second = collect(sites(site.base), tmp_path, options())
    assert second.ok and second.kept_reports == len(done)
    assert second.new_reports == 6 - len(done)
    assert set(_manifest(tmp_path)) == set(EXPECTED)
    for path in FILES:
        assert site.hits[path] == 1, path


def _failures(store: Path) -> list[dict]:
    return [json.loads(line) for line in (store / "failures.jsonl").read_text().splitlines()]


def test_robots_txt_is_obeyed(site, tmp_path):
    site.add("/robots.txt", "User-agent: *\nDisallow: /jyj/\n", "text/plain")
    summary = collect(sites(site.base), tmp_path, options())
    assert not summary.ok and summary.reached == 2
    assert site.hits_under("/jyj/") == 0
    [failure] = _failures(tmp_path)
    assert (failure["unit"], failure["stage"]) == ("示例县教育局", "list")
    assert failure["reason"] == "robots.txt 禁止采集此网址"
    assert {u for u, _ in _manifest(tmp_path)} == {"示例县人民政府", "示例市发展和改革委员会"}


def test_robots_txt_rules_for_gongkai_are_the_ones_it_follows(site, tmp_path):
    site.add(
        "/robots.txt",
        "User-agent: gongkai\nDisallow: /fgw/2025-01/\n\nUser-agent: *\nDisallow: /\n",
        "text/plain",
    )
    summary = collect(sites(site.base), tmp_path, options())
    assert site.hits["/fgw/2025-01/20/c_2.htm"] == 0
    [failure] = summary.failures
    assert (failure["unit"], failure["stage"], failure["year"]) == (
        "示例市发展和改革委员会",
        "page",
        2024,
    )
    assert set(_manifest(tmp_path)) == set(EXPECTED) - {("示例市发展和改革委员会", 2024)}


def test_robots_txt_with_a_server_error_means_disallow_all(site, tmp_path):
    site.fail_first["/robots.txt"] = 100
    summary = collect(sites(site.base)[:1], tmp_path, options(retries=1))
    assert summary.reached == 0 and "RFC 9309" in summary.failures[0]["reason"]
    assert site.hits_under("/xxgk/") == 0


def test_a_server_error_is_retried(site, tmp_path):
    site.fail_first["/xxgk/a/202403/t20240330_1.html"] = 2
    site.fail_first["/jyj/files/2023ndbg.docx"] = 4  # fails every try of this run
    summary = collect(sites(site.base), tmp_path, options(retries=3))
    assert site.hits["/xxgk/a/202403/t20240330_1.html"] == 3
    assert ("示例县人民政府", 2023) in _manifest(tmp_path)
    assert site.hits["/jyj/files/2023ndbg.docx"] == 4
    [failure] = summary.failures
    assert failure["url"].endswith("/jyj/files/2023ndbg.docx") and failure["stage"] == "attachment"
    assert failure["reason"] == "HTTP 500（已重试3次）" and failure["year"] == 2023
    assert ("示例县教育局", 2023) not in _manifest(tmp_path)
    # The next run collects it, once the server is well.
    again = collect(sites(site.base), tmp_path, options())
    assert again.ok and again.new_reports == 1 and set(_manifest(tmp_path)) == set(EXPECTED)


def test_a_file_over_the_size_limit_is_a_failure(site, tmp_path):
    limit = 400_000  # PDF_2024 is larger, everything else smaller
    assert len(PDF_2024) > limit > len(PDF_2023)
    summary = collect(sites(site.base), tmp_path, options(max_size=limit))
    reasons = {f["url"].removeprefix(site.base): f["reason"] for f in summary.failures}
    assert set(reasons) == {"/xxgk/a/202504/P020250402.pdf", "/jyj/files/ndbg2024.pdf"}
    assert all("超过大小上限400,000字节" in r for r in reasons.values())
    assert set(_manifest(tmp_path)) == set(EXPECTED) - {
        ("示例县人民政府", 2024),
        ("示例县教育局", 2024),
    }
    assert not list((tmp_path / "files").rglob("*.pdf"))


@pytest.mark.parametrize("per_host", [1, 3])
def test_the_per_host_limit_holds(tmp_path, per_host):
    s = GovSite(latency=0.05)
    build_site(s)
    with s.serve():
        summary = collect(sites(s.base), tmp_path, options(per_host=per_host))
    assert summary.ok
    if per_host == 1:
        assert s.max_active == 1
    else:
        assert 1 < s.max_active <= per_host


def test_the_delay_spaces_requests_to_a_host(site, tmp_path):
    collect(sites(site.base)[2:], tmp_path, options(delay=0.2))
    starts = sorted(site.starts)
    assert len(starts) >= 5
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.19


def test_a_year_without_a_report_is_recorded_but_is_no_failure(site, tmp_path):
    opts = CollectOptions(years=(2022, 2023), fetch=FetchOptions(delay=0.0), jobs=2)
    summary = collect(sites(site.base)[2:], tmp_path, opts)
    assert summary.ok and summary.missing == [("示例市发展和改革委员会", 2022)]
    [line] = (tmp_path / "failures.jsonl").read_text().splitlines()
    assert json.loads(line)["reason"] == "未找到2022年度报告"


def test_an_unreachable_site_is_a_failure(tmp_path):
    summary = collect(
        [Site("无此单位", "http://127.0.0.1:9/none.html")], tmp_path, options(retries=0)
    )
    assert summary.reached == 0 and not summary.ok
    assert summary.failures[0]["reason"].startswith("连接错误")


def test_older_pages_are_left_and_year_columns_followed(tmp_path):
    s = GovSite()
    old = [
        (f"/nb/t{n}.html", f"示例县2019年第{n}号通知", "2019-05-0" + str(n)) for n in range(1, 5)
    ]
    s.list_page("/nb/index.html", '<a href="2023/">2023年</a><a href="2022/">2022年</a>')
    s.list_page(
        "/nb/2023/",
        table_list(
            [("/nb/2023/a.html", "示例县2023年政府信息公开工作年度报告", "2024-03-01")],
            next_page="/nb/2023/?page=2",
        )
        + '<a href="/nb/2023/?page=3">3</a><a href="/nb/2023/?page=4">4</a>',
    )
    s.list_page("/nb/2023/?page=2", table_list(old, next_page="/nb/2023/?page=3"))
    s.add(
        "/nb/2023/a.html",
        detail("示例县2023年政府信息公开工作年度报告", "详见附件", info="发布时间：2024-03-01"),
    )
    with s.serve():
        summary = collect([Site("示例县", s.base + "/nb/index.html")], tmp_path, options())
    assert summary.ok and summary.new_reports == 1
    assert s.hits["/nb/2022/"] == 0  # a column of a year not asked
    assert s.hits["/nb/2023/?page=2"] == 1
    assert s.hits["/nb/2023/?page=3"] == s.hits["/nb/2023/?page=4"] == 0
