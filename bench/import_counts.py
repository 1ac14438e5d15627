"""`gongkai import counts` of a large file, and what the rest of the site feels meanwhile.

Makes a fresh database (SQLite under bench/.data, or a PostgreSQL database
``gongkai_bench_import``) with UNITS units, an office user and one application, writes an
XLSX of ROWS rows of Table 2 counts (the units over ROWS/UNITS years), and runs
``gongkai import counts`` on it in a child process. Meanwhile this process sends, over and
over, a staff login, a status lookup and an online application through the whole Django
stack (Django's test client: each request its own transaction, as in a gunicorn worker)
and times each; on SQLite a probe connection tries ``BEGIN IMMEDIATE`` every 2 ms and
records how long the write lock was held at a stretch.

Prints the import's seconds, the longest hold of the write lock, and for each kind of
request its count, slowest answer and failures (any answer but the page or redirect a
person gets: a 500 after "database is locked", a refusal).

    .venv/bin/python bench/import_counts.py [--rows 100000] [--units 1000] [--database sqlite]

Run it against another checkout (the code before a change) with
``PYTHONPATH=/path/to/checkout/src``: the script uses only the command line, the pages
and models both have.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.test import Client

BENCH = Path(__file__).resolve().parent
DATA = BENCH / ".data"
PASSWORD = "bench-import-pw-1"


def _database(database: str) -> str:
    DATA.mkdir(exist_ok=True)
    if database == "sqlite":
        path = DATA / "import-counts.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = "gongkai_bench_import"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _setup(units: int) -> tuple[str, str, str]:
    """Units, the office user, an application; returns (unit code, tracking code, phone)."""
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat

    from gongkai.web.applications import services as apps
    from gongkai.web.units.models import Role, Unit, UnitKind
    from gongkai.web.units.services import membership_grant, unit_create

    call_command("migrate", interactive=False, verbosity=0)
    gov = unit_create(name="基准县人民政府", code="B", kind=UnitKind.GOVERNMENT)
    Unit.objects.bulk_create(
        Unit(name=f"基准单位{i}", code=f"B{i:05}", kind=UnitKind.DEPARTMENT, parent=gov)
        for i in range(units - 1)
    )
    Unit.objects.exclude(pk=gov.pk).update(
        path=Concat(  # type: ignore[no-untyped-call]
            Value(gov.path), Cast(F("id"), CharField()), Value("/"), output_field=CharField()
        )
    )
    office = get_user_model().objects.create_user(username="bench_office", password=PASSWORD)
    membership_grant(user=office, unit=gov, role=Role.OFFICE)
    app = apps.application_register(
        unit=gov,
        channel="in_person",
        category="np",
        applicant_name="基准",
        description="基准测试",
        form_wanted="electronic",
        submitted_on=date(2026, 11, 2),
        phone="13800001234",
        as_of=date(2026, 11, 2),
    )
    return gov.code, app.tracking_code, app.phone


def _xlsx(path: Path, codes: list[str], rows: int) -> None:
    from openpyxl import Workbook

    years = -(-rows // len(codes))
    assert years <= 101, "at most 101 years (2000-2100) per unit: give more units"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["单位代码", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）"])
    for n, (code, y) in enumerate(itertools.product(codes, range(years))):
        if n == rows:
            break
        ws.append([code, 2000 + y, n % 97, y, n % 5, f"{n % 1000}.{y % 100:02}"])
    wb.save(path)


class LockProbe(threading.Thread):
    """Tries to take SQLite's write lock every 2 ms; records the longest time it could not."""

    def __init__(self, path: str) -> None:
        super().__init__(daemon=True)
        self.path, self.stop, self.longest, self.since = path, threading.Event(), 0.0, None

    def run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        while not self.stop.is_set():
            now = time.monotonic()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                self.since = None
            except sqlite3.OperationalError:
                self.since = self.since or now
                self.longest = max(self.longest, now - self.since)
            time.sleep(0.002)
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=1_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()

    url = _database(args.database)
    os.environ.update(
        DATABASE_URL=url, GONGKAI_HOME=str(DATA), DJANGO_SETTINGS_MODULE="gongkai.web.settings"
    )
    import django

    django.setup()
    from gongkai.web.units.models import Unit

    unit_code, tracking_code, phone = _setup(args.units)
    codes = list(Unit.objects.exclude(code=unit_code).values_list("code", flat=True))[: args.units]
    xlsx = DATA / f"counts-{args.rows}.xlsx"
    _xlsx(xlsx, codes, args.rows)
    print(f"{args.database}: {args.rows} rows of {len(codes)} units in {xlsx.name}", flush=True)

    probe = LockProbe(url.removeprefix("sqlite:///")) if args.database == "sqlite" else None
    numbers, numbers_lock = itertools.count(1), threading.Lock()

    def address() -> str:  # a new client address each time: no limit on attempts applies
        with numbers_lock:
            i = next(numbers)
        return f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"

    form = {
        "category": "np",
        "applicant_name": "基准申请人",
        "id_number": "130101199001011234",
        "phone": "13900001111",
        "description": "基准测试申请",
        "form_wanted": "electronic",
    }
    # kind: (the request, the answer a person gets)
    requests: dict[str, tuple[Callable[[Client], Any], int]] = {
        "login": (
            lambda c: c.post(
                "/accounts/login/",
                {"username": "bench_office", "password": PASSWORD},
                REMOTE_ADDR=address(),
            ),
            302,
        ),
        "status lookup": (
            lambda c: c.post(
                "/open/status/",
                {"tracking_code": tracking_code, "phone_last4": phone[-4:]},
                REMOTE_ADDR=address(),
            ),
            200,
        ),
        "online application": (
            lambda c: c.post(f"/open/apply/{unit_code}/", form, REMOTE_ADDR=address()),
            200,
        ),
    }
    times: dict[str, list[float]] = {k: [] for k in requests}
    failures: dict[str, int] = dict.fromkeys(requests, 0)
    done = threading.Event()

    def person(kind: str) -> None:
        """One kind of request after another, as long as the import runs (a thread, with
        its own database connection, as a worker of the web server would)."""
        from django.db import connection

        send, expected = requests[kind]
        client = Client(raise_request_exception=False, HTTP_HOST="localhost")
        while not done.is_set():
            t = time.monotonic()
            try:
                ok = send(client).status_code == expected
                client.cookies.clear()  # logged out, without a request of its own
            except Exception:  # what a test client raises a server would answer with 500
                ok = False
            times[kind].append(time.monotonic() - t)
            failures[kind] += not ok
            time.sleep(0.02)
        connection.close()

    log = (DATA / "import-counts.log").open("w")
    cmd = [sys.executable, "-m", "gongkai.cli.main", "import", "counts", str(xlsx)]
    if probe is not None:
        probe.start()
    people = [threading.Thread(target=person, args=(k,)) for k in requests]
    started = time.monotonic()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True)
    for p in people:
        p.start()
    out = child.communicate()[0]
    seconds = time.monotonic() - started
    done.set()
    for p in people:
        p.join()
    if probe is not None:
        probe.stop.set()
        probe.join()
    log.close()

    print(out.strip())
    print(f"exit status {child.returncode}; the import took {seconds:.1f} s")
    if probe is not None:
        print(f"longest hold of SQLite's write lock: {probe.longest:.2f} s")
    for kind in requests:
        t = times[kind]
        print(
            f"{kind}: {len(t)} requests during the import, slowest {max(t, default=0):.2f} s, "
            f"median {sorted(t)[len(t) // 2] if t else 0:.3f} s, {failures[kind]} failed"
        )


if __name__ == "__main__":
    main()
