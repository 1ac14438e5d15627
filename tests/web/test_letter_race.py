"""Document numbers never repeat, even when letters are issued at once: three OS processes
(and, in one process, three threads) issue reply letters of one unit at the same time
through the real service. The numbers are distinct and contiguous (1…N for the year): the
counter's row is locked by each issuing transaction (on SQLite, transactions begin
IMMEDIATE and wait their turn)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from gongkai.web.applications import services as s
from gongkai.web.applications.models import IssuedLetter
from support import database_url

WORKER = Path(__file__).with_name("letter_race_worker.py")
WORKERS, EACH = 3, 4


def _replied(county, register, as_of, n):
    return [
        s.application_reply(
            application=register(received_on=date(2024, 9, 27)),
            on=date(2024, 10, 10),
            outcome="apply.result.grant",
            legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
            service_method="direct",
            actor=None,
            as_of=as_of,
        )
        for _ in range(n)
    ]


def _expect_contiguous(numbers: list[str]) -> None:
    assert len(numbers) == len(set(numbers)) == WORKERS * EACH
    assert sorted(numbers) == sorted(f"依申〔2024〕{i}号" for i in range(1, WORKERS * EACH + 1))
    seqs = sorted(IssuedLetter.objects.values_list("number_seq", flat=True))
    assert seqs == list(range(1, WORKERS * EACH + 1))


@pytest.mark.django_db(transaction=True)  # the children must see committed data
def test_processes_issuing_at_once_get_distinct_contiguous_numbers(
    county, register, as_of, tmp_path
):
    apps = _replied(county, register, as_of, WORKERS * EACH)
    env = {**os.environ, "DATABASE_URL": database_url(), "GONGKAI_HOME": str(tmp_path)}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *(str(a.pk) for a in apps[i::WORKERS])],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WORKERS)
    ]
    for p in workers:  # all set up, then all go at once
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    for p in workers:
        p.stdin.write("go\n")
        p.stdin.flush()
    numbers = []
    for p in workers:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-3000:]
        numbers += json.loads(out)
    _expect_contiguous(numbers)


@pytest.mark.django_db(transaction=True)
def test_threads_issuing_at_once_get_distinct_contiguous_numbers(county, register, as_of):
    apps = _replied(county, register, as_of, WORKERS * EACH)
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def work(mine):
        try:
            start.wait()
            for app in mine:
                issued = s.letter_issue(application=app, kind="reply", actor=None, as_of=as_of)
                numbers.append(issued.number)
        except BaseException as err:  # reported by the test below
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(apps[i::WORKERS],)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not errors, errors
    _expect_contiguous(numbers)
