"""The Celery application: ``celery -A gongkai.web.jobs.celery worker`` (or ``gongkai
worker``) runs the jobs the web hands over, on any machine with the same Redis and
database settings (docs/jobs.md).

Its broker comes from the environment through the settings, read when the app is first
used: ``CELERY_BROKER_URL``, else ``GONGKAI_REDIS_URL``. A worker acknowledges a job's
message only once the job has ended (``task_acks_late``), and a message whose worker
process was lost is put back (``task_reject_on_worker_lost``); each worker process
takes one message at a time (``worker_prefetch_multiplier``), so that a killed worker
holds back no more than the job it was running. Job bodies are idempotent
(:mod:`gongkai.web.jobs.runner`): a job run again comes out as if run once.
"""

from __future__ import annotations

import os

from celery import Celery  # type: ignore[import-untyped]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")

app = Celery("gongkai", include=["gongkai.web.jobs.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    task_default_queue="gongkai",
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
    worker_send_task_events=False,
)
