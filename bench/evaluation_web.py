"""Benchmark of the web's evaluation workspace at 2,000 reports: 1,000 units, each with
its reports of 2023 and 2024 as audit records, kept and scored (the job's last step),
one finding set aside (every score recomputed by core and the rows rewritten), the
results page's queries, and the bulletin issued (core's draft, DOCX and PDF).

    .venv/bin/python bench/evaluation_web.py [--database sqlite|postgres] [--units 1000]

A fresh database each run (SQLite in a temporary folder, or PostgreSQL database
gongkai_bench_evaluation, dropped and made again). The records come from real audits of
a few rendered reports — each unit's copy named for the unit, with one to all of the
report's findings — so that scoring, ranking and the rows are those of real findings.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]


def _database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.sqlite3'}"
    name = "gongkai_bench_evaluation"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", sql],
            check=True,
            capture_output=True,
        )
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _records() -> list[dict]:
    """Audit records of a few reports with different findings (real audits)."""
    from gongkai.core.report.batch import audit_file
    from gongkai.core.report.render import render_html
    from support import CONSISTENT, model

    records = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, wrong in enumerate((0, 3, 7, 12)):
            cells = {"apply.new.total": CONSISTENT["apply.new.total"] + wrong} if wrong else {}
            path = Path(tmp) / f"r{i}.html"
            path.write_text(render_html(model(cells, body="某单位", year=2024)), encoding="utf-8")
            records.append(audit_file(str(path)))
    return records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--units", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-evaluation-") as tmp:
        folder = Path(tmp)
        os.environ["DATABASE_URL"] = _database(args.database, folder)
        os.environ["GONGKAI_HOME"] = str(folder)
        os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.web.settings"
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        from gongkai.web.evaluations.bulletin import bulletin_issue, bulletin_save
        from gongkai.web.evaluations.models import Evaluation, Source, UnitResult
        from gongkai.web.evaluations.services import evaluation_results_save, finding_override
        from gongkai.web.units.models import Role, Unit, UnitKind
        from gongkai.web.units.services import membership_grant, unit_create

        county = unit_create(name="基准市人民政府", code="B", kind=UnitKind.GOVERNMENT)
        office = get_user_model().objects.create_user("office", password="x")
        membership_grant(user=office, unit=county, role=Role.OFFICE)
        units = [
            Unit(
                name=f"基准市第{i:04d}局",
                code=f"B-{i}",
                kind=UnitKind.DEPARTMENT,
                parent=county,
                path=f"{county.path}{i + 2}/",
            )
            for i in range(args.units)
        ]
        Unit.objects.bulk_create(units)
        units = list(Unit.objects.filter(parent=county))
        evaluation = Evaluation.objects.create(
            name="基准", years=[2024], source=Source.UPLOAD, created_by=office
        )
        evaluation.units.set([*units, county])
        base = _records()
        reports = []
        for i, unit in enumerate(units):
            for year in (2023, 2024):
                record = dict(base[(i + year) % len(base)])
                record.update(body=unit.name, year=year, source=f"{unit.code}-{year}.html")
                record["findings"] = record.get("findings", [])[: 1 + i % 4]
                reports.append((record["source"], unit.name, record))
        print(f"{len(reports)} reports, {sum(len(r[2]['findings']) for r in reports)} findings")

        def timed(label: str, fn):
            start = time.perf_counter()
            value = fn()
            assert getattr(value, "status_code", 200) == 200, value
            print(f"{label}: {time.perf_counter() - start:.2f} s")
            return value

        timed(
            "keep the records and compute the results (the job's last step)",
            lambda: evaluation_results_save(evaluation=evaluation, reports=reports, failures=[]),
        )
        ranked = UnitResult.objects.filter(evaluation=evaluation, status="ranked").count()
        print(
            f"ranked {ranked}, units without a report {evaluation.results.filter(status='missing').count()}"
        )
        row = (
            UnitResult.objects.filter(evaluation=evaluation, status="ranked")
            .order_by("score")
            .first()
        )
        d = row.deductions.order_by("-points").first()
        timed(
            "set one finding aside (every score recomputed, rows rewritten)",
            lambda: finding_override(
                evaluation=evaluation,
                report=row.report,
                index=d.finding_index,
                reason="基准",
                user=office,
            ),
        )
        from django.conf import settings

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        client.force_login(office)
        client.get(f"/evaluations/{evaluation.pk}/?unit=none")  # templates compiled once
        for label, query in (
            ("results page, first 100 units", ""),
            ("filtered by rule", "?rule=R1"),
        ):
            page = timed(label, lambda q=query: client.get(f"/evaluations/{evaluation.pk}/{q}"))
            table = page.content.decode().split('<table class="ranking">')[1].split("</table>")[0]
            rows = table.count("<tr>")
            print(f"  {rows - 1} units on the page")
        timed(
            "bulletin page (draft from the results)",
            lambda: client.get(f"/evaluations/{evaluation.pk}/bulletin/"),
        )
        bulletin_save(evaluation=evaluation, fields={"issuer": "基准市政务公开办"}, user=office)
        from datetime import date

        timed(
            "issue the bulletin (DOCX and PDF rendered and kept)",
            lambda: bulletin_issue(evaluation=evaluation, user=office, today=date(2025, 4, 20)),
        )


if __name__ == "__main__":
    main()
