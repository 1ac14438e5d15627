"""The audit JSON form of a report and its findings (docs/audit-result.schema.json)."""

from __future__ import annotations

from typing import Any

from gongkai.core.report.model import AnnualReport, Finding

__all__ = ["audit_record"]


def audit_record(report: AnnualReport, findings: list[Finding]) -> dict[str, Any]:
    """One line of ``gongkai audit --format json``."""
    return {
        "source": report.source,
        "format": report.format.value if report.format else None,
        "body": report.body,
        "year": report.year,
        "cells": {cell: value.json_number() for cell, value in report.cells.items()},
        "findings": [f.as_dict() for f in findings],
    }
