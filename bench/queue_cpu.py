"""Steadier figures than wall time for the work queue: what one request costs the web
process, counted by callgrind, and what its SQL costs, for the city office (all units)
and a department's clerk.

    .venv/bin/python bench/queue_cpu.py --applications 1000000 --units 3000 --database postgres

Makes 示例市 the first time (see bench/_db.py). For each user, in a fresh process each:
the instructions of 10 requests of the queue (``/``, through Django's test client, after
2 warm-up requests) less those of the warm-up alone, divided by 10 — the Python side
only: the database server is another process. Then, in this process, the queries of one
request with the time each took as seen from Django (sent, run and read back), and the
median wall time of 30 requests. The last lines are the summary.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from _callgrind import instructions as callgrind_instructions
from _db import login, prepare

USERS = ("city_office", "city_clerk")
REQUESTS = 10


def child(args: argparse.Namespace) -> None:
    """Run inside callgrind: warm up, then ``--requests`` requests of the queue."""
    prepare(args.database, args.applications, args.units)
    client = login(args.user)
    for _ in range(2 + args.requests):
        response = client.get("/")
        if response.status_code != 200:
            sys.exit(f"the queue answered {response.status_code}")


def instructions(args: argparse.Namespace, user: str, requests: int) -> int:
    return callgrind_instructions(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            "--user",
            user,
            "--requests",
            str(requests),
            "--applications",
            str(args.applications),
            "--units",
            str(args.units),
            "--database",
            args.database,
        ],
        check=True,
    )


def queries_of_one_request(client) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    """The SQL of one request of the queue, each with the seconds it took."""
    from django.db import connection

    queries: list[tuple[str, float]] = []

    def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((sql, time.perf_counter() - start))

    with connection.execute_wrapper(timed):
        client.get("/")
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--user", default="city_office", help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    # Django's test client asks for the host "testserver".
    os.environ["GONGKAI_ALLOWED_HOSTS"] = "testserver"
    if args.child:
        child(args)
        return
    if shutil.which("valgrind") is None:
        sys.exit("bench/queue_cpu.py needs valgrind: apt-get install valgrind")
    url = prepare(args.database, args.applications, args.units)
    print(f"database: {url}")

    summary = []
    for user in USERS:
        per_request = (instructions(args, user, REQUESTS) - instructions(args, user, 0)) / REQUESTS
        client = login(user)
        for _ in range(3):
            client.get("/")
        queries = queries_of_one_request(client)
        for sql, seconds in queries:
            print(f"  {user}: {seconds * 1000:6.2f} ms  {sql[:100]}")
        sql_ms = sum(seconds for _, seconds in queries) * 1000
        walls = []
        for _ in range(30):
            start = time.perf_counter()
            client.get("/")
            walls.append(time.perf_counter() - start)
        wall_ms = statistics.median(walls) * 1000
        line = (
            f"{user}: {per_request / 1e6:.1f} M instructions a request (web process), "
            f"{len(queries)} queries taking {sql_ms:.1f} ms, "
            f"median wall {wall_ms:.1f} ms"
        )
        print(line)
        summary.append(line)
    print("summary:")
    for line in summary:
        print("  " + line)


if __name__ == "__main__":
    main()
