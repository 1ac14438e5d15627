"""The web application under load: the work queue and the public pages, against a bare
Django view as the floor, all in one run.

    .venv/bin/python bench/load.py --applications 1000000 --units 3000 --database postgres

Needs wrk (Debian: ``apt-get install wrk``). Makes 示例市 the first time (see bench/_db.py),
starts gunicorn with ``--workers 2`` on a free loopback port (the settings of
``gongkai serve``: DEBUG off, persistent database connections), logs the city's office and a
department's clerk in (sessions made through Django's test client, cookies handed to wrk),
then runs wrk from a second process, each run after a short warm-up:

* ``floor``: ``/healthz`` (no database, no session) at the same concurrency as the run
  it is the floor for;
* ``queue (clerk)``: one department's work queue (``/``), as its clerk;
* ``queue (office)``: the whole city's queue (3,000 units), as the city's office;
* ``public``: the portal's pages in turn — home, the city's page, a county's page, the
  city's published roll-up report, a catalogue search.

For each: requests/s, latency p50/p95/p99 and errors (connection, read, write, timeout,
non-2xx). The last lines are the summary, the very last ``ratio X.XX``: the public pages'
requests/s over the floor's at the same concurrency, in the same run.

``--src DIR`` runs the server from another checkout's ``src`` (``PYTHONPATH``), e.g. main's,
against the same database; the cache is each worker's memory unless ``GONGKAI_REDIS_URL``
is set in the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _db import DATA, login, prepare

LUA = r"""
local paths = {}
for p in string.gmatch(os.getenv("GK_PATHS"), "[^,]+") do paths[#paths + 1] = p end
local cookie = os.getenv("GK_COOKIE") or ""
local i = 0
request = function()
  i = i % #paths + 1
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[i], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(
    base: str, paths: list[str], *, connections: int, seconds: int, cookie: str = ""
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA)
        script = fh.name
    env = {**os.environ, "GK_PATHS": ",".join(paths), "GK_COOKIE": cookie}
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            script,
            base,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result: dict[str, float] = json.loads(line[len("RESULT ") :])
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--queue-connections", type=int, default=2)
    parser.add_argument("--queue-seconds", type=int, default=30)
    parser.add_argument("--public-connections", type=int, default=200)
    parser.add_argument("--public-seconds", type=int, default=60)
    parser.add_argument("--src", help="serve another checkout's src (PYTHONPATH) instead")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/load.py needs wrk: apt-get install wrk")
    url = prepare(args.database, args.applications, args.units)

    from django.core.management import call_command

    from gongkai.web.demo_bulk import CITY_CODE
    from gongkai.web.proactive.models import CatalogueItem
    from gongkai.web.reports.models import ReportStatus, ReportVersion
    from gongkai.web.units.models import Unit

    call_command("collectstatic", interactive=False, verbosity=0)
    city = Unit.objects.get(code=CITY_CODE)
    county = Unit.objects.filter(parent=city).order_by("path").first()
    report = (
        ReportVersion.objects.filter(unit=city, status=ReportStatus.PUBLISHED)
        .order_by("-year")
        .first()
    )
    assert county is not None and report is not None
    word = CatalogueItem.objects.filter(unit=county).values_list("title", flat=True).first()
    cookies = {}
    for user in ("city_clerk", "city_office"):
        client = login(user)
        cookies[user] = f"sessionid={client.cookies['sessionid'].value}"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GONGKAI_HOME": os.environ.get("GONGKAI_HOME", str(DATA)),
        "GONGKAI_ALLOWED_HOSTS": "127.0.0.1",
    }
    if args.src:
        env["PYTHONPATH"] = str(Path(args.src).resolve())
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gongkai.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--backlog",
            "2048",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        public = [
            "/open/",
            f"/open/units/{CITY_CODE}/",
            f"/open/units/{county.code}/",
            f"/open/reports/{CITY_CODE}/{report.year}/?scope=subtree",
            "/open/catalogue/?q=" + urllib.request.quote((word or "通知")[-8:]),
        ]
        for path in public:  # every page answers before it is measured
            status = urllib.request.urlopen(base + path, timeout=30).status
            assert status == 200, (path, status)
        runs = [
            ("floor", ["/healthz"], args.queue_connections, args.queue_seconds, ""),
            (
                "queue (clerk)",
                ["/"],
                args.queue_connections,
                args.queue_seconds,
                cookies["city_clerk"],
            ),
            (
                "queue (office)",
                ["/"],
                args.queue_connections,
                args.queue_seconds,
                cookies["city_office"],
            ),
            ("floor", ["/healthz"], args.public_connections, args.public_seconds, ""),
            ("public", public, args.public_connections, args.public_seconds, ""),
        ]
        print(
            f"database: {url}; gunicorn --workers 2 at {base}; "
            f"src {env.get('PYTHONPATH') or 'this checkout'}"
        )
        rows = []
        for name, paths, conns, seconds, cookie in runs:
            wrk(base, paths, connections=conns, seconds=3, cookie=cookie)  # warm-up
            r = wrk(base, paths, connections=conns, seconds=seconds, cookie=cookie)
            rows.append((name, conns, seconds, r))
            print(
                f"{name:15s} c={conns:<4d} {seconds:3d} s: {r['rps']:8.1f} req/s  "
                f"p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
                f"errors {r['errors']:.0f}",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print("summary:")
    for name, conns, seconds, r in rows:
        print(
            f"  {name} (c={conns}, {seconds} s): {r['rps']:.1f} req/s, "
            f"p50/p95/p99 {r['p50']:.1f}/{r['p95']:.1f}/{r['p99']:.1f} ms, {r['errors']:.0f} errors"
        )
    floor = next(
        r for name, conns, _s, r in rows if name == "floor" and conns == args.public_connections
    )
    public = next(r for name, _c, _s, r in rows if name == "public")
    print(f"ratio {public['rps'] / floor['rps']:.2f}")


if __name__ == "__main__":
    Path(DATA).mkdir(exist_ok=True)
    main()
