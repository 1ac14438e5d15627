"""The core's public API is small, deliberate, and free of the outer layers."""

from __future__ import annotations

import subprocess
import sys

import gongkai.core


def test_public_api_is_locked():
    assert sorted(gongkai.core.__all__) == sorted(
        [
            "CATALOGUE",
            "FORMATS",
            "AnnualReport",
            "Finding",
            "GongkaiError",
            "Location",
            "ParseError",
            "ReportFormat",
            "Section",
            "Severity",
            "Value",
            "ValueKind",
            "Version",
            "audit_record",
            "check",
            "format_for_year",
            "parse_text",
            "read_report",
        ]
    )
    for name in gongkai.core.__all__:
        assert getattr(gongkai.core, name) is not None


def test_importing_the_core_loads_no_outer_layer():
    code = (
        "import sys, gongkai.core, gongkai.core.report.render;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'click', 'rich')"
        " or m.startswith(('gongkai.web', 'gongkai.cli'))];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_parse_error_carries_source_and_line():
    err = gongkai.core.ParseError("坏了", line=7, source="a.txt")
    assert str(err) == "a.txt:7: 坏了"
    assert isinstance(err, gongkai.core.GongkaiError)
