"""A local S3-compatible server for the tests: moto's server mode, in a child process, on
the loopback and a free port.

Imported by ``tests/web/test_s3_storage.py`` (its own server, for its module), and used as
a pytest plugin by ``make test``'s S3 run (``PYTHONPATH=tests pytest -p s3_server``):
with ``GONGKAI_STORAGE=s3`` and no ``GONGKAI_S3_ENDPOINT_URL``, it starts a server and
names it in the environment *before* pytest-django loads the settings, so that the
whole session keeps its files in a bucket of that server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from typing import Any

import boto3

ACCESS_KEY = "gongkai-test"
SECRET_KEY = "gongkai-test-secret"
REGION = "us-east-1"


class S3Server:
    """moto's server (``python -m moto.server``) in a child process on 127.0.0.1 — a
    process of its own, as a real store is, so that serving its requests never takes the
    tests' own interpreter from the web requests they measure; :meth:`client` talks to it
    with boto3."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.endpoint = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def environ(self, bucket: str) -> dict[str, str]:
        """The settings' environment for a bucket of this server."""
        return {
            "GONGKAI_STORAGE": "s3",
            "GONGKAI_S3_ENDPOINT_URL": self.endpoint,
            "GONGKAI_S3_BUCKET": bucket,
            "GONGKAI_S3_ACCESS_KEY": ACCESS_KEY,
            "GONGKAI_S3_SECRET_KEY": SECRET_KEY,
            "GONGKAI_S3_REGION": REGION,
        }

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=30)


_session: S3Server | None = None

if os.environ.get("GONGKAI_STORAGE") == "s3" and not os.environ.get("GONGKAI_S3_ENDPOINT_URL"):
    _session = S3Server()
    os.environ.update(_session.environ(_session.bucket("gongkai-session")))


def pytest_report_header() -> str | None:
    if _session is None:
        return None
    return f"files: S3-compatible storage (moto server at {_session.endpoint})"


def pytest_unconfigure() -> None:
    if _session is not None:
        _session.stop()
