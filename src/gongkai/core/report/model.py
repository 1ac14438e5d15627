"""The annual report as data: values, sections, findings and the report itself.

A report holds only what its source shows. A cell it does not show is absent from
``AnnualReport.cells``; a cell it shows holds a :class:`Value` that keeps apart a
number (``0`` included), a blank cell, a not-applicable mark (「/」「—」「-」) and
text that is not a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from gongkai.core.report.formats import FORMATS, ReportFormat, Version

__all__ = [
    "AnnualReport",
    "Finding",
    "Location",
    "Section",
    "Severity",
    "Value",
    "ValueKind",
]


_new = object.__new__

#: Columns that state a total: left blank, they state nothing (rather than 0).
_TOTAL_COLUMNS = (".total", ".le_subtotal")


class ValueKind(StrEnum):
    NUMBER = "number"
    BLANK = "blank"  # the cell is printed empty
    NOT_APPLICABLE = "not_applicable"  # 「/」「—」「-」「无」
    INVALID = "invalid"  # text that is not a number


@dataclass(frozen=True)
class Value:
    """One printed cell."""

    kind: ValueKind
    number: Decimal | None = None
    raw: str = ""
    unit: str | None = None  # a unit printed in the cell (元, 万元, 件 …)
    line: int | None = None  # 1-based source line

    @classmethod
    def of(
        cls, number: int | str | Decimal, *, raw: str | None = None, line: int | None = None
    ) -> Value:
        d = Decimal(number)
        return cls(ValueKind.NUMBER, d, raw if raw is not None else str(number), None, line)

    @classmethod
    def read(
        cls, kind: ValueKind, number: Decimal | None, raw: str, unit: str | None, line: int | None
    ) -> Value:
        """``Value(kind, number, raw, unit, line)``, made the way the readers need it for
        every cell they read: without the five ``object.__setattr__`` calls of a frozen
        dataclass's ``__init__`` (a third of the cost). Equal to the one ``__init__``
        makes (a test holds the two to the same fields)."""
        v = _new(cls)
        v.__dict__.update(kind=kind, number=number, raw=raw, unit=unit, line=line)
        return v

    @property
    def is_number(self) -> bool:
        return self.kind is ValueKind.NUMBER

    @property
    def as_sum_term(self) -> Decimal | None:
        """The value in a sum: a number, 0 for a blank or not-applicable cell, None if unreadable."""
        if self.kind is ValueKind.NUMBER:
            return self.number
        if self.kind in (ValueKind.BLANK, ValueKind.NOT_APPLICABLE):
            return Decimal(0)
        return None

    def json_number(self) -> int | float | None:
        if self.number is None:
            return None
        if self.number == self.number.to_integral_value():
            return int(self.number)
        return float(self.number)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Location:
    """Where a finding points: a table, a row, a column, a cell, a narrative section."""

    table: str | None = None  # "active" | "apply" | "review"
    table_label: str | None = None
    row: str | None = None
    row_label: str | None = None
    column: str | None = None
    column_label: str | None = None
    cell: str | None = None
    section: str | None = None  # "sec1" … "sec6"
    line: int | None = None

    def __init__(
        self,
        table: str | None = None,
        table_label: str | None = None,
        row: str | None = None,
        row_label: str | None = None,
        column: str | None = None,
        column_label: str | None = None,
        cell: str | None = None,
        section: str | None = None,
        line: int | None = None,
    ) -> None:
        # The dataclass's own __init__ (which a class's __init__ replaces), without its
        # nine ``object.__setattr__`` calls: rules make many locations for each report.
        # A test holds the two to the same fields.
        self.__dict__.update(
            table=table,
            table_label=table_label,
            row=row,
            row_label=row_label,
            column=column,
            column_label=column_label,
            cell=cell,
            section=section,
            line=line,
        )

    def as_dict(self) -> dict[str, str | int]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Finding:
    id: str  # stable, catalogued in docs/rules.md, e.g. "T3.E001"
    rule: str  # "R1" … "R9", "SUB", "FMT", "STRUCT", "META"
    severity: Severity
    location: Location
    message: str  # Chinese, states the numbers
    hint: str

    def __init__(
        self,
        id: str,
        rule: str,
        severity: Severity,
        location: Location,
        message: str,
        hint: str,
    ) -> None:
        # As :class:`Location`'s: the dataclass's __init__ without ``object.__setattr__``.
        self.__dict__.update(
            id=id, rule=rule, severity=severity, location=location, message=message, hint=hint
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "rule": self.rule,
            "severity": self.severity.value,
            "location": self.location.as_dict(),
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Section:
    """A narrative section (一、五、六, and any text printed under 二、三、四)."""

    id: str  # "sec1" … "sec6"
    heading: str  # as printed
    text: str
    line: int  # line of the heading


@dataclass(frozen=True)
class RowShape:
    """What the reader saw of one table row: for the structure and format rules."""

    row: str  # row id (or virtual group id)
    label: str  # as printed
    line: int
    cells: int  # how many cells the row printed
    expected: int


@dataclass(frozen=True)
class AnnualReport:
    """One annual report, as printed in one source."""

    source: str
    format: Version | None
    body: str | None
    year: int | None
    title: str | None = None
    sections: Mapping[str, Section] = field(default_factory=dict)
    cells: Mapping[str, Value] = field(default_factory=dict)
    #: Findings the reader made about the layout (rows with missing cells, …).
    reading: tuple[Finding, ...] = ()
    #: Tables the source shows at all, by table id, with the line where each starts.
    tables: Mapping[str, int] = field(default_factory=dict)
    #: Label of every row the source printed, by row id (for the format rules).
    rows: Mapping[str, RowShape] = field(default_factory=dict)
    #: Where the text ends before the report does (inside a table, or before section 六),
    #: described for the cut-off finding; None for a text that reaches its end.
    truncated_after: str | None = None
    #: The last line of the source that holds anything.
    end_line: int | None = None
    #: The publication date the page or document prints (发布日期/发布时间/公开日期), if any,
    #: or the date given with the source (a collector's manifest, an input list).
    published_on: date | None = None
    #: Where ``published_on`` comes from: ``"text"`` (the source prints it; None means
    #: the same), ``"manifest"`` (``gongkai collect``'s store) or ``"list"`` (an input list).
    published_on_source: str | None = None
    #: The year of the statistics period the text states (统计期限自Y年1月1日…), if any.
    period_year: int | None = None
    #: How many parts the preamble says the report has (全文包括…六部分), if it says.
    announced_parts: int | None = None
    #: A report title the opening quotes as this report's own (「现将《…2023年政府信息公开工作
    #: 年度报告》公布如下」): its year and the title as printed, if the opening quotes one.
    named_as: tuple[int, str] | None = None

    @property
    def spec(self) -> ReportFormat | None:
        return FORMATS[self.format] if self.format else None

    def number(self, cell: str) -> Decimal | None:
        """The cell as a term of a sum: blank and 「/」 count 0, except in a total column
        (a total left blank states nothing); None when not shown or unreadable."""
        return self.terms.get(cell)

    @cached_property
    def terms(self) -> Mapping[str, Decimal]:
        """:meth:`number` of every cell that has one, worked out once: the rules ask for
        the same cells many times over (every sum they check)."""
        terms: dict[str, Decimal] = {}
        for cell, v in self.cells.items():
            if v.kind is ValueKind.NUMBER:
                n = v.number
            elif cell.endswith(_TOTAL_COLUMNS):
                continue
            else:
                n = v.as_sum_term
            if n is not None:
                terms[cell] = n
        return terms
