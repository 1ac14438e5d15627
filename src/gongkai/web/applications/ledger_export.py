"""The ledger as a document (XLSX, print) and the audit rows of its use: every export
and print (who, which filter, how many rows) and every search by applicant (which field,
the value masked) is written to the audit log in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gongkai.web.applications.ledger import (
    COLUMNS,
    RESULT_CHOICES,
    ApplicantField,
    LedgerFilter,
    LedgerRow,
    ledger_list,
    ledger_rows,
)
from gongkai.web.applications.models import Channel, Status
from gongkai.web.audit.models import AuditLog

#: The audit log's name for the ledger (it is no single record).
OBJECT_TYPE = "applications.ledger"
#: Column widths of the XLSX, in characters.
WIDTHS = (6, 12, 12, 14, 12, 48, 30, 12, 9, 18, 20)


def ledger_title(flt: LedgerFilter) -> str:
    """The document's title, in Chinese as offices head it."""
    body = flt.unit.name if flt.unit else "全部单位"
    if flt.unit and flt.subtree:
        body += "（含下属单位）"
    year = f"（{flt.year}年度）" if flt.year else ""
    return f"{body}政府信息公开申请台账{year}"


def ledger_caption(flt: LedgerFilter) -> str:
    """The filter in words, for the page header of the print view and the XLSX."""
    parts = []
    if flt.year:
        parts.append(_("{year}: received in the year or carried into it").format(year=flt.year))
    if flt.status:
        parts.append(_("Status: {value}").format(value=Status(flt.status).label))
    if flt.result:
        parts.append(_("Outcome: {value}").format(value=dict(RESULT_CHOICES)[flt.result]))
    if flt.channel:
        parts.append(_("Channel: {value}").format(value=Channel(flt.channel).label))
    if flt.applicant.strip():
        field = dict(ApplicantField.choices)[flt.applicant_field]
        parts.append(
            _("Applicant ({field}): {value}").format(field=field, value=flt.applicant.strip())
        )
    return "；".join(parts) if parts else _("All applications")


def _record(*, actor: Any, action: str, flt: LedgerFilter, **data: Any) -> AuditLog:
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=str(flt.year or ""),
        unit=flt.unit,
        data=flt.audit_data() | data,
    )


@transaction.atomic
def ledger_search_record(*, actor: Any, flt: LedgerFilter, found: int) -> AuditLog:
    """A search of the ledger by applicant: which field, the value masked, how many found."""
    return _record(actor=actor, action="ledger.search", flt=flt, found=found)


@transaction.atomic
def ledger_print_record(*, actor: Any, flt: LedgerFilter, rows: int) -> AuditLog:
    return _record(actor=actor, action="ledger.print", flt=flt, rows=rows)


def _cell(ws: WriteOnlyWorksheet, value: Any, *, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    thin = Side(style="thin")
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    if font is not None:
        cell.font = font
    if hasattr(value, "isoformat"):
        cell.number_format = "yyyy-mm-dd"
    return cell


def ledger_workbook(rows: Iterable[LedgerRow], *, title: str, caption: str, out: IO[bytes]) -> int:
    """Write the rows as an XLSX workbook to ``out`` (streamed: a write-only sheet, so a
    large ledger is not held in memory); the title and filter on rows 1–2, the columns
    on row 3. Returns the number of rows written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    for n, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + n)].width = width
    ws.freeze_panes = "A4"
    ws.append([WriteOnlyCell(ws, value=title)])
    ws.append([WriteOnlyCell(ws, value=caption)])
    bold = Font(bold=True)
    ws.append([_cell(ws, c, font=bold) for c in COLUMNS])
    count = 0
    for row in rows:
        ws.append([_cell(ws, v) for v in row.cells()])
        count += 1
    wb.save(out)
    return count


@transaction.atomic
def ledger_export(
    *,
    actor: Any,
    units: Any,
    flt: LedgerFilter,
    out: IO[bytes],
    applicants: Any = None,
    via: str = "web",
) -> int:
    """The filtered ledger of ``units`` as XLSX to ``out``, applicants named only in
    ``applicants`` (None: all), and its audit row (who, which filter, how many rows, web
    or command line). Returns the number of rows."""
    named = None if applicants is None else set(applicants.values_list("pk", flat=True))
    rows = ledger_rows(ledger_list(units=units, flt=flt, applicants=applicants), named=named)
    count = ledger_workbook(rows, title=ledger_title(flt), caption=ledger_caption(flt), out=out)
    _record(actor=actor, action="ledger.export", flt=flt, rows=count, format="xlsx", via=via)
    return count
