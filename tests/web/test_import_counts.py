"""gongkai import counts FILE.xlsx: all rows or none, every bad row and cell named, exit 1
on bad input; killed midway (SIGKILL) it leaves no partial rows, holds no lock while it
reads, its job is shown as failed, and a rerun succeeds. (The hostile cells, the short
write and the page's background import: tests/security/test_import_counts.py.)"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import connection
from openpyxl import Workbook

from gongkai.cli.main import cli
from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive.models import ActiveCounts
from gongkai.web.units.models import Unit, UnitKind
from gongkai.web.units.services import unit_create
from support import database_url

HEADER = ["单位代码", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）"]


def _xlsx(path: Path, rows) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_bad_rows_are_all_named_and_nothing_is_imported(county, tmp_path):
    bad = _xlsx(
        tmp_path / "counts.xlsx",
        [
            ["T-EDU", 2024, 10, 2, 0, 1.5],
            ["T-ENV", 2024, -1, "abc", 0, 0],
            ["NOPE", "二〇二四", 1, 1, 1, 1],
            ["T-EDU", 2024, 1, 1, 1, 1],
            ["T-TOWN", 2024, 1, 1, 1, "0.123456"],
        ],
    )
    result = _run("import", "counts", str(bad))
    assert result.exit_code == 1
    for expected in (
        "counts.xlsx: nothing was imported",
        "第3行「行政许可」：不能为负数（-1）",
        "第3行「行政处罚」：「abc」不是数字",
        "第4行「单位代码」：没有可导入的单位「NOPE」",
        "第4行「年度」",
        "第5行「单位代码」：T-EDU 2024年与第2行重复",
        "第6行「行政事业性收费（万元）」",
    ):
        assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert ActiveCounts.objects.count() == 0  # the good rows were not saved either


def test_a_file_that_is_not_xlsx_is_refused(county, tmp_path):
    f = tmp_path / "counts.xlsx"
    f.write_bytes(b"not a spreadsheet")
    result = _run("import", "counts", str(f))
    assert result.exit_code == 1 and "不是可读取的XLSX文件" in result.stderr
    assert "Traceback" not in result.output


def test_good_rows_are_imported_in_the_name_of_a_user(county, tmp_path):
    good = _xlsx(
        tmp_path / "counts.xlsx",
        [["T-EDU", 2024, 10, 2, 0, 1.5], ["T-ENV", 2024, 3, 4, 1, "0.25"]],
    )
    result = _run("import", "counts", str(good), "--user", "office")
    assert result.exit_code == 0, result.output
    assert "Imported 2 rows" in result.output
    saved = {
        c.unit.code: (c.licensing, c.penalty, c.coercion, c.fees_wan)
        for c in ActiveCounts.objects.all()
    }
    assert saved == {"T-EDU": (10, 2, 0, Decimal("1.5")), "T-ENV": (3, 4, 1, Decimal("0.25"))}
    log = AuditLog.objects.get(action="active_counts.import")  # one row for the import
    assert log.actor.username == "office" and log.data["rows"] == 2
    assert _run("import", "counts", str(good), "--user", "nobody").exit_code == 1


# --- SIGKILL midway

UNITS, YEARS = 200, 100  # 20,000 rows: a few seconds of checking


@pytest.fixture(autouse=True)
def _private(settings, tmp_path):
    """The imports' kept files go to this test's own var/private."""
    settings.VAR = tmp_path / "var"


def _lock_free() -> str | None:
    """Evidence, from outside, that the import (reading its file) holds no write lock and
    has written nothing; None if it does."""
    if ActiveCounts.objects.exists():
        raise AssertionError("rows became visible before the import finished")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l "
                "WHERE l.relation = 'proactive_activecounts'::regclass "
                "AND l.mode = 'RowExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid()"
            )
            (holders,) = cursor.fetchone()
        return None if holders else "no other backend holds a write lock on the counts"
    # SQLite: another writer can begin at once (timeout 0).
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return None
    else:
        probe.rollback()
        return "another writer took the write lock at once"
    finally:
        probe.close()


@pytest.mark.django_db(transaction=True)  # the child must see the units, and we its locks
def test_an_import_killed_midway_leaves_nothing_and_a_rerun_succeeds(tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from gongkai.web.proactive.imports import E_INTERRUPTED, import_job_get
    from gongkai.web.proactive.models import ImportJob, ImportStatus

    gov = unit_create(name="测试县人民政府", code="T", kind=UnitKind.GOVERNMENT)
    for i in range(UNITS):
        unit_create(name=f"测试单位{i}", code=f"U{i:03}", kind=UnitKind.DEPARTMENT, parent=gov)
    rows = [
        [f"U{i:03}", 2000 + y, i + y, i, y, f"{i}.{y:02}"]
        for i in range(UNITS)
        for y in range(YEARS)
    ]
    big = _xlsx(tmp_path / "big.xlsx", rows)
    env = {**os.environ, "DATABASE_URL": database_url(), "GONGKAI_HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "gongkai.cli.main", "import", "counts", str(big)]

    child = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    # It reports progress every 1,000 rows checked; wait for the first …
    line = child.stderr.readline()
    assert line.startswith(f"checked 1000 of {len(rows)} rows"), line + child.stderr.read()
    # … and, while it reads, nobody waits for it: the write lock is free.
    evidence = _lock_free()
    assert evidence is not None
    assert child.poll() is None  # still running: not finished
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    print(f"killed while {evidence}")

    assert ActiveCounts.objects.count() == 0
    assert not AuditLog.objects.filter(action="active_counts.import").exists()
    # Its job stops showing signs of life: after a while it is shown as failed.
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKING and job.processed >= 1000
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    job = import_job_get(pk=job.pk, user=None)
    assert job is not None and job.status == ImportStatus.FAILED
    assert job.errors == [E_INTERRUPTED]

    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"Imported {len(rows)} rows" in rerun.stdout
    assert ActiveCounts.objects.count() == len(rows)
    assert AuditLog.objects.filter(action="active_counts.import").count() == 1
    last = ActiveCounts.objects.get(unit__code=f"U{UNITS - 1:03}", year=2000 + YEARS - 1)
    assert (last.licensing, last.penalty, last.coercion, last.fees_wan) == (
        UNITS - 1 + YEARS - 1,
        UNITS - 1,
        YEARS - 1,
        Decimal(f"{UNITS - 1}.{YEARS - 1:02}"),
    )
    assert Unit.objects.count() == UNITS + 1
