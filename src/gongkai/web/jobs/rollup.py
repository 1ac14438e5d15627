"""The documents of a roll-up report (a unit and every unit under it: a county's, a
city's) made in the background: compiling thousands of units' records and rendering the
PDF can take longer than a request should. The report as it stands — the published
snapshot once published, else compiled from today's records — in each download format of
the report page."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from gongkai.core import AnnualReport
from gongkai.web.jobs.models import Job
from gongkai.web.jobs.runner import JobRefused, Outcome, Progress
from gongkai.web.units.models import Unit

#: The documents made, in this order (the report page's downloads).
DOCUMENTS = ("docx", "pdf", "xlsx", "html", "md", "json")

E_NO_UNIT = "单位「{code}」已不存在，无法汇总。"


def rollup_record(
    *, unit: Unit, year: int
) -> tuple[AnnualReport, dict[str, Any], int, date | None]:
    """The roll-up report, its audit record, how many units it counts, and the date its
    closing prints (the day it was published; none before)."""
    from gongkai.core import audit_record
    from gongkai.core.report.serialize import report_from_record
    from gongkai.web.reports import services as reports
    from gongkai.web.reports.models import ReportStatus, Scope

    version = reports.report_version_current(unit=unit, year=year, scope=Scope.SUBTREE)
    compiled = reports.report_compile(unit=unit, year=year, subtree=True, version=version)
    if version is not None and version.status == ReportStatus.PUBLISHED and version.snapshot:
        return (
            report_from_record(version.snapshot),
            version.snapshot,
            len(compiled.units),
            version.issued_on,
        )
    record = audit_record(compiled.report, compiled.findings)
    if version is not None:
        record["narrative"] = {"sec1": version.sec1, "sec5": version.sec5, "sec6": version.sec6}
    return compiled.report, record, len(compiled.units), None


def _renderers(
    report: AnnualReport, record: dict[str, Any], issued_on: date | None
) -> dict[str, Callable[[], bytes]]:
    from gongkai.core.report.render import (
        render_docx,
        render_html,
        render_markdown,
        render_pdf,
        render_xlsx,
    )

    return {
        "docx": lambda: render_docx(report, issued_on=issued_on),
        "pdf": lambda: render_pdf(report, issued_on=issued_on),
        "xlsx": lambda: render_xlsx(report),
        "html": lambda: render_html(report, issued_on=issued_on).encode("utf-8"),
        "md": lambda: render_markdown(report, issued_on=issued_on).encode("utf-8"),
        "json": lambda: json.dumps(record, ensure_ascii=False).encode("utf-8"),
    }


def rollup_documents_body(job: Job, progress: Progress, folder: Path) -> Outcome:
    from gongkai.web.reports.services import ReportError

    code, year = job.params["unit"], int(job.params["year"])
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise JobRefused([E_NO_UNIT.format(code=code)])
    total = 1 + len(DOCUMENTS)
    progress(0, total)
    try:
        report, record, units, issued_on = rollup_record(unit=unit, year=year)
    except ReportError as err:
        raise JobRefused([err.message]) from None
    progress(1, total)
    render = _renderers(report, record, issued_on)
    outputs = {}
    for done, kind in enumerate(DOCUMENTS, 2):
        name = f"{code}-{year}-rollup.{kind}"
        (folder / name).write_bytes(render[kind]())
        outputs[name] = folder / name
        progress(done, total)
    findings = record.get("findings", [])
    return Outcome(
        summary={
            "unit": unit.name,
            "year": year,
            "units": units,
            "errors": sum(1 for f in findings if f["severity"] == "error"),
            "warnings": sum(1 for f in findings if f["severity"] == "warning"),
        },
        outputs=outputs,
    )
