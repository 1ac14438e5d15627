"""The demo county's evaluation: the office's check of its units' annual reports of the
last full year, already computed, so that the workspace shows a ranking, deductions, a
unit whose report was not found and a bulletin to edit on first sight.

Each unit's report is the one its records compile to (``reports.report_compile``), with
the narrative it wrote; a few are spoiled the way real reports are, deterministically by
the unit's place in the list: overviews copied from last year's, a total that does not
add up (two units this year, others last year), a department's report published late
and the last unit's not published at all (as the demo's reports are on the portal).
They are audited as the workspace's job audits uploads (core's bulk audit, the two
years paired), with publication dates given as a list would give them."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from gongkai.core.report.batch import Given
from gongkai.core.report.bulk import BulkAudit
from gongkai.core.report.formats import SECTIONS
from gongkai.core.report.model import Section, Value
from gongkai.core.report.render import render_html
from gongkai.web.audit.services import audit_record
from gongkai.web.evaluations.models import Evaluation, Source
from gongkai.web.evaluations.services import evaluation_results_save
from gongkai.web.reports.models import ReportStatus, ReportVersion, Scope
from gongkai.web.reports.services import report_compile
from gongkai.web.units.models import Unit

#: What a unit's year's overview dwells on: a different theme each year.
THEMES = (
    "深化财政预决算和重大建设项目信息公开，及时回应社会关切，规范政策解读发布流程",
    "推进基层政务公开标准化规范化，编制完善主动公开目录，加强政府网站和政务新媒体管理",
    "做好依申请公开办理，严格按照法定时限答复，健全政府信息公开申请登记、审核、办理制度",
    "加强政策文件集中公开和动态更新，规范性文件统一登记、统一编号、统一公布",
)


def demo_narrative(unit: Unit, year: int, i: int, *, copied: bool) -> dict[str, str]:
    theme = THEMES[(i + year) % len(THEMES)]
    if copied:  # the overview copied from last year's
        theme = THEMES[(i + year - 1) % len(THEMES)]
        year -= 1
    return {
        "sec1": f"{year}年，{unit.name}认真贯彻《中华人民共和国政府信息公开条例》，{theme}。",
        "sec5": f"工作中仍存在公开内容不够全面、更新不够及时等问题。下一步将{theme[:12]}。",
        "sec6": "本年度未收取信息处理费。",
    }


def _report_file(unit: Unit, year: int, i: int, folder: Path, *, spoil: int, copied: bool) -> Path:
    """The unit's report of ``year``; ``spoil`` (0: none) is how much Table 3's total of
    new applications is off."""
    report = report_compile(unit=unit, year=year).report
    sections = dict(report.sections)
    titles = {s.id: s.title for s in SECTIONS}
    for key, text in demo_narrative(unit, year, i, copied=copied).items():
        sections[key] = Section(key, titles[key], text, 0)
    if spoil:
        cells = dict(report.cells)
        total = cells.get("apply.new.total")
        number = total.number if total is not None and total.number is not None else 0
        cells["apply.new.total"] = Value.of(number + spoil)
        report = replace(report, cells=cells)
    path = folder / f"{unit.code}-{year}.html"
    path.write_text(render_html(replace(report, sections=sections)), encoding="utf-8")
    return path


def _published_on(unit: Unit, year: int) -> date:
    """The day ``unit`` published its report of ``year`` on the portal (the demo
    published it, late or on time: see ``demo_reports``)."""
    at = (
        ReportVersion.objects.filter(
            unit=unit, year=year, scope=Scope.UNIT, status=ReportStatus.PUBLISHED
        )
        .order_by("number")
        .values_list("published_at", flat=True)
        .first()
    )
    return timezone.localtime(at).date() if at is not None else unit.report_deadline(year)


def demo_evaluation(*, units: list[Unit], year: int, office: Any) -> Evaluation:
    """A computed evaluation of ``units``' reports of ``year`` (the last one's report not
    found), with last year's reports compared."""
    evaluation = Evaluation.objects.create(
        name=f"示例县{year}年度政府信息公开工作年度报告检查",
        years=[year],
        source=Source.UPLOAD,
        created_by=office,
    )
    evaluation.units.set(units)
    targets: list[tuple[str, Path | None, Given | None]] = []
    with tempfile.TemporaryDirectory(prefix="gongkai-demo-") as tmp:
        folder = Path(tmp)
        for i, unit in enumerate(units[:-1]):
            for y in (year - 1, year):
                published = _published_on(unit, y)
                spoil = (3 if i % 4 == 2 else 0) if y == year else (2 if i % 4 == 0 else 0)
                copied = y == year and i % 7 == 4
                path = _report_file(unit, y, i, folder, spoil=spoil, copied=copied)
                given = Given(published, "list", unit.name, y)
                targets.append((f"{unit.name}{y}年度报告.html", path, given))
        units_of = {source: g.unit or "" for source, _, g in targets if g is not None}
        records = [
            (r["source"], units_of[r["source"]], r)
            for r in BulkAudit(targets, jobs=1, named=True).records()
        ]
    missing = units[-1]
    failures = [{"unit": missing.name, "url": "", "reason": f"网站上未找到{year}年度报告"}]
    evaluation_results_save(evaluation=evaluation, reports=records, failures=failures)
    audit_record(
        actor=office,
        action="evaluation.create",
        obj=evaluation,
        units=[u.name for u in units],
        year=[year],
        source=Source.UPLOAD,
    )
    return evaluation
