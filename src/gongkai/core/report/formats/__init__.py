"""The two national formats of the annual report, as data.

Labels are the exact official wording (国办公开办函〔2021〕30号 and the 2019 trial
format of 国办公开办函〔2019〕60号); they are not translated. Cell ids follow
``shared/spec/annual-report-format.md``: a cell is ``<row id>.<column id>``, e.g.
``apply.result.deny.state_secret.le_com``, ``active.admin_fees.amount_wan``,
``review.total``.

``match`` strings are what the readers look for in a printed label once it has
been folded by :func:`gongkai.core.report.parse.normalize.fold_label` (no numbering, no
punctuation, no spaces, simplified characters). They are deliberately short so
that truncated or reworded labels are still recognised; a label that matches but
is not the official wording is reported by the format rules.

The format is data, one module a part:

- :mod:`~gongkai.core.report.formats.spec` — the shapes: :class:`Version`,
  :class:`ReportFormat`, :class:`TableSpec`, :class:`Block`, :class:`Group`, :class:`Row`,
  :class:`Column`, :class:`SectionSpec`;
- :mod:`~gongkai.core.report.formats.sections` — the narrative sections;
- :mod:`~gongkai.core.report.formats.table2`, ``table3``, ``table4`` — each table's rows
  and columns, in both versions.

This module gathers them: :data:`FORMATS` by version, :func:`format_for_year`, and
every name the rest of gongkai imports from here.
"""

from __future__ import annotations

from gongkai.core.report.formats import table2, table3, table4
from gongkai.core.report.formats.sections import SECTIONS
from gongkai.core.report.formats.spec import (
    Block,
    Column,
    Group,
    Kind,
    ReportFormat,
    Row,
    SectionSpec,
    TableSpec,
    Version,
)
from gongkai.core.report.formats.table3 import (
    APPLICANT_COLUMNS,
    LE_SUBTOTAL,
    LEGAL_ENTITY_COLUMNS,
    TABLE3_COLUMNS,
)
from gongkai.core.report.formats.table4 import TABLE4_COLUMNS

__all__ = [
    "APPLICANT_COLUMNS",
    "FORMATS",
    "LEGAL_ENTITY_COLUMNS",
    "LE_SUBTOTAL",
    "SECTIONS",
    "TABLE3_COLUMNS",
    "TABLE4_COLUMNS",
    "Block",
    "Column",
    "Group",
    "Kind",
    "ReportFormat",
    "Row",
    "SectionSpec",
    "TableSpec",
    "Version",
    "format_for_year",
]


FORMATS: dict[Version, ReportFormat] = {
    Version.V2019: ReportFormat(
        Version.V2019,
        (table2.active_2019(), table3.apply(Version.V2019), table4.review()),
        SECTIONS,
    ),
    Version.V2021: ReportFormat(
        Version.V2021,
        (table2.active_2021(), table3.apply(Version.V2021), table4.review()),
        SECTIONS,
    ),
}


def format_for_year(year: int | None) -> Version | None:
    """The format a report for ``year`` must use: 2019 trial for 2019–2020, 2021 from 2021."""
    if year is None or year < 2019:
        return None
    return Version.V2019 if year <= 2020 else Version.V2021
