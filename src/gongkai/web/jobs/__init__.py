"""Background jobs: work too long for a request (bulk audits), on Celery with Redis when
a broker is configured, else in a thread of the web process (docs/jobs.md)."""
