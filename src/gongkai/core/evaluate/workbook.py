"""An evaluation as an XLSX workbook (openpyxl, write-only): the sheets ``ranking``,
``deductions``, ``problems``, ``years`` (this year against last) and ``scheme``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.core.evaluate.problems import problem_label
from gongkai.core.evaluate.results import Evaluation
from gongkai.core.evaluate.scoring import ReportScore
from gongkai.core.report.model import Finding

__all__ = ["finding_place", "write_workbook"]

SOURCE_NAMES = {"manifest": "采集清单", "list": "输入清单", "text": "报告页面"}
LEVELS = {"error": "错误", "warning": "警告", "info": "提示"}
NOTE_FULL = "本指标已扣满"
NOTE_UNSCORED = "（不计分）"


def finding_place(finding: Finding) -> str:
    """Where a finding points, in words: 「表三 / （一）予以公开 / 自然人 / 第12行」."""
    loc = finding.location
    parts = [p for p in (loc.table_label, loc.row_label, loc.column_label) if p]
    if loc.section and not loc.table:
        parts.append(f"第{'一二三四五六'[int(loc.section[3:]) - 1]}部分")
    if loc.line:
        parts.append(f"第{loc.line}行")
    return " / ".join(parts)


def _n(d: Decimal | None) -> float | int | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def write_workbook(evaluation: Evaluation, path: str | Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _ranking(book, evaluation)
    _deductions(book, evaluation)
    _problems(book, evaluation)
    if any(r.previous for r in evaluation.ranked):
        _years(book, evaluation)
    _scheme(book, evaluation)
    book.save(path)


def _sheet(book: Any, title: str, header: list[str], widths: list[int]) -> Any:
    sheet = book.create_sheet(title)
    for i, w in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = w
    sheet.freeze_panes = "A2"
    sheet.append(header)
    return sheet


def _ranking(book: Any, ev: Evaluation) -> None:
    indicators = ev.scheme.indicators
    header = [
        "名次",
        "单位",
        "年度",
        "得分",
        "等次",
        "上年得分",
        "较上年",
        *(f"扣分：{i.label}" for i in indicators),
        "发现问题数",
        "发布日期",
        "日期来源",
        "文件",
        "说明",
    ]
    widths = [6, 30, 7, 7, 8, 9, 8, *(10 for _ in indicators), 10, 12, 10, 40, 40]
    sheet = _sheet(book, "ranking", header, widths)

    def row(rank: int | None, r: ReportScore, prev: ReportScore | None, note: str) -> list[Any]:
        change = None
        if prev is not None and prev.score is not None and r.score is not None:
            change = r.score - prev.score
        return [
            rank,
            r.unit,
            r.year,
            _n(r.score),
            r.grade,
            _n(prev.score) if prev else None,
            _n(change),
            *(_n(r.lost.get(i.id)) if r.score is not None else None for i in indicators),
            len(r.findings) if r.score is not None else None,
            r.published_on,
            SOURCE_NAMES.get(r.published_on_source or "", r.published_on_source),
            r.source,
            note,
        ]

    for ranked in ev.ranked:
        sheet.append(row(ranked.rank, ranked.report, ranked.previous, ""))
    for u in ev.unranked:
        sheet.append(row(None, u.report, None, u.reason))


def _deductions(book: Any, ev: Evaluation) -> None:
    header = [
        "名次",
        "单位",
        "年度",
        "指标",
        "扣分",
        "编号",
        "问题",
        "说明",
        "位置",
        "级别",
        "备注",
    ]
    sheet = _sheet(book, "deductions", header, [6, 30, 7, 22, 6, 12, 30, 60, 30, 6, 14])
    labels = {i.id: i.label for i in ev.scheme.indicators}
    for ranked in ev.ranked:
        r = ranked.report
        head = [ranked.rank, r.unit, r.year]
        for d in r.deductions:
            f = d.finding
            per = ev.scheme.indicator(d.indicator).points[f.id]
            note = NOTE_FULL if d.points < per else ""
            sheet.append(
                [
                    *head,
                    labels[d.indicator],
                    _n(d.points),
                    f.id,
                    problem_label(f.id),
                    f.message,
                    finding_place(f),
                    LEVELS[f.severity.value],
                    note,
                ]
            )
        for f in r.unscored:
            sheet.append(
                [
                    *head,
                    NOTE_UNSCORED,
                    0,
                    f.id,
                    problem_label(f.id),
                    f.message,
                    finding_place(f),
                    LEVELS[f.severity.value],
                    "评分方案未计入此项",
                ]
            )


def _problems(book: Any, ev: Evaluation) -> None:
    header = [
        "编号",
        "问题",
        "级别",
        "指标",
        "单位数",
        "占比（%）",
        "出现次数",
        "合计扣分",
        "涉及单位",
    ]
    sheet = _sheet(book, "problems", header, [12, 40, 6, 22, 8, 9, 9, 9, 80])
    total = len(ev.ranked) or 1
    for p in ev.problems:
        sheet.append(
            [
                p.id,
                p.label,
                LEVELS[p.severity.value],
                "、".join(p.indicators) or NOTE_UNSCORED,
                len(p.units),
                round(100 * len(p.units) / total, 1),
                p.occurrences,
                _n(p.points),
                "、".join(p.units),
            ]
        )


def _years(book: Any, ev: Evaluation) -> None:
    header = [
        "单位",
        "上年年度",
        "上年得分",
        "上年等次",
        "本年年度",
        "本年得分",
        "本年等次",
        "变化",
    ]
    sheet = _sheet(book, "years", header, [30, 9, 9, 9, 9, 9, 9, 8])
    for r in ev.ranked:
        if r.previous is None:
            continue
        p = r.previous
        sheet.append(
            [
                r.report.unit,
                p.year,
                _n(p.score),
                p.grade,
                r.report.year,
                _n(r.report.score),
                r.report.grade,
                _n(r.change),
            ]
        )


def _scheme(book: Any, ev: Evaluation) -> None:
    scheme = ev.scheme
    sheet = _sheet(
        book, "scheme", ["指标", "名称", "分值", "计入", "每项扣分"], [14, 40, 6, 50, 60]
    )
    for i in scheme.indicators:
        per = "；".join(f"{k} {_n(v)}" for k, v in sorted(i.points.items()))
        where = f"（限{i.section}）" if i.section else ""
        sheet.append([i.id, i.label, _n(i.weight), "、".join(i.match) + where, per])
    sheet.append([])
    sheet.append(["方案", scheme.name, _n(scheme.total)])
    for name, _ in scheme.grades:
        sheet.append(["等次", name, None, scheme.band(name)])
