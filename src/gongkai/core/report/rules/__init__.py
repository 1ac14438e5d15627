"""The consistency rules a report is held to (spec §4), and :func:`check`."""

from __future__ import annotations

from gongkai.core.report.model import AnnualReport, Finding, Severity
from gongkai.core.report.rules import (
    arithmetic,
    crossyear,
    narrative,
    plausibility,
    practice,
    structure,
    values,
)
from gongkai.core.report.rules.catalogue import CATALOGUE, RuleInfo

__all__ = ["CATALOGUE", "RuleInfo", "check"]

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def check(report: AnnualReport, prior: AnnualReport | None = None) -> list[Finding]:
    """Every finding for ``report``: the reader's, then the rules', errors first.

    R5 and R9 run only when ``prior`` (the same body's report for the year before) is given.
    """
    found = [
        *report.reading,
        *structure.check(report),
        *values.check(report),
        *arithmetic.check(report),
        *narrative.check(report),
        *practice.check(report),
        *plausibility.check(report),
    ]
    if prior is not None:
        found += crossyear.check(report, prior)
    return sorted(found, key=lambda f: (_ORDER[f.severity], f.id))
