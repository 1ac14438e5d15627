"""Shared by the benchmarks that need a big database: 示例市 made once by
``gongkai demo --applications N --units U`` and kept (SQLite under bench/.data, a PostgreSQL
database named after N and U), so that later runs only measure."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DATA = BENCH / ".data"
AS_OF = "2026-11-26"


def database_url(database: str, applications: int, units: int) -> str:
    if database == "sqlite":
        DATA.mkdir(exist_ok=True)
        return f"sqlite:///{DATA / f'city-{applications}-{units}.sqlite3'}"
    if database == "postgres":
        return f"postgres://postgres@127.0.0.1:5432/gongkai_bench_{applications}_{units}"
    raise ValueError(f"unknown database {database!r}: sqlite or postgres")


def prepare(database: str, applications: int, units: int) -> str:
    """Point Django at the benchmark database, making 示例市 there first if it is not there.
    Returns the database URL."""
    url = database_url(database, applications, units)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("GONGKAI_HOME", str(DATA))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    if database == "postgres":
        name = url.rsplit("/", 1)[1]
        exists = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname='{name}'",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from gongkai.web.demo_bulk import bulk_loaded

    if not bulk_loaded():
        print(
            f"making 示例市 in {url}: {applications:,} applications over {units:,} units …",
            flush=True,
        )
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "gongkai",
                "demo",
                "--applications",
                str(applications),
                "--units",
                str(units),
                "--as-of",
                AS_OF,
            ],
            check=True,
        )
        print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def login(username: str):  # type: ignore[no-untyped-def]
    """Django's test client, logged in as one of the demo city's accounts."""
    from django.test import Client

    from gongkai.web.demo import DEMO_PASSWORD

    client = Client()
    if not client.login(username=username, password=DEMO_PASSWORD):
        sys.exit(f"cannot log in as {username}")
    return client
