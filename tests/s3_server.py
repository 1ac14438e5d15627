"""A local S3-compatible server for the tests: moto's server mode, in this process, on
the loopback and a free port.

Imported by ``tests/web/test_s3_storage.py`` (its own server, for its module), and used as
a pytest plugin by ``make test``'s S3 run (``PYTHONPATH=tests pytest -p s3_server``):
with ``GONGKAI_STORAGE=s3`` and no ``GONGKAI_S3_ENDPOINT_URL``, it starts a server and
names it in the environment *before* pytest-django loads the settings, so that the
whole session keeps its files in a bucket of that server.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

import boto3

ACCESS_KEY = "gongkai-test"
SECRET_KEY = "gongkai-test-secret"
REGION = "us-east-1"


class S3Server:
    """moto's ThreadedMotoServer on 127.0.0.1; :meth:`client` talks to it with boto3."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        self.endpoint = f"http://127.0.0.1:{self.port}"

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
        self._server.stop()


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
