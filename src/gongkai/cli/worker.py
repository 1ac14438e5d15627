"""``gongkai worker``: a Celery worker for the background jobs (docs/jobs.md)."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--concurrency",
    "-c",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Jobs run at once (worker processes).",
)
@click.option(
    "--loglevel",
    "-l",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    default="INFO",
    show_default=True,
)
@click.option("--name", "-n", help="The worker's node name (default: celery@HOSTNAME).")
def worker(concurrency: int, loglevel: str, name: str | None) -> None:
    """Run background jobs (bulk audits) handed over by the web.

    Needs the broker the web uses (CELERY_BROKER_URL or GONGKAI_REDIS_URL) and the
    same database (DATABASE_URL) and files (GONGKAI_HOME) settings; run as many as
    wanted, on any machine. The same as `celery -A gongkai.web.jobs.celery worker`.
    """
    from gongkai.cli.web import setup_django

    setup_django()
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        raise click.ClickException(
            "no broker configured: set GONGKAI_REDIS_URL (or CELERY_BROKER_URL), "
            "e.g. redis://127.0.0.1:6379/0; without one the web runs jobs in process"
        )
    from gongkai.web.jobs.celery import app

    argv = ["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel.upper()}"]
    if name:
        argv.append(f"--hostname={name}")
    app.worker_main(argv)
