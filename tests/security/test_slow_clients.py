"""Issue 13, item 6: two slow clients took the site down. `gongkai serve` ran two sync
workers, each serving one connection at a time: two sockets that sent a request line and
headers and never finished held both, and /healthz timed out until they closed.

`gongkai serve` now runs threaded workers whose connections are closed when the client
stalls (gongkai.web.serving): a slow client holds one thread, for --client-timeout seconds
at most. These tests run the real command on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace

import pytest

#: `gongkai serve`'s default --threads (per process; --workers defaults to 2).
THREADS = 8
CLIENT_TIMEOUT = 2  # seconds: short, so that the tests see it act


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthz(port: int, timeout: float) -> float:
    """Seconds /healthz took to answer `ok` (raises when it did not within `timeout`)."""
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as r:
        assert r.status == 200 and r.read() == b"ok\n"
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    home: Path = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {
        **os.environ,
        "GONGKAI_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'gongkai.sqlite3'}",  # never the suite's database
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
    }
    for name in ("GONGKAI_DEBUG", "GONGKAI_TRUSTED_PROXIES", "GONGKAI_CLIENT_TIMEOUT"):
        env.pop(name, None)
    log = home / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gongkai.cli.main",
                "serve",
                "--port",
                str(port),
                "--client-timeout",
                str(CLIENT_TIMEOUT),
            ],
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"gongkai serve exited ({proc.returncode}):\n{log.read_text()}")
            try:
                _healthz(port, timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gongkai serve did not answer:\n{log.read_text()}")
                time.sleep(0.2)
        yield SimpleNamespace(port=port, log=log)
    finally:
        proc.terminate()  # gunicorn's master (serve execs it): it stops its workers
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _stalled(port: int, stack: ExitStack) -> socket.socket:
    """A client that sends a request line and headers, and then nothing."""
    sock = stack.enter_context(socket.create_connection(("127.0.0.1", port)))
    sock.sendall(b"GET /open/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n")
    return sock


def test_slow_clients_do_not_take_the_site_down(server):
    with ExitStack() as stack:
        [_stalled(server.port, stack) for _ in range(THREADS - 1)]  # 2 were enough before
        time.sleep(0.5)  # each has reached a thread
        assert _healthz(server.port, timeout=2) < 2


def test_a_stalled_client_is_disconnected_after_the_client_timeout(server):
    with ExitStack() as stack:
        sock = _stalled(server.port, stack)
        started = time.perf_counter()
        sock.settimeout(CLIENT_TIMEOUT + 10)
        with contextlib.suppress(ConnectionResetError):  # closed, having answered nothing
            assert sock.recv(1024) == b""
        assert time.perf_counter() - started < CLIENT_TIMEOUT + 3
    assert "sent or read nothing" in server.log.read_text()


def test_clients_that_never_close_do_not_stop_the_process(server):
    """Clients that are answered and then keep the connection open: gunicorn lingers for
    each to close (up to 2 s) — on the thread that served it, not on the one that accepts
    every connection, which would stop the whole process for 2 s per client."""
    with ExitStack() as stack:
        socks = [
            stack.enter_context(socket.create_connection(("127.0.0.1", server.port)))
            for _ in range(THREADS)
        ]
        for sock in socks:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        time.sleep(0.5)  # answered, and waiting for the client to close
        assert _healthz(server.port, timeout=2) < 2
        for sock in socks:
            sock.settimeout(5)
            assert sock.recv(1024).startswith(b"HTTP/1.1 200")
