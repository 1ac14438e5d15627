"""The audit log as a spreadsheet (XLSX) or a CSV file, the rows the page shows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.web.audit.models import AuditLog
from gongkai.web.audit.selectors import Entry, Value, audit_entry

#: At most this many rows go into one file (a year of a county's work is far fewer).
EXPORT_MAX = 100_000


def _text(value: Value) -> str:
    return "—" if value.text is None else value.text


def _row(e: Entry) -> list[str]:
    at = timezone.localtime(e.row.at).strftime("%Y-%m-%d %H:%M:%S")
    actor = e.row.actor.username if e.row.actor else _("(system)")
    changes = "\n".join(f"{c.label}：{_text(c.before)} → {_text(c.after)}" for c in e.changes)
    details = "\n".join(f"{_text(k)}：{_text(v)}" for k, v in e.details)
    unit = e.row.unit.name if e.row.unit else "—"
    return [at, actor, unit, e.kind, e.object, changes, details]


def _header() -> list[str]:
    return [
        _("Time"),
        _("User"),
        _("Unit"),
        _("Kind of record"),
        _("Record"),
        _("Changes (before → after)"),
        _("Details"),
    ]


def _entries(rows: Iterable[AuditLog]) -> Iterable[list[str]]:
    for row in rows:
        yield _row(audit_entry(row))


def audit_export_csv(rows: Iterable[AuditLog]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    writer.writerows(_entries(rows))
    return out.getvalue().encode("utf-8-sig")  # the mark makes Excel read it as UTF-8


def audit_export_xlsx(rows: Iterable[AuditLog]) -> bytes:
    wb = Workbook(write_only=False)
    ws = wb.active
    assert ws is not None
    ws.title = _("Audit log")
    ws.append(_header())
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values in _entries(rows):
        ws.append(values)
    for letter, width in zip("ABCDEFG", (20, 14, 22, 24, 22, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
