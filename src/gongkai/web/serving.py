"""The gunicorn worker ``gongkai serve`` runs: gunicorn's threaded worker (``gthread``), with
a bound on how long a client may stall.

A thread of gunicorn's worker that has begun reading a request reads until the request is
complete: a client that sends a request line and some headers and then nothing holds the
thread for as long as it keeps the connection open, and a few such clients hold them all
(issue 13, item 6). Here every connection handed to a thread carries socket timeouts
(``SO_RCVTIMEO``, ``SO_SNDTIMEO``) of ``GONGKAI_CLIENT_TIMEOUT`` seconds (set by ``gongkai
serve --client-timeout``): a read or a write that makes no progress for that long fails,
the connection is closed, and the thread is free. The timeouts are the socket's own, so
they hold through gunicorn's switches between blocking and non-blocking mode.

A connection that is done with is closed by the thread that served it, lingering at most
:data:`LINGER` seconds for the client to close its side (so that unread bytes of its
request do not make the kernel reset the connection under the response). gunicorn closes
it on its main thread — the one that accepts every connection and hands each to a thread —
lingering there up to 2 s: a client that never closes would stop the whole process for
2 s, every time.

This bounds what stalled clients cost; it does not make the number of threads endless. On
the internet, a buffering proxy in front (nginx, docs/deploy.md) is what absorbs any
number of slow clients: it hands gunicorn only complete requests.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import struct
from typing import Any

from gunicorn.util import close_graceful  # type: ignore[import-untyped]
from gunicorn.workers.gthread import (  # type: ignore[import-untyped]
    ThreadWorker as GunicornThreadWorker,
)

#: Seconds a client may send or read nothing before its connection is closed.
DEFAULT_CLIENT_TIMEOUT = 10.0
#: Seconds a finished connection waits for the client to close its side.
LINGER = 1.0
ENV = "GONGKAI_CLIENT_TIMEOUT"


def client_timeout() -> float:
    value = float(os.environ.get(ENV) or DEFAULT_CLIENT_TIMEOUT)
    if not value > 0:
        raise ValueError(f"{ENV} must be a positive number of seconds, not {value}")
    return value


def _timeval(seconds: float) -> bytes:
    whole = int(seconds)
    return struct.pack("ll", whole, int((seconds - whole) * 1_000_000))


class _StalledClient(logging.Filter):
    """gunicorn logs a socket timeout as an unexpected error with its traceback; say what
    it is instead, in one line."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, (BlockingIOError, TimeoutError)):
            record.msg = "Closed a connection whose client sent or read nothing for %s s"
            record.args = (f"{self.timeout:g}",)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class ThreadWorker(GunicornThreadWorker):  # type: ignore[misc]
    """gunicorn's ``gthread`` worker whose connections time out when the client stalls."""

    def init_process(self) -> None:
        self.client_timeout = client_timeout()
        logging.getLogger("gunicorn.error").addFilter(_StalledClient(self.client_timeout))
        super().init_process()

    def enqueue_req(self, conn: Any) -> None:
        # Each time a connection goes to a thread: a new one, or a kept-alive one with
        # its next request.
        timeval = _timeval(self.client_timeout)
        with contextlib.suppress(OSError):  # unless the client is gone (the thread will see)
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        keep = super().handle(conn)
        if keep is False:  # not kept alive, nor waiting for its first bytes: close it here
            with contextlib.suppress(OSError):  # unless it is already closed
                conn.sock.setblocking(True)
            close_graceful(conn.sock, timeout=LINGER)
            conn.gongkai_closed = True
        return keep

    def finish_request(self, conn: Any, fs: Any) -> None:
        if getattr(conn, "gongkai_closed", False):
            self.nr_conns -= 1  # what gunicorn does for a finished connection, bar closing
            return
        super().finish_request(conn, fs)
