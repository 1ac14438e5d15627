"""A gongkai served on a loopback port in a child process, with its own home and SQLite
database: for the API's contract test and for sending reports from one gongkai to
another."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from support import run_gongkai


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def shell(home: Path, code: str) -> str:
    """Run ``code`` in ``gongkai manage shell`` of ``home`` (migrated first, once); its output."""
    if not (home / "var" / "gongkai.sqlite3").exists():
        migrated = run_gongkai("manage", "migrate", "-v0", home=home)
        assert migrated.returncode == 0, migrated.stderr
    done = run_gongkai("manage", "shell", "-c", code, home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def shell_json(home: Path, code: str) -> object:
    """The last line ``code`` prints, read as JSON."""
    return json.loads(shell(home, code).strip().splitlines()[-1])


@contextmanager
def serve(home: Path) -> Iterator[SimpleNamespace]:
    """``gongkai serve`` of ``home`` on a free port (one worker), until the block ends."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"GONGKAI_HOME": str(home), "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50)})
    for name in ("GONGKAI_DEBUG", "GONGKAI_TRUSTED_PROXIES", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    log = home / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "serve", "--port", str(port), "--workers", "1"],
            cwd=home,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"gongkai serve exited:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"gongkai serve did not answer:\n{log.read_text()}"
                    ) from None
                time.sleep(0.2)
        yield SimpleNamespace(base=base, port=port, log=log, home=home)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
