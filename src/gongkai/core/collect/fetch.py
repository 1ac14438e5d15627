"""Polite, robust HTTP for the collector (httpx): robots.txt, a per-host limit on
requests at a time and a delay between them, retries with backoff on server errors and
timeouts, conditional requests, and a size limit on every response.

A :class:`Fetcher` is shared by the crawl's threads; every method is thread-safe.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.robotparser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from gongkai import __version__
from gongkai.core.collect.errors import FetchError

__all__ = ["DEFAULT_USER_AGENT", "FetchOptions", "Fetcher", "Response", "content_kind"]

DEFAULT_USER_AGENT = (
    f"gongkai/{__version__} (annual-report collector; polite: robots.txt, 1 request at a time)"
)
#: The token robots.txt rules are matched against.
ROBOTS_AGENT = "gongkai"
_ROBOTS_MAX = 512 * 1024
_RETRY_STATUS = frozenset([429, 500, 502, 503, 504])
_MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class FetchOptions:
    per_host: int = 1  # requests at a time to one host
    delay: float = 1.0  # seconds between requests to one host
    retries: int = 3  # further tries after a 5xx, 429, timeout or dropped connection
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    timeout: float = 30.0
    max_size: int = 50 * 1024 * 1024  # bytes of one response
    user_agent: str = DEFAULT_USER_AGENT
    robots: bool = True


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    content: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    filename: str | None = None  # from Content-Disposition
    not_modified: bool = False  # a 304 to a conditional request: content is empty


@dataclass
class _Host:
    slots: threading.Semaphore
    delay: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_error: str | None = None
    robots_lock: threading.Lock = field(default_factory=threading.Lock)


class Fetcher:
    def __init__(
        self, options: FetchOptions | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.options = options or FetchOptions()
        self._client = httpx.Client(
            headers={"User-Agent": self.options.user_agent, "Accept-Language": "zh-CN,zh;q=0.9"},
            timeout=self.options.timeout,
            follow_redirects=True,
            max_redirects=10,
            transport=transport,
            trust_env=False,
        )
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self.requests = 0  # every request sent, robots.txt and retries included

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(
                    threading.Semaphore(self.options.per_host), self.options.delay
                )
            return self._hosts[key]

    @contextmanager
    def _slot(self, host: _Host) -> Iterator[None]:
        """One of the host's slots, started no sooner than ``delay`` after the last start
        and the last end of a request to it."""
        with host.slots:
            with host.lock:
                now = time.monotonic()
                wait = host.next_start - now
                host.next_start = max(host.next_start, now) + host.delay
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                with host.lock:
                    host.next_start = max(host.next_start, time.monotonic() + host.delay)

    # -- robots.txt ---------------------------------------------------------------------

    def check_robots(self, url: str) -> None:
        """Raise :class:`FetchError` when the site's robots.txt forbids ``url`` to us (or
        cannot be fetched for a server error: RFC 9309 then means "disallow all")."""
        if not self.options.robots:
            return
        host = self._host(url)
        with host.robots_lock:
            if host.robots is None and host.robots_error is None:
                self._load_robots(url, host)
        if host.robots_error is not None:
            raise FetchError(host.robots_error, url=url)
        assert host.robots is not None
        if not host.robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError("robots.txt 禁止采集此网址", url=url)

    def _load_robots(self, url: str, host: _Host) -> None:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self._get(robots_url, host, max_size=_ROBOTS_MAX)
        except FetchError as err:
            if err.reason.startswith("HTTP 4"):
                parser.parse([])  # no robots.txt: everything is allowed
                host.robots = parser
                return
            if err.reason.startswith("HTTP 5"):
                host.robots_error = f"robots.txt 无法获取（{err.reason}），按 RFC 9309 视为全部禁止"
            else:  # the host cannot be reached at all
                host.robots_error = err.reason
            return
        parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
        if (delay := parser.crawl_delay(ROBOTS_AGENT)) is not None:
            with host.lock:
                host.delay = max(host.delay, float(delay))
        host.robots = parser

    # -- requests -----------------------------------------------------------------------

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """GET ``url`` (robots.txt permitting), conditionally when ``etag`` or
        ``last_modified`` is given. Raises :class:`FetchError` with the reason."""
        self.check_robots(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, self._host(url), headers=headers, max_size=self.options.max_size)

    def _get(
        self,
        url: str,
        host: _Host,
        *,
        headers: dict[str, str] | None = None,
        max_size: int,
    ) -> Response:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            retry_after: float | None = None
            try:
                with self._slot(host):
                    with self._lock:
                        self.requests += 1
                    result = self._once(url, headers or {}, max_size)
                if isinstance(result, Response):
                    return result
                status, retry_after = result
                reason = f"HTTP {status}"
                if status not in _RETRY_STATUS:
                    raise FetchError(reason, url=url)
            except httpx.TimeoutException:
                reason = "超时"
            except (httpx.TransportError, httpx.DecodingError) as err:
                if isinstance(err, httpx.UnsupportedProtocol):
                    raise FetchError(f"不支持的网址：{err}", url=url) from None
                reason = f"连接错误：{type(err).__name__}"
            except httpx.TooManyRedirects:
                raise FetchError("重定向次数过多", url=url) from None
            except httpx.InvalidURL as err:
                raise FetchError(f"网址无效：{err}", url=url) from None
            if attempt + 1 < attempts:
                pause = self.options.backoff * 2**attempt
                time.sleep(min(_MAX_RETRY_AFTER, max(pause, retry_after or 0.0)))
        raise FetchError(f"{reason}（已重试{self.options.retries}次）", url=url)

    def _once(
        self, url: str, headers: dict[str, str], max_size: int
    ) -> Response | tuple[int, float | None]:
        """One request: the response, or (status, Retry-After seconds) for an error status."""
        with self._client.stream("GET", url, headers=headers) as r:
            if r.status_code == 304:
                return Response(str(r.url), b"", not_modified=True)
            if r.status_code >= 400:
                return r.status_code, _retry_after(r.headers.get("Retry-After"))
            length = r.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_size:
                raise FetchError(_too_big(max_size, int(length)), url=url)
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > max_size:
                    raise FetchError(_too_big(max_size), url=url)
                chunks.append(chunk)
            return Response(
                str(r.url),
                b"".join(chunks),
                content_type=r.headers.get("Content-Type"),
                etag=r.headers.get("ETag"),
                last_modified=r.headers.get("Last-Modified"),
                filename=_filename(r.headers.get("Content-Disposition")),
            )


def _too_big(limit: int, size: int | None = None) -> str:
    """The failure of a response over the size limit (its size, when the server said it)."""
    said = f"（{size:,}字节）" if size is not None else ""
    return f"文件{said}超过大小上限{limit:,}字节"


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _filename(disposition: str | None) -> str | None:
    if not disposition:
        return None
    import email.message

    msg = email.message.Message()
    msg["Content-Disposition"] = disposition
    name = msg.get_filename()
    return name or None


def content_kind(response: Response, expected: str | None) -> str:
    """The kind of a fetched file — html, pdf, docx, doc or wps — from its bytes (the
    address may say otherwise). ``expected``: the kind its address names; a server that
    answers it with a web page (an error page sent with 200) raises :class:`FetchError`."""
    head = response.content[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: Word 97–2003 or WPS
        return "wps" if expected == "wps" else "doc"
    if expected is None:
        return "html"
    if re.search(rb"<(?:!doctype|html|head|body|div|p)\b", head, re.I):
        raise FetchError(f"应为{expected.upper()}文件，服务器返回的却是网页", url=response.url)
    raise FetchError(f"应为{expected.upper()}文件，内容无法识别", url=response.url)
