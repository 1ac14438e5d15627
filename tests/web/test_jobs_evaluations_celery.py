"""An evaluation on a real Celery worker (``gongkai worker``, a child process) with the
local Redis (database 12, flushed first; ``GONGKAI_TEST_EVALUATIONS_REDIS_URL`` to change
it). The web's Celery app is pointed at that database for the test
(test_jobs_celery's ``on_celery``): the web records the evaluation and its job, the worker
collects nothing but audits the uploaded reports, keeps the records and computes the
results in the test database.
Skipped with the reason when no Redis answers (outside CI), like test_jobs_celery."""

from __future__ import annotations

import os

import pytest
from test_evaluations import create
from test_jobs_celery import _in_ci, _until, on_celery  # noqa: F401  (on_celery: a fixture)

from gongkai.web.evaluations.models import Evaluation, ResultStatus
from gongkai.web.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("GONGKAI_TEST_EVALUATIONS_REDIS_URL", "redis://127.0.0.1:6379/12")


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


def test_an_evaluation_runs_on_a_worker(client, county, on_celery, tmp_path):  # noqa: F811
    on_celery("w1")
    client.force_login(county.office)
    assert create(client, county).status_code == 302
    evaluation = Evaluation.objects.get()
    job = _until(
        lambda: Job.objects.filter(pk=evaluation.job_id, status=JobStatus.DONE).first(),
        90,
        tmp_path,
    )
    assert job.attempts == 1 and job.summary["reports"] == 2
    results = {r.unit_name: r for r in Evaluation.objects.get().results.all()}
    assert results["测试县生态环境局"].rank == 1
    assert results["测试县教育局"].status == ResultStatus.RANKED
    assert results["测试县城关镇"].status == ResultStatus.MISSING
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert "测试县城关镇" in page and "T3.E001" in page
