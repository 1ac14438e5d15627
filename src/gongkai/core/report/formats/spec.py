"""The shapes of a report format: its version, its tables, their rows, columns, Table 2's
blocks and Table 3's groups, and the narrative sections. The formats themselves, as data
of these shapes, are in the sibling modules and gathered in
:data:`gongkai.core.report.formats.FORMATS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cached_property

__all__ = [
    "Block",
    "Column",
    "Group",
    "Kind",
    "ReportFormat",
    "Row",
    "SectionSpec",
    "TableSpec",
    "Version",
]


class Version(StrEnum):
    """A format version, named by the year its format was issued."""

    V2019 = "2019"
    V2021 = "2021"


class Kind(Enum):
    """What a column holds."""

    COUNT = "count"  # an integer >= 0
    DELTA = "delta"  # a signed integer (2019 本年增/减)
    AMOUNT = "amount"  # a decimal >= 0 (万元, or a printed 采购总金额)


# Rows and columns are the format's singletons: compared and hashed by identity, which
# keeps the readers' caches keyed by them cheap.
@dataclass(frozen=True, eq=False)
class Column:
    id: str
    label: str
    kind: Kind = Kind.COUNT
    match: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Row:
    """A data row: a label followed by one value per column."""

    id: str
    label: str
    columns: tuple[Column, ...]
    match: tuple[str, ...]
    group: str | None = None  # the id of the virtual group row, e.g. apply.result.deny
    table: str = ""

    def cell_id(self, column: Column) -> str:
        return f"{self.id}.{column.id}"

    @property
    def cell_ids(self) -> tuple[str, ...]:
        return tuple(self.cell_id(c) for c in self.columns)


@dataclass(frozen=True)
class Block:
    """A block of Table 2, headed by 「第二十条第（X）项」."""

    id: str
    label: str
    item: str  # the Art. 20 item numeral, e.g. "一"
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Group:
    """A label-only row of Table 3 that heads numbered sub-rows (e.g. （三）不予公开)."""

    id: str
    label: str
    match: tuple[str, ...]
    rows: tuple[str, ...]  # ids of its sub-rows


@dataclass(frozen=True)
class TableSpec:
    id: str  # "active", "apply", "review"
    section: str  # "sec2", "sec3", "sec4"
    name: str  # 表二 …, used in messages
    title: str
    rows: tuple[Row, ...]
    blocks: tuple[Block, ...] = ()
    groups: tuple[Group, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    id: str
    numeral: str
    title: str
    match: tuple[str, ...]
    table: str | None = None


@dataclass(frozen=True)
class ReportFormat:
    version: Version
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionSpec, ...] = field(default=())

    @cached_property
    def rows(self) -> dict[str, Row]:
        return {row.id: row for table in self.tables for row in table.rows}

    @cached_property
    def cells(self) -> dict[str, tuple[Row, Column]]:
        """Every cell of the format, in table order: cell id -> (row, column)."""
        return {
            row.cell_id(c): (row, c) for t in self.tables for row in t.rows for c in row.columns
        }

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)
