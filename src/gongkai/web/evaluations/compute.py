"""From the stored audit records to core's evaluation, and back to rows.

The scores are always computed by core (:class:`~gongkai.core.evaluate.scoring.Scorer`,
:func:`~gongkai.core.evaluate.results.evaluate`) from the evaluation's audit records, its
scheme, and its overrides (an overridden finding is left out of its record, so the report
is scored as if the audit had not found it). Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from gongkai.core.evaluate.bulletin import AnnexRow, Bulletin, Part, draft_bulletin
from gongkai.core.evaluate.bulletin_text import UNSCORED, quoted
from gongkai.core.evaluate.results import Evaluation as CoreEvaluation
from gongkai.core.evaluate.results import evaluate
from gongkai.core.evaluate.scheme import Scheme, default_scheme, parse_scheme
from gongkai.core.evaluate.scoring import ZERO, ReportScore, Scorer, finding_of
from gongkai.core.evaluate.workbook import finding_place
from gongkai.web.evaluations.models import EvaluatedReport, Evaluation, Override

#: The reason given for a unit of the evaluation whose report was not found.
R_NOT_FOUND = "未找到该单位{year}年度的政府信息公开工作年度报告"
#: Said in the overall picture of the units whose report was not found.
P_MISSING = (
    "另有{n}个单位（{names}）未找到{year}年度政府信息公开工作年度报告，未予评分（见附件1）。"
)
#: The heading of the bulletin's part whose paragraphs the office may rewrite.
OVERALL_HEADING = "二、总体情况"


def evaluation_scheme(evaluation: Evaluation) -> Scheme:
    if not evaluation.scheme_text:
        return default_scheme()
    return parse_scheme(evaluation.scheme_text, source="评分方案")


@dataclass(frozen=True)
class FindingRow:
    """A finding of a unit's ranked report as the results page lists it."""

    index: int
    id: str
    rule: str
    severity: str
    indicator: str
    points: Decimal
    message: str
    place: str
    override: Override | None


@dataclass(frozen=True)
class Computed:
    core: CoreEvaluation
    #: Each ranked or unranked report's stored row, by its source.
    reports: dict[str, EvaluatedReport]
    #: The units of the evaluation whose report was not found, with the reason.
    missing: list[tuple[str, str]]
    scorer: Scorer

    def findings(self, score: ReportScore) -> list[FindingRow]:
        """Every finding of the report — each charged (or not) to an indicator, with the
        overridden ones at 0 and their override — in the audit record's order."""
        report = self.reports[score.source]
        overrides = {o.finding_index: o for o in report.overrides.all()}
        labels = {i.id: i.label for i in self.scorer.scheme.indicators}
        deductions, unscored = iter(score.deductions), iter(score.unscored)
        rows = []
        for index, data in enumerate(report.record.get("findings", ())):
            finding = finding_of(data)
            override = overrides.get(index)
            indicator, points = "", ZERO
            if override is None:
                if self.scorer.indicator_for(finding) is None:
                    next(unscored)
                else:
                    d = next(deductions)
                    indicator, points = labels[d.indicator], d.points
            rows.append(
                FindingRow(
                    index,
                    finding.id,
                    finding.rule,
                    finding.severity.value,
                    indicator,
                    points,
                    finding.message,
                    finding_place(finding),
                    override,
                )
            )
        return rows


def evaluation_compute(*, evaluation: Evaluation) -> Computed:
    """Score every stored report under the evaluation's scheme, its overrides applied,
    and rank them (core), with the evaluation's units whose report was not found."""
    scorer = Scorer(evaluation_scheme(evaluation))
    reports: dict[str, EvaluatedReport] = {}
    scores = []
    for report in evaluation.reports.prefetch_related("overrides"):
        skipped = {o.finding_index for o in report.overrides.all()}
        record = dict(report.record)
        record["findings"] = [
            f for i, f in enumerate(record.get("findings", ())) if i not in skipped
        ]
        scores.append(scorer.score(record, report.given_unit or None))
        reports[scores[-1].source] = report
    core = evaluate(scores, scorer.scheme, year=evaluation.year)
    found = {r.report.unit for r in core.ranked}
    reasons: dict[str, list[str]] = {}
    for failure in evaluation.failures:
        reasons.setdefault(str(failure.get("unit", "")), []).append(str(failure["reason"]))
    missing = []
    for unit in evaluation.units.order_by("path"):
        if unit.name not in found:
            why = reasons.get(unit.name) or [R_NOT_FOUND.format(year=evaluation.year)]
            missing.append((unit.name, "；".join(dict.fromkeys(why))))
    return Computed(core, reports, missing, scorer)


def evaluation_bulletin(*, computed: Computed, fields: dict[str, str], today: date) -> Bulletin:
    """The bulletin on the evaluation as it stands (core's draft), with the office's
    edits — title, number, date, issuer, the overall picture — and the units whose report
    was not found added to the annex."""
    b = draft_bulletin(computed.core, issued_on=today, issuer=fields.get("issuer") or None)
    year = str(computed.core.year or "")
    annex = list(b.annex)
    named = {row.unit for row in annex}
    for unit, reason in computed.missing:
        if unit not in named:
            annex.append(AnnexRow(unit, year, "—", UNSCORED, (quoted(reason.rstrip("。") + "。"),)))
    overall = [p.strip() for p in fields.get("overall", "").split("\n") if p.strip()]
    if not overall and computed.missing:  # the draft's own words, and the units left out
        names = "、".join(unit for unit, _ in computed.missing)
        overall = [
            *next(p.paragraphs for p in b.parts if p.heading == OVERALL_HEADING),
            P_MISSING.format(n=len(computed.missing), names=names, year=year),
        ]
    parts = tuple(
        Part(p.heading, tuple(overall), p.table) if p.heading == OVERALL_HEADING and overall else p
        for p in b.parts
    )
    return replace(
        b,
        title=fields.get("title") or b.title,
        number=fields.get("number", ""),
        date=fields.get("date") or b.date,
        parts=parts,
        annex=tuple(annex),
    )


def overall_text(bulletin: Bulletin) -> str:
    """The paragraphs of the overall picture, one a line (the form's initial value)."""
    for part in bulletin.parts:
        if part.heading == OVERALL_HEADING:
            return "\n".join(part.paragraphs)
    return ""
