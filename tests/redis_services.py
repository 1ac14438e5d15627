"""Redis for the cache and the jobs, as deployed with more than one server: a pytest
plugin (``PYTHONPATH=tests pytest -p redis_services``, ``make test-services``).

Loaded before pytest-django reads the settings, it names the local Redis, database 10
(``GONGKAI_TEST_SERVICES_REDIS_URL`` to change it), in ``GONGKAI_REDIS_URL``: one URL for
the public pages' cache and the jobs' broker, as docs/deploy.md has it. The database is
emptied at the start and at the end; if Redis does not answer, the run stops at once with
the reason.

The jobs run on a real Celery worker of the session, consuming from that Redis: in this
process (Celery's embedded test worker, one job at a time, like the in-process runner),
so that it works on the test database and sees each test's settings (``settings.VAR``,
storage) as the thread runner does. ``support.JOBS_ON_CELERY`` tells the tests.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator

import pytest

REDIS_URL = os.environ.get("GONGKAI_TEST_SERVICES_REDIS_URL", "redis://127.0.0.1:6379/10")


def _flush() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.RedisError as err:
        raise pytest.UsageError(
            f"Redis does not answer at {REDIS_URL} ({err}): the shared-services run needs it "
            "(`make redis` starts one)"
        ) from None
    finally:
        client.close()


_flush()
os.environ["GONGKAI_REDIS_URL"] = REDIS_URL
os.environ.pop("CELERY_BROKER_URL", None)  # the broker is GONGKAI_REDIS_URL too
os.environ["GONGKAI_TEST_JOBS"] = "celery"  # support.JOBS_ON_CELERY


def pytest_report_header() -> str:
    return f"cache and jobs: Redis at {REDIS_URL}, jobs on a Celery worker of the session"


def _close_connections(task: object = None, **_: object) -> None:
    """A job's database connections closed when it ends on the worker, as the thread
    runner does: the worker's thread keeps none open into the next test (nor past the test
    database). Not a task applied in the test's own thread (``apply()``): its connection
    holds the test's transaction."""
    from django.db import connections

    if not getattr(getattr(task, "request", None), "is_eager", False):
        connections.close_all()


@pytest.fixture(scope="session", autouse=True)
def _celery_worker(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """The session's worker, started once the test database exists and stopped before it
    is dropped."""
    from celery.contrib.testing.worker import start_worker  # type: ignore[import-untyped]
    from celery.signals import task_postrun  # type: ignore[import-untyped]

    from gongkai.web.jobs.celery import app

    assert app.conf.broker_url == REDIS_URL, app.conf.broker_url
    task_postrun.connect(_close_connections, weak=False)
    worker = start_worker(
        app,
        pool="solo",
        perform_ping_check=False,  # it needs a result store; jobs keep none
        shutdown_timeout=120,  # a job still running ends first
        loglevel="WARNING",
        hostname=f"session-{os.getpid()}@{threading.get_ident()}",
    )
    # Django's checks at the worker's start may read the database; the tests are not
    # let into it by this (each still needs its django_db mark).
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        worker.__enter__()
    try:
        yield
    finally:
        worker.__exit__(None, None, None)
        task_postrun.disconnect(_close_connections)


def pytest_unconfigure() -> None:
    with contextlib.suppress(pytest.UsageError):  # Redis went away: nothing to empty
        _flush()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many tasks the session's worker ran: the jobs went through Redis to it."""
    if "celery.worker.state" not in sys.modules:
        return
    from celery.worker import state  # type: ignore[import-untyped]

    counts = ", ".join(f"{name}: {n}" for name, n in sorted(state.total_count.items()))
    terminalreporter.write_line(f"Celery worker of the session ran: {counts or 'no task'}")
