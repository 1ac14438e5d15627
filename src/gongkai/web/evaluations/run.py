"""The evaluation's background jobs (a kind of :mod:`gongkai.web.jobs` job): collect the
units' reports from their websites (core's collector) or unpack the uploaded ones, audit
them all as ``gongkai audit`` does (core's bulk audit, the same bodies' consecutive years
paired), keep the records and compute the results (core's scoring and ranking); or, for
a job whose parameters name a bulletin date, issue the bulletin (its DOCX and PDF); or,
for one whose parameters name a draft's date, render the bulletin's draft."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from gongkai.core.collect.manifest import MANIFEST
from gongkai.core.report.archive import ArchiveRefused, archive_members, archive_unpack
from gongkai.core.report.batch import Given, audit_inputs
from gongkai.core.report.bulk import BulkAudit
from gongkai.web.evaluations.models import Evaluation, Source
from gongkai.web.evaluations.services import EvaluationError, evaluation_results_save
from gongkai.web.evaluations.store import store_keep, store_materialise
from gongkai.web.jobs.models import Job
from gongkai.web.jobs.runner import JobRefused, Outcome, Progress

E_GONE = "这次评估已被删除。"
E_NOTHING = "没有采集到任何报告，无法评分：{failures}"


def _collect(
    evaluation: Evaluation, folder: Path, progress: Progress
) -> tuple[list[tuple[str, Path | None, Given | None]], list[dict[str, Any]]]:
    """Collect the reports into a store in ``folder``: the inputs to audit, and every
    failure (including the units' years whose report was not found)."""
    from gongkai.core.collect.crawl import CollectOptions, Event, collect
    from gongkai.core.collect.fetch import FetchOptions
    from gongkai.core.collect.sites import sites_from_text

    with evaluation.input.open("rb") as fh:
        sites = sites_from_text(fh.read().decode("utf-8"), source="站点清单")
    # The store kept from earlier runs: only what it lacks is fetched (gongkai.web.
    # evaluations.store); what this run adds is kept, even if it fails part way.
    store = folder / "store"
    copied = store_materialise(pk=evaluation.pk, into=store)
    # The crawl's threads report events; this thread records them as the job's progress
    # (the database is written from the job's own thread only).
    lock = threading.Lock()
    counts = {"done": 0, "total": len(sites)}

    def on_event(event: Event) -> None:
        with lock:
            if event.total is not None:
                if event.stage == "reports":
                    counts["total"] = len(sites) + event.total
            else:
                counts["done"] += event.advance

    options = CollectOptions(
        years=tuple(sorted({*evaluation.years, evaluation.year - 1})),
        fetch=FetchOptions(
            delay=settings.GONGKAI_COLLECT_DELAY,
            timeout=settings.GONGKAI_COLLECT_TIMEOUT,
            backoff=min(1.0, settings.GONGKAI_COLLECT_DELAY or 0.05),
        ),
        jobs=2,
    )
    outcome: dict[str, Any] = {}

    def crawl() -> None:
        try:
            outcome["summary"] = collect(sites, store, options, progress=on_event)
        except BaseException as err:  # handed to the job's thread, which fails the job
            outcome["error"] = err

    thread = threading.Thread(target=crawl, name=f"evaluation-{evaluation.pk}-collect", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.5)
            with lock:
                done, total = counts["done"], counts["total"]
            progress(min(done, total - 1) if thread.is_alive() else done, total)
    finally:
        thread.join()
        store_keep(pk=evaluation.pk, folder=store, copied=copied)
    if "error" in outcome:
        raise outcome["error"]
    summary = outcome["summary"]
    failures = [
        {"unit": f.get("unit", ""), "url": f.get("url", ""), "reason": f.get("reason", "")}
        for f in summary.failures
    ]
    failures += [
        {"unit": unit, "url": "", "reason": f"网站上未找到{year}年度报告"}
        for unit, year in summary.missing
        if year in evaluation.years
    ]
    if not (store / MANIFEST).is_file():  # nothing collected at all
        return [], failures
    targets = [
        (Path(source).relative_to(store).as_posix(), path, given)
        for source, path, given in audit_inputs([str(store)])
    ]
    return targets, failures


def _unpack(evaluation: Evaluation, folder: Path) -> list[tuple[str, Path | None, Given | None]]:
    unpacked = folder / "in"
    unpacked.mkdir()
    try:
        with evaluation.input.open("rb") as fh:
            members = archive_members(fh)
            paths = archive_unpack(fh, members, unpacked)
    except ArchiveRefused as err:
        raise JobRefused([str(e) for e in err.errors]) from None
    return [(m.name, p, None) for m, p in zip(members, paths, strict=True)]


def upload_unit(source: str, body: str, units: list[str]) -> str:
    """The evaluation's unit an uploaded report is of: the one whose name its file name
    contains (the longest, so that 「县教育局」 does not take 「县教育局直属学校」's file);
    else the one its text names — the same name, or the only unit whose name contains the
    body's or is contained in it; else none (the report's own body then names it)."""
    stem = source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    in_name = [u for u in units if u and u in stem]
    if in_name:
        return max(in_name, key=len)
    body = body.strip()
    if not body:
        return ""
    if body in units:
        return body
    near = [u for u in units if u and (u in body or body in u)]
    return near[0] if len(near) == 1 else ""


def evaluation_body(job: Job, progress: Progress, folder: Path) -> Outcome:
    evaluation = Evaluation.objects.filter(pk=job.params.get("evaluation")).first()
    if evaluation is None:
        raise JobRefused([E_GONE])
    if "bulletin" in job.params:  # issuing the bulletin
        from gongkai.web.evaluations.bulletin import bulletin_issue

        progress(0, 3)
        try:
            bulletin_issue(
                evaluation=evaluation,
                user=job.created_by,
                today=date.fromisoformat(job.params["bulletin"]),
                progress=progress,
            )
        except EvaluationError as err:
            raise JobRefused(err.messages) from None
        return Outcome(summary={"evaluation": evaluation.pk, "issued": True}, outputs={})
    if "draft" in job.params:  # rendering the bulletin's draft
        from gongkai.web.evaluations.bulletin import bulletin_draft_render

        progress(0, 3)
        try:
            bulletin_draft_render(
                evaluation=evaluation,
                today=date.fromisoformat(job.params["draft"]),
                progress=progress,
            )
        except EvaluationError as err:
            raise JobRefused(err.messages) from None
        return Outcome(summary={"evaluation": evaluation.pk, "draft": True}, outputs={})
    failures: list[dict[str, Any]] = []
    if evaluation.source == Source.COLLECT:
        targets, failures = _collect(evaluation, folder, progress)
        if not targets:
            reasons = "；".join(f"{f['unit']}：{f['reason']}" for f in failures[:20])
            raise JobRefused([E_NOTHING.format(failures=reasons or "无")])
    else:
        targets = _unpack(evaluation, folder)
    total, done = len(targets), 0
    progress(0, total)

    def advance() -> None:
        nonlocal done
        done += 1
        progress(done, total)

    units = {s: g.unit or "" for s, _, g in targets if g is not None}
    names = list(evaluation.units.values_list("name", flat=True))
    run = BulkAudit(targets, jobs=1, named=True)
    records = [
        (
            r["source"],
            units.get(r["source"]) or upload_unit(r["source"], r.get("body") or "", names),
            r,
        )
        for r in run.records(advance)
    ]
    evaluation_results_save(evaluation=evaluation, reports=records, failures=failures)
    return Outcome(
        summary={"evaluation": evaluation.pk, "reports": len(records), "failures": len(failures)},
        outputs={},
    )
