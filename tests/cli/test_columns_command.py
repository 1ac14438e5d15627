"""``gongkai columns check`` on the demo county: one JSON object per column, the demo's
overdue and empty columns among them."""

from __future__ import annotations

import json

import pytest

from support import TODAY, run_gongkai

pytestmark = [pytest.mark.dated]


def test_columns_check_on_the_demo(tmp_path):
    assert run_gongkai("demo", "--as-of", TODAY.isoformat(), home=tmp_path).returncode == 0
    # the child process has the real clock: the day is given, as the demo's was
    as_of = ("--as-of", TODAY.isoformat())
    run = run_gongkai("columns", "check", "--format", "json", *as_of, home=tmp_path)
    assert run.returncode == 1, run.stderr  # some columns are overdue or empty
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    for row in rows:
        assert {"unit", "column", "last_updated", "rule_days", "overdue_days"} <= set(row)
    # The education bureau's news: last published 20 days before today, rule 14 days.
    news = next(r for r in rows if r["unit"] == "SLX-JYJ" and r["column"] == "工作动态")
    assert news["state"] == "overdue" and news["overdue_days"] == 6 and news["rule_days"] == 14
    assert any(r["state"] == "empty" and r["last_updated"] is None for r in rows)
    # Fresh columns are listed with --all only; the county's news was published 2 days ago.
    assert not any(r["unit"] == "SLX" and r["column"] == "工作动态" for r in rows)
    run = run_gongkai("columns", "check", "--all", "--unit", "SLX-JYJ", *as_of, home=tmp_path)
    assert "工作动态\t" in run.stdout and "overdue by 6 days" in run.stdout
    run = run_gongkai("columns", "check", "--unit", "NOPE", home=tmp_path)
    assert run.returncode == 1 and "no unit with code 'NOPE'" in run.stderr
    assert "Traceback" not in run.stderr
