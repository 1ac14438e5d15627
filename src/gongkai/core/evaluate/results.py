"""An evaluation: the scored reports arranged as an evaluator reports them — which report
of each unit is ranked, the ranking, last year's score beside this year's, the reports
left out of the ranking and why, and the most common problems.

Which report of a unit is ranked: the one of the evaluation's year when a year is asked,
else the unit's latest; the unit's report of the year before that is last year's (its
score is shown beside, and the audit has paired the two for the cross-year rules).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gongkai.core.evaluate.problems import problem_label
from gongkai.core.evaluate.scheme import Scheme
from gongkai.core.evaluate.scoring import ZERO, ReportScore, points_text
from gongkai.core.report.model import Severity

__all__ = ["Evaluation", "ProblemCount", "Ranked", "Unranked", "evaluate"]

R_UNREADABLE = "报告文件无法读取，未予评分：{error}"
R_DUPLICATE = "同一单位同一年度的另一份报告，未计入排名（排名按 {source}）"
R_OTHER_YEAR = "不是本次检查的{year}年度报告，未计入排名"
R_OLDER = "较早年度的报告，未计入排名"
R_NO_YEAR = "未能读出报告年度，未计入{year}年度排名"


@dataclass(frozen=True)
class Ranked:
    rank: int
    report: ReportScore
    #: The unit's report of the year before, when it was evaluated too.
    previous: ReportScore | None = None

    @property
    def change(self) -> Decimal | None:
        if self.previous is None or self.previous.score is None or self.report.score is None:
            return None
        return self.report.score - self.previous.score


@dataclass(frozen=True)
class Unranked:
    report: ReportScore
    reason: str


@dataclass(frozen=True)
class ProblemCount:
    """One kind of finding over the ranked reports: how many units and places, and the
    points it cost in all."""

    id: str
    label: str
    severity: Severity
    #: The labels of the indicators it was charged to (one per section for a finding that
    #: a scheme scores by section); none when the scheme scores it nowhere.
    indicators: tuple[str, ...]
    units: tuple[str, ...]
    occurrences: int
    points: Decimal


@dataclass(frozen=True)
class Evaluation:
    scheme: Scheme
    ranked: tuple[Ranked, ...]
    unranked: tuple[Unranked, ...]
    problems: tuple[ProblemCount, ...]
    #: The year asked for, if one was.
    year: int | None = None

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({r.report.year for r in self.ranked if r.report.year is not None}))

    @property
    def year_text(self) -> str:
        """「2023」, or 「2019至2024」 for a ranking over several years."""
        years = (self.year,) if self.year is not None else self.years
        if not years:
            return ""
        return str(years[0]) if len(years) == 1 else f"{years[0]}至{years[-1]}"

    def grade_counts(self) -> dict[str, int]:
        counts = Counter(r.report.grade for r in self.ranked)
        return {name: counts.get(name, 0) for name, _ in self.scheme.grades}

    @property
    def unreadable(self) -> tuple[Unranked, ...]:
        return tuple(u for u in self.unranked if u.report.error)

    def average(self) -> Decimal | None:
        scores = [r.report.score for r in self.ranked if r.report.score is not None]
        if not scores:
            return None
        return (sum(scores, ZERO) / len(scores)).quantize(Decimal("0.1"))


def evaluate(
    reports: Iterable[ReportScore], scheme: Scheme, *, year: int | None = None
) -> Evaluation:
    """Arrange scored reports into an evaluation (see the module's docstring)."""
    unranked: list[Unranked] = []
    by_unit: dict[str, list[ReportScore]] = defaultdict(list)
    for report in reports:
        if report.error is not None:
            unranked.append(Unranked(report, R_UNREADABLE.format(error=report.error)))
        else:
            by_unit[report.unit].append(report)
    chosen: list[tuple[ReportScore, ReportScore | None]] = []
    for unit_reports in by_unit.values():
        current, previous, rest = _choose(unit_reports, year)
        if current is not None:
            chosen.append((current, previous))
        unranked.extend(rest)
    chosen.sort(key=lambda c: (-(c[0].score or ZERO), c[0].unit))
    ranked: list[Ranked] = []
    for i, (current, previous) in enumerate(chosen):
        same = ranked and ranked[-1].report.score == current.score
        ranked.append(Ranked(ranked[-1].rank if same else i + 1, current, previous))
    return Evaluation(scheme, tuple(ranked), tuple(unranked), _problems(ranked, scheme), year)


def _choose(
    reports: list[ReportScore], year: int | None
) -> tuple[ReportScore | None, ReportScore | None, list[Unranked]]:
    """The unit's ranked report, its report of the year before, and the others with why."""
    years = [r.year for r in reports if r.year is not None]
    if year is not None:
        target: int | None = year
    else:
        target = max(years) if years else None
    current: ReportScore | None = None
    previous: ReportScore | None = None
    rest: list[Unranked] = []
    for r in reports:
        if r.year == target:
            if current is None:
                current = r
            else:
                rest.append(Unranked(r, R_DUPLICATE.format(source=current.source)))
        elif target is not None and r.year == target - 1 and previous is None:
            previous = r
        elif r.year is None:
            rest.append(Unranked(r, R_NO_YEAR.format(year=target)))
        elif year is not None:
            rest.append(Unranked(r, R_OTHER_YEAR.format(year=year)))
        else:
            rest.append(Unranked(r, R_OLDER))
    if current is None and previous is not None:  # only last year's: not ranked this year
        rest.append(Unranked(previous, R_OTHER_YEAR.format(year=year)))
        previous = None
    return current, previous, rest


def _problems(ranked: list[Ranked], scheme: Scheme) -> tuple[ProblemCount, ...]:
    units: dict[str, list[str]] = defaultdict(list)
    occurrences: Counter[str] = Counter()
    points: dict[str, Decimal] = defaultdict(lambda: ZERO)
    indicators: dict[str, dict[str, None]] = defaultdict(dict)  # ordered, unique
    severity: dict[str, Severity] = {}
    labels = {i.id: i.label for i in scheme.indicators}
    for r in ranked:
        seen: set[str] = set()
        for d in r.report.deductions:
            points[d.finding.id] += d.points
            indicators[d.finding.id][labels[d.indicator]] = None
        for f in r.report.findings:
            occurrences[f.id] += 1
            severity[f.id] = f.severity
            if f.id not in seen:
                seen.add(f.id)
                units[f.id].append(r.report.unit)
    found = [
        ProblemCount(
            i,
            problem_label(i),
            severity[i],
            tuple(indicators[i]),
            tuple(units[i]),
            occurrences[i],
            points[i],
        )
        for i in units
    ]
    found.sort(key=lambda p: (-len(p.units), -p.occurrences, p.id))
    return tuple(found)


def describe_score(report: ReportScore) -> str:
    """「85.5分，良好」, or 「未评分」."""
    if report.score is None:
        return "未评分"
    return f"{points_text(report.score)}分，{report.grade}"
