"""``gongkai deadline``: the due date step by step, an estimate over an unannounced year,
and the same calendar as the web application when a database is configured."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai.cli.main import cli
from support import run_gongkai

pytestmark = pytest.mark.dated


def _run(*args: str, home: Path) -> dict:
    runner = CliRunner(env={"GONGKAI_HOME": str(home), "DATABASE_URL": None})
    result = runner.invoke(cli, ["deadline", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_count_into_an_unannounced_year_is_provisional(tmp_path):
    # From Sun 2026-12-20: 12/21–12/25 (1–5), 12/28–12/31 (6–9), [2027-01-01 元旦 by the
    # rule, 1/2, 1/3], 1/4–1/8 (10–14), 1/11–1/15 (15–19), 1/18 (20).
    out = _run("--received", "2026-12-20", home=tmp_path)
    assert out["due"] == "2027-01-18"
    assert out["provisional"] is True
    assert out["provisional_days"] == [{"date": "2027-01-01", "name": "元旦"}]
    assert out["calendar"] == "bundled"
    assert any("2027年的节假日安排尚未公布" in s["text"] for s in out["steps"])


def test_a_count_within_announced_years_is_exact(tmp_path):
    # 2026-06-01 (Mon): 6/2–6/5 (1–4), 6/8–6/12 (5–9), 6/15–6/18 (10–13), [6/19 端午],
    # 6/22–6/26 (14–18), 6/29 (19), 6/30 (20).
    out = _run("--received", "2026-06-01", home=tmp_path)
    assert (out["due"], out["provisional"]) == ("2026-06-30", False)


def test_the_text_says_which_calendar(tmp_path):
    runner = CliRunner(env={"GONGKAI_HOME": str(tmp_path), "DATABASE_URL": None})
    result = runner.invoke(cli, ["deadline", "--received", "2026-12-20"])
    assert result.exit_code == 0
    assert "答复期限：2027-01-18（预计）" in result.output
    assert "日历：内置工作日历" in result.output


def test_the_databases_calendar_is_used_when_one_is_configured(tmp_path):
    """A day off entered in the web application's database moves the command's due date."""

    def gongkai(*args: str) -> subprocess.CompletedProcess[str]:
        return run_gongkai(*args, home=tmp_path)

    assert gongkai("manage", "migrate", "-v0").returncode == 0
    setup = gongkai(
        "manage",
        "shell",
        "-c",
        "import datetime; from gongkai.web.workdays.models import CalendarDay; "
        "CalendarDay.objects.create(day=datetime.date(2026, 6, 10), working=False, note='本地')",
    )
    assert setup.returncode == 0, setup.stderr
    run = gongkai("deadline", "--received", "2026-06-01", "--format", "json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    # 6/10 off as well: the 20th working day moves from 6/30 to 7/1.
    assert (out["due"], out["calendar"]) == ("2026-07-01", "database")
    bundled = gongkai("deadline", "--received", "2026-06-01", "--format", "json", "--no-database")
    assert json.loads(bundled.stdout)["due"] == "2026-06-30"
    assert json.loads(bundled.stdout)["calendar"] == "bundled"
