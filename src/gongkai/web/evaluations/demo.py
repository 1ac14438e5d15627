"""The demo county's evaluation: the office's check of its units' annual reports of the
last full year, already computed, so that the workspace shows a ranking, deductions, a
unit whose report was not found and a bulletin to edit on first sight.

Each unit's report is the one its records compile to (``reports.report_compile``), with
the narrative it wrote; a few are spoiled the way real reports are — a part left out, a
total that does not add up, a report published late — deterministically, by the unit's
place in the list. They are audited as the workspace's job audits uploads (core's bulk
audit, the two years paired), with publication dates given as a list would give them."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from gongkai.core.report.batch import Given
from gongkai.core.report.bulk import BulkAudit
from gongkai.core.report.formats import SECTIONS
from gongkai.core.report.model import Section, Value
from gongkai.core.report.render import render_html
from gongkai.web.audit.services import audit_record
from gongkai.web.evaluations.models import Evaluation, Source
from gongkai.web.evaluations.services import evaluation_results_save
from gongkai.web.reports.services import report_compile
from gongkai.web.units.models import Unit


def _narrative(unit: Unit, year: int, i: int) -> dict[str, str]:
    texts = {
        "sec1": f"{year}年，{unit.name}认真贯彻《中华人民共和国政府信息公开条例》，"
        f"围绕本部门职责做好主动公开和依申请公开工作，全年重点公开了{'财政预决算、行政许可' if i % 2 else '政策文件、民生事项'}等信息。",
        "sec5": f"{year}年仍存在公开内容不够全面、更新不够及时等问题。"
        f"{year + 1}年将加强培训，完善{'信息发布审核' if i % 3 else '依申请公开办理'}制度。",
        "sec6": "本年度未收取信息处理费。",
    }
    if i % 5 == 1:  # part five left out
        del texts["sec5"]
    return texts


def _report_file(unit: Unit, year: int, i: int, folder: Path, *, spoil: bool) -> Path:
    report = report_compile(unit=unit, year=year).report
    narrative = _narrative(unit, year, i)
    sections = dict(report.sections)
    titles = {s.id: s.title for s in SECTIONS}
    for key, text in narrative.items():
        sections[key] = Section(key, titles[key], text, 0)
    if spoil and i % 4 == 2:  # Table 3's total of new applications off by a few
        cells = dict(report.cells)
        total = cells.get("apply.new.total")
        number = total.number if total is not None and total.number is not None else 0
        cells["apply.new.total"] = Value.of(number + 3)
        report = replace(report, cells=cells)
    path = folder / f"{unit.code}-{year}.html"
    path.write_text(render_html(replace(report, sections=sections)), encoding="utf-8")
    return path


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
                deadline = unit.report_deadline(y)
                late = y == year and i % 6 == 3
                published = (
                    deadline + timedelta(days=9) if late else deadline - timedelta(days=i + 2)
                )
                path = _report_file(unit, y, i, folder, spoil=y == year)
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
