"""The demo loads all or nothing, on any date, and a failure is a message, not a traceback."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from gongkai.web import demo as demo_module
from gongkai.web.applications.models import Application
from gongkai.web.units.models import Unit
from support import run_gongkai

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def test_a_failure_midway_leaves_nothing(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the reports could not be made")

    monkeypatch.setattr(demo_module, "_reports", broken)
    with pytest.raises(RuntimeError):
        demo_module.load_demo(as_of=date(2026, 12, 5), per_unit_year=3)
    assert not Unit.objects.exists()
    assert not Application.objects.exists()
    assert not demo_module.demo_loaded()


def test_the_command_names_the_failure_and_leaves_an_empty_database(tmp_path):
    def gongkai(*args: str) -> subprocess.CompletedProcess[str]:
        return run_gongkai(*args, home=tmp_path)

    # 1850: no calendar can be had for it, neither data nor the rule.
    run = gongkai("demo", "--as-of", "1850-06-01")
    assert run.returncode == 1
    assert "loading the demo failed, nothing was loaded" in run.stderr
    assert "1847" in run.stderr and "Traceback" not in run.stderr
    count = gongkai(
        "manage",
        "shell",
        "-c",
        "from gongkai.web.units.models import Unit; from django.contrib.auth.models import User;"
        " print(Unit.objects.count(), User.objects.count())",
    )
    assert count.stdout.strip().splitlines()[-1].split() == ["0", "0"]
