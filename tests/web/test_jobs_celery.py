"""Jobs on Celery with Redis, with real workers (``gongkai worker`` child processes) on
the local Redis (database 8, flushed first) and the test database.

A worker killed (SIGKILL, the whole process group: as if its machine were lost) in the
middle of a bulk audit leaves the job's message unacknowledged (late acknowledgement);
the broker hands it out again, a new worker takes the job over from the dead attempt,
and the job ends once, with the outputs of one whole run.

Redis must answer in CI (``.ci/run`` starts it); elsewhere, without it, these tests are
skipped with the reason."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.web.audit.models import AuditLog
from gongkai.web.jobs.models import Job, JobStatus
from jobs_support import bulk_folder, bulk_zip, xlsx_rows
from support import database_url, run_gongkai

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as err:
        if _in_ci():
            pytest.fail(f"Redis does not answer at {REDIS_URL} ({err}); CI must run these tests")
        pytest.skip(f"no Redis at {REDIS_URL} ({err}): the Celery tests need one (CI starts it)")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def on_celery(settings, tmp_path, redis_url):
    from gongkai.web.jobs.celery import app

    # The web's Celery app keeps the connections made for the first broker it used (its
    # pools): pointed at this test's Redis database, and back after (make test-services
    # runs a worker of its own on another one). Its setting reads through to Django's
    # settings: the one before is taken before they change.
    before = app.conf.broker_url
    settings.CELERY_BROKER_URL = redis_url
    settings.VAR = tmp_path / "var"
    settings.GONGKAI_JOBS_STALE_SECONDS = 3
    _app_broker(app, redis_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "GONGKAI_HOME": str(tmp_path),
        "CELERY_BROKER_URL": redis_url,
        "GONGKAI_JOBS_VISIBILITY_TIMEOUT": "3",
        "GONGKAI_JOBS_RESTORE_SECONDS": "1",
        "GONGKAI_JOBS_STALE_SECONDS": "3",
        # every report's progress recorded: a fast worker would otherwise record only the
        # end of a job shorter than the default half second, and be killed too late
        "GONGKAI_JOBS_PROGRESS_SECONDS": "0",
    }
    workers: list[subprocess.Popen[bytes]] = []
    logs: list[object] = []

    def start(name: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("wb")
        logs.append(log)
        worker = subprocess.Popen(
            [sys.executable, "-m", "gongkai", "worker", "--name", f"{name}@test"],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
    for log in logs:
        log.close()  # type: ignore[attr-defined]
    _app_broker(app, before)


def _app_broker(app, url: str) -> None:
    from kombu import pools  # type: ignore[import-untyped]

    app.conf.broker_url = url
    pools.reset()  # kombu's producers, kept by broker over the app's connections
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def _until(what, seconds: float, tmp_path: Path):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = what()
        if value:
            return value
        time.sleep(0.1)
    logs = "\n".join(p.read_text(errors="replace")[-3000:] for p in tmp_path.glob("*.log"))
    raise AssertionError(f"timed out; the workers' logs:\n{logs}")


def test_a_job_runs_on_a_worker(client, county, on_celery, tmp_path):
    on_celery("w1")
    client.force_login(county.office)
    client.post("/jobs/bulk-audit/", {"reports": [SimpleUploadedFile("r.zip", bulk_zip(12))]})
    job = Job.objects.get()
    job = _until(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.DONE).first(), 60, tmp_path)
    assert (job.attempts, job.summary["total"]) == (1, 12)


def test_a_worker_killed_mid_job_leaves_it_to_another_that_ends_it_once(
    client, county, on_celery, tmp_path
):
    n = 400
    first = on_celery("w1")
    client.force_login(county.office)
    client.post("/jobs/bulk-audit/", {"reports": [SimpleUploadedFile("r.zip", bulk_zip(n))]})
    pk = Job.objects.get().pk
    # The first worker is killed (its whole process group, at once) part-way through.
    _until(lambda: Job.objects.filter(pk=pk, processed__gte=40).exists(), 90, tmp_path)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    killed = Job.objects.get(pk=pk)
    assert killed.status == JobStatus.RUNNING and 40 <= killed.processed < n
    assert (killed.attempts, killed.outputs.count()) == (1, 0)

    on_celery("w2")
    job = _until(lambda: Job.objects.filter(pk=pk, status=JobStatus.DONE).first(), 120, tmp_path)
    assert job.attempts == 2 and job.processed == n
    outputs = {o.name: o.file for o in job.outputs.all()}
    assert outputs["audit.xlsx"].name == f"jobs/out/{pk}/2/audit.xlsx"
    assert sorted(outputs) == ["audit.html", "audit.jsonl", "audit.xlsx"]
    assert AuditLog.objects.filter(action="bulk_audit.done", object_id=str(pk)).count() == 1
    # What the second attempt made is one whole run: gongkai audit's outputs.
    folder = tmp_path / "files"
    names = bulk_folder(n, folder)
    out = run_gongkai("audit", "--format", "json", "--out", "cli.xlsx", *names, home=folder)
    with outputs["audit.jsonl"].open("rb") as fh:
        assert [json.loads(line) for line in fh] == [
            json.loads(line) for line in out.stdout.splitlines()
        ]
    with outputs["audit.xlsx"].open("rb") as fh:
        assert xlsx_rows(fh.read()) == xlsx_rows(folder / "cli.xlsx")
    # The message was acknowledged: nothing is left in the queue or unacknowledged.
    import redis

    r = redis.Redis.from_url(REDIS_URL)
    time.sleep(1)
    assert r.llen("gongkai") == 0 and r.hlen("unacked") == 0
    r.close()


def test_a_job_submitted_while_the_broker_is_away_fails_at_once_with_the_reason(
    client, county, settings, tmp_path
):
    """No Redis needed: the broker named is one nobody answers at."""
    from gongkai.web.jobs.celery import app
    from gongkai.web.jobs.runner import E_QUEUE_DOWN

    away = "redis://127.0.0.1:1/8"
    settings.CELERY_BROKER_URL, settings.VAR = away, tmp_path / "var"
    before = app.conf.broker_url
    app.conf.broker_url = away
    app.pool.force_close_all()
    app._pool = None
    try:
        client.force_login(county.office)
        started = time.monotonic()
        response = client.post(
            "/jobs/bulk-audit/", {"reports": [SimpleUploadedFile("r.zip", bulk_zip(2))]}
        )
        assert time.monotonic() - started < 30
    finally:
        app.conf.broker_url = before
        app.pool.force_close_all()
        app._pool = None
    job = Job.objects.get()
    assert response.status_code == 302
    assert (job.status, job.errors) == (JobStatus.FAILED, [E_QUEUE_DOWN])
    assert E_QUEUE_DOWN in client.get(f"/jobs/{job.pk}/").content.decode()


def test_gongkai_worker_without_a_broker_says_what_to_set(tmp_path):
    import subprocess as sp

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CELERY_BROKER_URL", "GONGKAI_REDIS_URL", "DATABASE_URL")
    }
    out = sp.run(
        [sys.executable, "-m", "gongkai", "worker"],
        env={**env, "GONGKAI_HOME": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 1
    assert "no broker configured: set GONGKAI_REDIS_URL" in out.stderr
    assert "Traceback" not in out.stderr
