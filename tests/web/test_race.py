"""Two people saving one application: two OS processes × 500 saves of the same
application through the real service, with the version check. A save made on a version
someone else has changed meanwhile is refused (and retried after reading again), never
written over: at the end all 1,000 notes are in the ledger and the version has advanced
by exactly 1,000.

Runs on SQLite too: its transactions begin IMMEDIATE (see settings), so the second save
waits for the write lock (busy timeout) and then meets the version check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from gongkai.web.applications.models import EventKind
from gongkai.web.audit.models import AuditLog
from support import database_url

WORKER = Path(__file__).with_name("race_worker.py")
N = 500


@pytest.mark.django_db(transaction=True)  # the children must see committed data
def test_two_processes_saving_one_application_lose_no_update(county, register):
    app = register(received_on=date(2024, 9, 27))
    start = app.version
    env = {**os.environ, "DATABASE_URL": database_url()}
    workers = {
        name: subprocess.Popen(
            [sys.executable, str(WORKER), str(app.pk), str(user.pk), name, str(N)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, user in (("A", county.clerk_edu), ("B", county.reviewer_edu))
    }
    for p in workers.values():  # both set up, then both go at once
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    for p in workers.values():
        p.stdin.write("go\n")
        p.stdin.flush()
    refusals = {}
    for name, p in workers.items():
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-3000:]
        refusals[name] = json.loads(out)["refusals"]

    app.refresh_from_db()
    notes = Counter(app.events.filter(kind=EventKind.NOTE).values_list("note", flat=True))
    assert notes == Counter(f"{name} {i}" for name in "AB" for i in range(N))  # each once
    assert app.version == start + 2 * N
    assert (
        AuditLog.objects.filter(action="application.note", object_id=str(app.pk)).count() == 2 * N
    )
    # the version check really refused saves made on a stale version
    assert sum(refusals.values()) > 0, refusals
    print(f"refusals: {refusals}")
