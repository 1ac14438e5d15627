"""Shared test data: a complete, consistent 2021-format report built from the model,
and the paths of the shared fixtures. Tests import it as ``support``."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from gongkai.core import AnnualReport, Section, Value, Version
from gongkai.core.report.formats import APPLICANT_COLUMNS, FORMATS, SECTIONS

#: The date every test runs on (the clock is frozen on it for the whole session, see
#: conftest.py): 2026-12-05, or the date ``GONGKAI_TEST_TODAY`` names.
TODAY = date.fromisoformat(os.environ.get("GONGKAI_TEST_TODAY") or "2026-12-05")

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "xinglong-2023-annual-report.txt"


def without_own_closing(report: AnnualReport) -> AnnualReport:
    """``report`` with the closing its section 六 ends with (the unit, the date: the
    seed's does) taken off, so that a renderer prints its own."""
    sec6 = report.sections["sec6"]
    text = sec6.text.rsplit(report.body or "", 1)[0].rstrip()
    sections = {**report.sections, "sec6": replace(sec6, text=text)}
    return replace(report, sections=sections, published_on=None)


FIXTURE_REPORTS = sorted((SHARED / "fixtures" / "reports").glob("[0-9]*.txt"))

COLS = (*APPLICANT_COLUMNS, "total")


def _t3(row: str, *values: int) -> dict[str, int]:
    """A Table 3 row from its six applicant values; the total is their sum."""
    return dict(zip((f"{row}.{c}" for c in COLS), (*values, sum(values)), strict=True))


#: A complete 2021-format report whose every rule holds.
CONSISTENT: dict[str, int | str] = {
    "active.rules.issued": 0,
    "active.rules.repealed": 0,
    "active.rules.in_force": 0,
    "active.normative.issued": 3,
    "active.normative.repealed": 1,
    "active.normative.in_force": 20,
    "active.licensing.decisions": 120,
    "active.penalty.decisions": 45,
    "active.coercion.decisions": 2,
    "active.admin_fees.amount_wan": "12.5",
    **_t3("apply.new", 10, 2, 1, 0, 1, 0),
    **_t3("apply.carried_in", 2, 0, 0, 0, 0, 0),
    **_t3("apply.result.grant", 5, 1, 0, 0, 0, 0),
    **_t3("apply.result.partial", 2, 0, 0, 0, 0, 0),
    **_t3("apply.result.deny.third_party", 1, 0, 0, 0, 1, 0),
    **_t3("apply.result.unable.not_held", 2, 0, 1, 0, 0, 0),
    **_t3("apply.result.reject.duplicate", 1, 0, 0, 0, 0, 0),
    **_t3("apply.result.other.misc", 0, 1, 0, 0, 0, 0),
    **_t3("apply.result.total", 11, 2, 1, 0, 1, 0),
    **_t3("apply.carried_out", 1, 0, 0, 0, 0, 0),
    "review.upheld": 1,
    "review.corrected": 1,
    "review.other": 0,
    "review.pending": 1,
    "review.total": 3,
    "lit_direct.upheld": 1,
    "lit_direct.corrected": 0,
    "lit_direct.other": 0,
    "lit_direct.pending": 0,
    "lit_direct.total": 1,
}
for _row in FORMATS[Version.V2021].table("apply").rows:
    for _c in COLS:
        CONSISTENT.setdefault(f"{_row.id}.{_c}", 0)
for _c in ("upheld", "corrected", "other", "pending", "total"):
    CONSISTENT.setdefault(f"lit_after_review.{_c}", 0)

NARRATIVE = {
    "sec1": "本年度共收到政府信息公开申请14件，办结15件，1件结转下年度办理。",
    "sec5": "一是公开内容有待丰富。下一步将加强培训。",
    "sec6": "本年度未收取信息处理费。",
}


def model(
    cells: dict[str, int | str] | None = None,
    *,
    drop: tuple[str, ...] = (),
    year: int = 2023,
    body: str = "示例县人民政府",
    version: Version = Version.V2021,
    narrative: dict[str, str] | None = None,
) -> AnnualReport:
    """A report model: CONSISTENT with ``cells`` laid over it and ``drop`` left out."""
    merged = {**CONSISTENT, **(cells or {})} if version is Version.V2021 else dict(cells or {})
    values = {k: Value.of(v) for k, v in merged.items() if k not in drop}
    texts = NARRATIVE if narrative is None else narrative
    sections = {
        s.id: Section(s.id, s.title, texts.get(s.id, ""), 0)
        for s in SECTIONS
        if s.id in texts or s.table
    }
    return AnnualReport(
        source="built", format=version, body=body, year=year, sections=sections, cells=values
    )


# --- Databases (tests/web): what child processes need, and a whole-database export


def database_url() -> str:
    """DATABASE_URL of the database the tests use (the test database), for child processes."""
    from urllib.parse import quote

    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"]) + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def database_export() -> list[str]:
    """Every record, comparable across databases: Django's ``dumpdata`` with natural keys
    for content types and permissions (each database numbers its own), one canonical JSON
    line per row (PostgreSQL's jsonb does not keep the order of keys), sorted; and every
    date-time exactly, to the microsecond (``dumpdata`` shows milliseconds)."""
    import io
    import json

    from django.core.management import call_command
    from django.db import models

    from gongkai.web.backup import SKIPPED, backup_models

    out = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=["contenttypes", "auth.permission", *SKIPPED],
        format="jsonl",
        stdout=out,
    )
    lines = [
        json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False)
        for line in out.getvalue().splitlines()
    ]
    for model in backup_models():
        for f in model._meta.fields:
            if isinstance(f, models.DateTimeField):
                lines += [
                    f"{model._meta.label_lower}.{f.name} {pk} {value.isoformat() if value else None}"
                    for pk, value in model._base_manager.values_list("pk", f.attname)
                ]
    return sorted(lines)


def run_gongkai(
    *args: str, home: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``gongkai ARGS`` in a child process, with ``home`` as GONGKAI_HOME and working
    directory and the default SQLite database there (DATABASE_URL unset), and ``env``
    added to the environment."""
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env = {**base, **(env or {}), "GONGKAI_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


#: Whether this session keeps its files in an S3-compatible bucket (``GONGKAI_STORAGE=s3``,
#: tests/s3_server.py). A test of the local disk's own guarantees (paths under var/, file
#: modes) is skipped then: tests/web/test_s3_storage.py shows the same guarantees on S3.
FILES_ON_S3 = os.environ.get("GONGKAI_STORAGE") == "s3"

#: Whether this session runs the jobs on Celery, on a worker of its own consuming from
#: Redis (tests/redis_services.py, ``make test-services``); else each job runs in a thread
#: of the test process (no broker: ``make run``). The job tests run on whichever it is.
JOBS_ON_CELERY = os.environ.get("GONGKAI_TEST_JOBS") == "celery"
