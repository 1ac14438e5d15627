"""Benchmark of `gongkai backup` and `gongkai restore` on a big database: time and peak
memory of each, in a fresh process.

    .venv/bin/python bench/backup.py --applications 1000000 \
        --source postgres://postgres@127.0.0.1:5432/gongkai_bench_src \
        --target postgres://postgres@127.0.0.1:5432/gongkai_bench_dst

Both PostgreSQL databases are dropped and made again. The source is migrated and filled
with plain ``bulk_create``: 15 units, N applications (half closed), for each a receipt
event and, for the closed half, a reply event, and an audit row per application. Then
``gongkai backup`` writes the archive and ``gongkai restore`` loads it into the empty
target; the row counts of both databases are compared. Figures go to stdout, the last
lines being the summary. ``--fill-only`` / internal ``fill`` do only the filling.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GONGKAI = [sys.executable, "-m", "gongkai.cli.main"]
CHUNK = 10_000


def fill(n: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.db import transaction

    from gongkai.web.applications.models import Application, Event, EventKind, Status
    from gongkai.web.audit.models import AuditLog
    from gongkai.web.units.models import UnitKind
    from gongkai.web.units.services import unit_create

    call_command("migrate", verbosity=0)
    gov = unit_create(name="基准县人民政府", code="B", kind=UnitKind.GOVERNMENT)
    units = [gov] + [
        unit_create(name=f"基准县单位{i}", code=f"B{i:02}", kind=UnitKind.DEPARTMENT, parent=gov)
        for i in range(14)
    ]
    start = date(2023, 1, 2)
    for lo in range(0, n, CHUNK):
        with transaction.atomic():
            apps = []
            for i in range(lo, min(n, lo + CHUNK)):
                received = start + timedelta(days=i % 700)
                closed = i % 2 == 0
                apps.append(
                    Application(
                        unit=units[i % len(units)],
                        tracking_code=f"GKB{i:09d}",
                        channel="in_person",
                        category="np",
                        applicant_name=f"申请人{i}",
                        description="申请公开某项政府信息",
                        form_wanted="electronic",
                        submitted_on=received,
                        received_on=received,
                        status=Status.CLOSED if closed else Status.IN_PROGRESS,
                        due_on=received + timedelta(days=28),
                        outcome="apply.result.grant" if closed else "",
                        closed_on=received + timedelta(days=10) if closed else None,
                    )
                )
            apps = Application.objects.bulk_create(apps)
            events, logs = [], []
            for a in apps:
                events.append(Event(application=a, kind=EventKind.RECEIVED, on=a.received_on))
                if a.closed_on:
                    events.append(
                        Event(
                            application=a,
                            kind=EventKind.REPLY,
                            on=a.closed_on,
                            outcome=a.outcome,
                            legal_basis="第三十六条第（二）项",
                            service_method="post",
                        )
                    )
                logs.append(
                    AuditLog(
                        action="application.register",
                        object_type="applications.application",
                        object_id=str(a.pk),
                        unit=a.unit,
                        data={"channel": "in_person", "category": "np"},
                    )
                )
            Event.objects.bulk_create(events)
            AuditLog.objects.bulk_create(logs)
        print(f"filled {min(n, lo + CHUNK)} of {n}", file=sys.stderr, flush=True)


def counts() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()
    from gongkai.web.backup import backup_models

    for m in backup_models():
        print(m._meta.label_lower, m._base_manager.count())


def _measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time (s), peak resident memory (MB) of the process, its stdout."""
    start = time.monotonic()
    with tempfile.TemporaryFile("w+") as out:
        p = subprocess.Popen(cmd, env=env, stdout=out)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.monotonic() - start
        out.seek(0)
        text = out.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {text}")
    return elapsed, usage.ru_maxrss / 1024, text


def _recreate(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--source", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--archive", type=Path, default=Path("/tmp/gongkai-bench-backup.zip"))
    parser.add_argument("--keep-source", action="store_true", help="Do not make the source again.")
    args = parser.parse_args()
    me = [sys.executable, __file__]
    src = {**os.environ, "DATABASE_URL": args.source}
    dst = {**os.environ, "DATABASE_URL": args.target}
    if not args.keep_source:
        _recreate(args.source)
        t = time.monotonic()
        subprocess.run([*me, "fill", str(args.applications)], env=src, check=True)
        print(f"fill: {time.monotonic() - t:.0f} s")
    _recreate(args.target)
    args.archive.unlink(missing_ok=True)
    b_time, b_mem, b_out = _measured([*GONGKAI, "backup", str(args.archive)], src)
    print(b_out.strip())
    size = args.archive.stat().st_size / 1e6
    r_time, r_mem, r_out = _measured([*GONGKAI, "restore", str(args.archive)], dst)
    print(r_out.strip())
    same = (
        subprocess.run([*me, "counts"], env=src, capture_output=True, text=True).stdout
        == subprocess.run([*me, "counts"], env=dst, capture_output=True, text=True).stdout
    )
    print(f"\napplications: {args.applications:,}; archive: {size:,.0f} MB")
    print(f"backup:  {b_time:7.1f} s, peak memory {b_mem:5.0f} MB")
    print(f"restore: {r_time:7.1f} s, peak memory {r_mem:5.0f} MB (migrate included)")
    print(f"row counts equal in both databases: {same}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "fill":
        fill(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "counts":
        counts()
    else:
        main()
