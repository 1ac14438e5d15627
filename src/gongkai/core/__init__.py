"""gongkai's pure-Python core: the annual report's model, formats, readers and rules.

No Django, no click, no rich, no database: the web application and the command
line call this package, never the other way round.
"""

from gongkai.core.errors import GongkaiError, ParseError
from gongkai.core.report.formats import FORMATS, ReportFormat, Version, format_for_year
from gongkai.core.report.model import (
    AnnualReport,
    Finding,
    Location,
    Section,
    Severity,
    Value,
    ValueKind,
)
from gongkai.core.report.parse import parse_text
from gongkai.core.report.parse.files import read_report
from gongkai.core.report.rules import CATALOGUE, check
from gongkai.core.report.serialize import audit_record

__all__ = [
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
