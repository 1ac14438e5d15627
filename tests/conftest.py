"""Fixtures shared by every test package; the data they use lives in ``support``.

No test depends on the real clock: the whole session runs on a frozen date
(:data:`TODAY`, 2026-12-05 unless ``GONGKAI_TEST_TODAY`` names another), with the clock
ticking from 10:00 Beijing time on it, so that durations still pass. ``make test`` runs
the tests marked ``dated`` again on the year's hard days (see the Makefile).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.core import AnnualReport, parse_text
from gongkai.core.report.render import render_text
from support import TODAY, model


@pytest.fixture(scope="session", autouse=True)
def _frozen_clock() -> Iterator[date]:
    """The session's clock starts at 10:00 on :data:`TODAY` in Beijing and ticks on."""
    start = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(start, tick=True):
        yield TODAY


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def build() -> Callable[..., str]:
    """The text of a report model (see :func:`model`), as gongkai renders it."""

    def _build(cells: dict[str, int | str] | None = None, **kw: object) -> str:
        return render_text(model(cells, **kw))  # type: ignore[arg-type]

    return _build


@pytest.fixture
def parse() -> Callable[[str], AnnualReport]:
    return lambda text: parse_text(text, source="test")


# --- Browser (Playwright driving Debian's Chromium), for tests/browser and the HTML summary

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test itself still
    # talks to the database synchronously, which Django allows once told so.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.console_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture
def shot():
    """Save a full-page screenshot in test-artifacts/."""
    return _shot


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- Mail: a real SMTP server on the loopback (aiosmtpd), for the reminders


class _MailSink:
    """aiosmtpd's handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """An SMTP server on 127.0.0.1 at a free port, started for the test: ``.port`` and
    ``.messages`` (each an ``email.message.EmailMessage`` with its envelope recipients
    in ``rcpt_tos``)."""
    import email
    import email.policy
    import socket
    from types import SimpleNamespace

    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = _MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()

    def messages():
        out = []
        for mail_from, rcpt_tos, content in sink.messages:
            msg = email.message_from_bytes(content, policy=email.policy.default)
            msg.rcpt_tos = rcpt_tos  # type: ignore[attr-defined]
            msg.mail_from = mail_from  # type: ignore[attr-defined]
            out.append(msg)
        return out

    try:
        yield SimpleNamespace(host="127.0.0.1", port=port, messages=messages)
    finally:
        controller.stop()
