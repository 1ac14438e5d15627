"""The bulk audit job: the reports of one ZIP audited as ``gongkai audit`` audits them,
with the same outputs — the rows (XLSX), the HTML summary and the records (JSON lines,
what ``gongkai audit --format json`` prints) — made by the same code
(:mod:`gongkai.core.report.bulk`, :mod:`gongkai.core.report.outputs`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai.core.report.archive import ArchiveRefused, archive_members, archive_unpack
from gongkai.core.report.bulk import BulkAudit
from gongkai.core.report.outputs import RowWriter, Summary
from gongkai.web.jobs.models import Job
from gongkai.web.jobs.runner import JobRefused, Outcome, Progress

#: The outputs, by the names they are downloaded as: the rows, the HTML summary, every
#: record (``gongkai audit --out``, ``--html``, ``--format json``).
XLSX, HTML, JSONL = "audit.xlsx", "audit.html", "audit.jsonl"
#: The columns of a report's row kept for the results page.
ROW_FIELDS = ("source", "body", "year", "format", "errors", "warnings", "info", "error")


def bulk_audit_body(job: Job, progress: Progress, folder: Path) -> Outcome:
    """Unpack the job's ZIP into ``folder``, audit every report (paired across years as
    the command pairs them), and write the outputs there."""
    unpacked = folder / "in"
    unpacked.mkdir()
    try:
        with job.input.open("rb") as fh:
            members = archive_members(fh)
            paths = archive_unpack(fh, members, unpacked)
    except ArchiveRefused as err:
        raise JobRefused([str(e) for e in err.errors]) from None
    targets: list[tuple[str, Path | None, Any]] = [
        (m.name, p, None) for m, p in zip(members, paths, strict=True)
    ]
    total, done = len(targets), 0
    progress(0, total)

    def advance() -> None:
        nonlocal done
        done += 1
        progress(done, total)

    run = BulkAudit(targets, jobs=1, named=True)
    files = {name: folder / name for name in (XLSX, HTML, JSONL)}
    writer, summary = RowWriter(files[XLSX]), Summary()
    with files[JSONL].open("w", encoding="utf-8") as records:
        for record in run.records(advance):
            records.write(json.dumps(record, ensure_ascii=False) + "\n")
            writer.write(record)
            summary.add(record)
    writer.close()
    summary.write(files[HTML])
    data = summary.data()
    data["status"] = run.status
    data["rows"] = [[row[f] for f in ROW_FIELDS] for row in summary.rows]
    return Outcome(summary=data, outputs=files)
