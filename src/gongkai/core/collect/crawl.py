"""The crawl: from each unit's start page to its annual reports in the store.

Two stages, each over a pool of threads (the per-host limit of the :class:`Fetcher`
keeps every site polite however many threads there are):

1. **Find** — each site's list pages and the links whose title names a report of an
   asked year (:mod:`gongkai.core.collect.find`).
2. **Fetch** — each report not yet in the store: its page, its date, its attachments;
   then its manifest line. A report whose page only points to an attachment is the
   attachment, with the page's date.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from gongkai.core.collect.dates import page_date
from gongkai.core.collect.errors import FetchError
from gongkai.core.collect.fetch import Fetcher, FetchOptions, Response, content_kind
from gongkai.core.collect.find import find_reports
from gongkai.core.collect.links import (
    Item,
    attachment_kind,
    attachments,
    decode_html,
    is_pointer_page,
    parse_html,
)
from gongkai.core.collect.manifest import FileRecord, ManifestEntry
from gongkai.core.collect.sites import Site
from gongkai.core.collect.store import Store, sha256

__all__ = ["CollectOptions", "Event", "Summary", "collect"]

#: The attachment that stands for a report whose page only points to its files.
_PREFERRED = ("docx", "pdf", "wps", "doc")


@dataclass(frozen=True)
class CollectOptions:
    years: tuple[int, ...]
    fetch: FetchOptions = field(default_factory=FetchOptions)
    jobs: int = 4  # threads; the per-host limit still holds
    max_pages: int = 50  # list pages per site
    max_files: int | None = None  # stop starting new reports once this many files are written


@dataclass(frozen=True)
class Event:
    """Progress: a stage ("sites", "reports") starts with its ``total``, or advances."""

    stage: str
    total: int | None = None
    advance: int = 0


@dataclass
class Summary:
    sites: int = 0
    reached: int = 0
    list_pages: int = 0
    not_modified: int = 0  # list pages answered 304
    found: int = 0  # report links of the asked years
    new_reports: int = 0
    kept_reports: int = 0  # already in the store
    new_files: int = 0
    bytes: int = 0
    requests: int = 0
    stopped: bool = False  # by max_files, before every report was fetched
    missing: list[tuple[str, int]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every site reached and nothing failed (a year with no report is not a failure)."""
        return self.reached == self.sites and not self.failures


def collect(
    sites: Sequence[Site],
    store: str | Path,
    options: CollectOptions,
    *,
    progress: Callable[[Event], None] | None = None,
    fetcher: Fetcher | None = None,
    now: Callable[[], datetime] | None = None,
) -> Summary:
    """Collect the reports of ``options.years`` from every site into ``store``."""
    own = fetcher is None
    crawl = _Crawl(
        Store(store),
        fetcher or Fetcher(options.fetch),
        options,
        progress or (lambda e: None),
        now or (lambda: datetime.now(UTC)),
    )
    try:
        return crawl.run(sites)
    finally:
        if own:
            crawl.fetcher.close()


class _Crawl:
    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        options: CollectOptions,
        progress: Callable[[Event], None],
        now: Callable[[], datetime],
    ) -> None:
        self.store, self.fetcher, self.options = store, fetcher, options
        self.progress, self.now = progress, now
        self.summary = Summary()
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def run(self, sites: Sequence[Site]) -> Summary:
        s = self.summary
        s.sites = len(sites)
        requests_before = self.fetcher.requests
        pool = ThreadPoolExecutor(max_workers=self.options.jobs)
        try:
            self.progress(Event("sites", total=len(sites)))
            found = list(pool.map(self._find, sites))
            work = [
                (site, item) for site, items in zip(sites, found, strict=True) for item in items
            ]
            s.found = len(work)
            self.progress(Event("reports", total=len(work)))
            list(pool.map(lambda job: self._report(*job), work))
        except BaseException:  # Ctrl-C, or a bug: start nothing more, finish what runs
            self.stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
        s.requests = self.fetcher.requests - requests_before
        return s

    # -- bookkeeping --------------------------------------------------------------------

    def _fail(self, unit: str, url: str, reason: str, stage: str, year: int | None = None) -> None:
        """Record a failure in failures.jsonl; a year with no report ("missing") is
        recorded there too, but is not a failure to fetch."""
        record = {"unit": unit, "url": url, "reason": reason, "stage": stage, "year": year}
        record["at"] = self.now().isoformat(timespec="seconds")
        self.store.fail(record)
        with self.lock:
            if stage == "missing":
                self.summary.missing.append((unit, year or 0))
            else:
                self.summary.failures.append(record)

    def _count(self, **deltas: int) -> None:
        with self.lock:
            for name, n in deltas.items():
                setattr(self.summary, name, getattr(self.summary, name) + n)

    # -- 1. find ------------------------------------------------------------------------

    def _list_page(self, url: str) -> tuple[Any, str]:
        etag, modified = self.store.validators(url)
        response = self.fetcher.get(url, etag=etag, last_modified=modified)
        if response.not_modified:
            self._count(list_pages=1, not_modified=1)
            data, base = self.store.cached_page(url), url
        else:
            self._count(list_pages=1)
            self.store.keep_page(url, response.content, response.etag, response.last_modified)
            data, base = response.content, response.url
        return parse_html(decode_html(data, response.content_type)), base

    def _find(self, site: Site) -> list[Item]:
        try:
            if self.stop.is_set():
                return []
            return self._find_in(site)
        except OSError as err:  # the store's disk (the list pages' cache), not the site
            self._fail(site.unit, site.url, f"无法写入：{err}", "store")
            return []
        finally:
            self.progress(Event("sites", advance=1))

    def _find_in(self, site: Site) -> list[Item]:
        def failed(url: str, reason: str) -> None:
            self._fail(site.unit, url, reason, "list")

        items = find_reports(
            site, self.options.years, self.options.max_pages, self._list_page, failed
        )
        if items is None:
            return []
        self._count(reached=1)
        for year in self.options.years:
            if not any(i.year == year for i in items):
                self._fail(site.unit, site.url, f"未找到{year}年度报告", "missing", year)
        return items

    # -- 2. fetch -----------------------------------------------------------------------

    def _report(self, site: Site, item: Item) -> None:
        try:
            if self.store.collected(site.unit, item.url) is not None:
                self._count(kept_reports=1)
            elif self.stop.is_set():
                with self.lock:
                    self.summary.stopped = True
            else:
                entry = self._fetch_report(site, item)
                if entry is not None:
                    self.store.add(entry)
                    self._count(new_reports=1)
        except OSError as err:  # the store's disk, not the site
            self._fail(site.unit, item.url, f"无法写入：{err}", "store", item.year)
        finally:
            limit = self.options.max_files
            if limit is not None and self.summary.new_files >= limit:
                self.stop.set()
            self.progress(Event("reports", advance=1))

    def _save(self, site: Site, item: Item, url: str, response: Response, kind: str) -> FileRecord:
        data = response.content
        path = self.store.write_file(site.unit, item.year, url, kind, data)
        self._count(new_files=1, bytes=len(data))
        return FileRecord(url, kind, path, sha256(data), len(data))

    def _fetch_report(self, site: Site, item: Item) -> ManifestEntry | None:
        try:
            response = self.fetcher.get(item.url)
            kind = content_kind(response, attachment_kind(item.url))
        except FetchError as err:
            self._fail(site.unit, item.url, err.reason, "page", item.year)
            return None
        fetched_at = self.now().isoformat(timespec="seconds")
        if kind != "html":  # the list links the file itself: the list's date is all there is
            record = self._save(site, item, item.url, response, kind)
            return self._entry(site, item, record, fetched_at, item.list_date, "list")
        root = parse_html(decode_html(response.content, response.content_type))
        found = page_date(root)
        published, where = found if found else (item.list_date, "list")
        page = self._save(site, item, item.url, response, "html")
        files, failed = [], False
        for url, expected, _label in attachments(root, response.url):
            try:
                r = self.fetcher.get(url)
                files.append(self._save(site, item, url, r, content_kind(r, expected)))
            except FetchError as err:
                self._fail(site.unit, url, err.reason, "attachment", item.year)
                failed = True
        if failed:
            return None  # collected again, whole, by the next run
        if files and is_pointer_page(root):
            files.sort(key=lambda f: _PREFERRED.index(f.kind) if f.kind in _PREFERRED else 9)
            main, others = files[0], files[1:]
            entry = self._entry(site, item, main, fetched_at, published, where, others)
            return replace(entry, page_file=page.file)
        return self._entry(site, item, page, fetched_at, published, where, files)

    def _entry(
        self,
        site: Site,
        item: Item,
        record: FileRecord,
        fetched_at: str,
        published: date | None,
        where: str,
        others: Sequence[FileRecord] = (),
    ) -> ManifestEntry:
        return ManifestEntry(
            unit=site.unit,
            year=item.year,
            url=record.url,
            fetched_at=fetched_at,
            published_on=published,
            sha256=record.sha256,
            kind=record.kind,
            file=record.file,
            page=item.url,
            title=item.title,
            size=record.size,
            published_on_from=where if published else None,
            attachments=tuple(others),
        )
