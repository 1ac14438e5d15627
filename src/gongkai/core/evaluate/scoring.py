"""One report's score under a scheme: each finding charged to an indicator, each
indicator losing at most its weight; the score is the total less the points lost.

Reports come as audit records (the JSON form of ``gongkai audit``, cross-year findings
included), so that scoring needs nothing but what the bulk audit already made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.core.evaluate.scheme import Indicator, Scheme
from gongkai.core.report.bodies import body_kind
from gongkai.core.report.formats import SECTIONS
from gongkai.core.report.model import Finding, Location, Severity

__all__ = [
    "ZERO",
    "Deduction",
    "ProblemGroup",
    "ReportScore",
    "Scorer",
    "finding_of",
    "points_text",
    "unit_name",
]

_LOCATION_FIELDS = frozenset(Location.__dataclass_fields__)
#: The section each table is printed in (表二 in 二, …).
_SECTION_OF_TABLE = {s.table: s.id for s in SECTIONS if s.table}
ZERO = Decimal(0)


@dataclass(frozen=True)
class Deduction:
    """Points an indicator lost for one finding (0 once the indicator is used up)."""

    indicator: str
    points: Decimal
    finding: Finding


@dataclass(frozen=True)
class ReportScore:
    """A report as scored: its unit, year and publication date, its score and grade (None
    for a report that could not be read), and every finding — charged to an indicator
    (``deductions``) or to none (``unscored``)."""

    source: str
    unit: str
    body: str | None
    year: int | None
    score: Decimal | None
    grade: str | None
    deductions: tuple[Deduction, ...] = ()
    unscored: tuple[Finding, ...] = ()
    published_on: str | None = None
    published_on_source: str | None = None
    error: str | None = None
    lost: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return body_kind(self.body or self.unit)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(d.finding for d in self.deductions) + self.unscored

    def grouped(self) -> list[ProblemGroup]:
        """The findings by id, in the order first found: what a page or a bulletin lists."""
        groups: dict[str, dict[str, Any]] = {}
        pairs: list[tuple[Finding, Decimal, str | None]] = [
            (d.finding, d.points, d.indicator) for d in self.deductions
        ]
        pairs += [(f, ZERO, None) for f in self.unscored]
        for f, points, indicator in pairs:
            g = groups.setdefault(
                f.id, {"finding": f, "indicator": indicator, "points": ZERO, "messages": []}
            )
            g["points"] += points
            g["messages"].append(f.message)
        return [
            ProblemGroup(
                i, g["finding"].severity, g["indicator"], g["points"], tuple(g["messages"])
            )
            for i, g in groups.items()
        ]


@dataclass(frozen=True)
class ProblemGroup:
    """The findings of one id in one report."""

    id: str
    severity: Severity
    indicator: str | None
    points: Decimal
    messages: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.messages)


def unit_name(record: Mapping[str, Any], given_unit: str | None = None) -> str:
    """Whose report it is: the unit it was collected or listed for, else the body the
    report names, else its file (「名称未能识别的单位（007.txt）」)."""
    if given_unit:
        return given_unit
    body = record.get("body")
    if isinstance(body, str) and body:
        return body
    return f"名称未能识别的单位（{Path(str(record.get('source', ''))).name}）"


def finding_of(data: Mapping[str, Any]) -> Finding:
    """A finding from its audit-record form."""
    loc = data.get("location") or {}
    return Finding(
        str(data["id"]),
        str(data.get("rule", "")),
        Severity(data.get("severity", "warning")),
        Location(**{k: v for k, v in loc.items() if k in _LOCATION_FIELDS}),
        str(data.get("message", "")),
        str(data.get("hint", "")),
    )


def section_of(finding: Finding) -> str | None:
    loc = finding.location
    return loc.section or _SECTION_OF_TABLE.get(loc.table or "")


def points_text(points: Decimal) -> str:
    """87.50 → 「87.5」, 90.0 → 「90」."""
    text = format(points.normalize(), "f")
    return "0" if text in ("-0", "0") else text


class Scorer:
    """Scores reports under one scheme (the routing of ids to indicators made once)."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self._routes: dict[str, list[Indicator]] = {}
        for indicator in scheme.indicators:
            for finding_id in indicator.points:
                self._routes.setdefault(finding_id, []).append(indicator)

    def indicator_for(self, finding: Finding) -> Indicator | None:
        """The first indicator (in the scheme's order) that takes the finding."""
        section = None
        for indicator in self._routes.get(finding.id, ()):
            if indicator.section is None:
                return indicator
            if section is None:
                section = section_of(finding) or ""
            if indicator.section == section:
                return indicator
        return None

    def score(self, record: Mapping[str, Any], given_unit: str | None = None) -> ReportScore:
        """The score of one audit record (a record with ``error`` is not scored)."""
        common: dict[str, Any] = {
            "source": str(record.get("source", "")),
            "unit": unit_name(record, given_unit),
            "body": record.get("body") or None,
            "year": record.get("year") if isinstance(record.get("year"), int) else None,
            "published_on": record.get("published_on"),
            "published_on_source": record.get("published_on_source"),
        }
        error = record.get("error")
        if error:
            message = error.get("message") if isinstance(error, dict) else str(error)
            return ReportScore(score=None, grade=None, error=str(message), **common)
        lost = {i.id: ZERO for i in self.scheme.indicators}
        deductions: list[Deduction] = []
        unscored: list[Finding] = []
        for data in record.get("findings", ()):
            finding = finding_of(data)
            indicator = self.indicator_for(finding)
            if indicator is None:
                unscored.append(finding)
                continue
            points = min(indicator.points[finding.id], indicator.weight - lost[indicator.id])
            lost[indicator.id] += points
            deductions.append(Deduction(indicator.id, points, finding))
        score = self.scheme.total - sum(lost.values(), ZERO)
        return ReportScore(
            score=score,
            grade=self.scheme.grade(score),
            deductions=tuple(deductions),
            unscored=tuple(unscored),
            lost=lost,
            **common,
        )
