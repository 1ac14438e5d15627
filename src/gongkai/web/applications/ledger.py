"""The ledger (台账): the applications of the units the user may see, filtered, one row
each in the columns offices keep — the applicant named only where the user may see the
unit's personal data (its staff, not supervisors); and the other applications of one
applicant (条例第三十五条: repeated applications by one person become visible).

A year's ledger lists exactly the applications the year's annual report counts in Table 3
(``reports.selectors.table3_selection``), and its 办理结果 column is the Table 3 row in
which the report counts each one (``reports.selectors.table3_row``): the two are one
definition, so the ledger's rows add up to the report's Table 3.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, CharField, F, Prefetch, Q, QuerySet, Value, When
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from gongkai.core.report.formats import FORMATS, Version
from gongkai.web.applications.models import (
    Appeal,
    Application,
    Category,
    Channel,
    Event,
    EventKind,
)
from gongkai.web.reports.selectors import CARRIED_OUT, table3_row, table3_selection
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_list_visible, unit_list_writable

#: Each Table 3 row's label, as the report prints it.
ROW_LABELS = {r.id: r.label for r in FORMATS[Version.V2021].table("apply").rows}
#: The outcomes a ledger can be filtered by: every result row, and carried out (still open).
RESULT_CHOICES = [
    (r, label)
    for r, label in ROW_LABELS.items()
    if (r.startswith("apply.result.") and r != "apply.result.total") or r == CARRIED_OUT
]
NOT_CLOSED = _("Not closed")

#: The columns of the ledger as offices keep it (the XLSX and the print view).
COLUMNS = (
    "序号",
    "收到日期",
    "申请人类别",
    "申请人",
    "申请方式",
    "申请内容",
    "办理结果",
    "答复日期",
    "是否延期",
    "征求意见",
    "复议/诉讼",
)


class ApplicantField:
    NAME = "name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    choices = [
        (NAME, _("Name")),
        (ID_NUMBER, _("Identity document number")),
        (PHONE, _("Phone")),
    ]


@dataclass(frozen=True)
class LedgerFilter:
    unit: Unit | None = None
    subtree: bool = False
    year: int | None = None
    status: str = ""
    result: str = ""
    channel: str = ""
    applicant_field: str = ApplicantField.NAME
    applicant: str = ""

    def audit_data(self) -> dict[str, Any]:
        """The filter as the audit log keeps it: the applicant searched for only masked."""
        data: dict[str, Any] = {
            "unit": self.unit.code if self.unit else "",
            "subtree": self.subtree,
            "year": self.year,
            "status": self.status,
            "result": self.result,
            "channel": self.channel,
        }
        if self.applicant:
            data["applicant_field"] = self.applicant_field
            data["applicant_masked"] = mask(self.applicant_field, self.applicant)
        return data

    def search_key(self) -> str:
        """What makes a search by applicant one search: the whole filter, the applicant
        as searched (trimmed, case folded), and nothing else — not the page, nor any
        order of the rows. A keyed hash (the site's secret key), so that the session that
        keeps it never holds the searched value in clear."""
        data = self.audit_data()
        data.pop("applicant_masked", None)
        data["applicant"] = self.applicant.strip().casefold()
        text = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return salted_hmac("gongkai.ledger.search", text).hexdigest()


def mask(field: str, value: str) -> str:
    """A searched name, ID number or phone as the audit log may keep it: enough to tell
    two searches apart, never the value itself (张*, 13**************34, 138****8000)."""
    value = value.strip()
    if field == ApplicantField.NAME:
        return value[:1] + "*" * max(len(value) - 1, 1)
    if field == ApplicantField.PHONE and len(value) >= 11:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if len(value) >= 8:
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return "*" * len(value)


#: The applicant column where the user may not see the unit's personal data.
HIDDEN = "—"


def ledger_units(*, user: Any) -> QuerySet[Unit]:
    """The units whose ledger the user may see."""
    return unit_list_visible(user=user)


def applicant_units(*, user: Any) -> QuerySet[Unit]:
    """The units whose applicants the user may see, and search for: their staff, never
    supervisors (``unit_can_view_personal_data``)."""
    return unit_list_writable(user=user)


def _applicant_q(field: str, value: str) -> Q:
    value = value.strip()
    if field == ApplicantField.ID_NUMBER:
        return Q(id_number__iexact=value)
    if field == ApplicantField.PHONE:
        return Q(phone=value)
    return Q(applicant_name__icontains=value)


def ledger_list(
    *, units: QuerySet[Unit], flt: LedgerFilter, applicants: QuerySet[Unit] | None = None
) -> QuerySet[Application]:
    """The applications of ``units`` (narrowed to ``flt.unit``, with its subtree if asked)
    that pass the filter — a search by applicant only in ``applicants`` (the units whose
    personal data the user may see; None: all), annotated with ``ledger_result`` (a Table 3 row id, or "" when
    not closed and no year is given), in the order received."""
    if flt.unit is not None:
        units = (
            units.filter(path__startswith=flt.unit.path)
            if flt.subtree
            else units.filter(pk=flt.unit.pk)
        )
    qs = Application.objects.filter(unit__in=units)
    if flt.year is not None:
        qs = qs.filter(table3_selection(year=flt.year)).annotate(
            ledger_result=table3_row(year=flt.year)
        )
    else:
        qs = qs.annotate(
            ledger_result=Case(
                When(closed_on__isnull=False, then=F("outcome")),
                default=Value(""),
                output_field=CharField(),
            )
        )
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.result:
        qs = qs.filter(
            ledger_result="" if flt.result == CARRIED_OUT and not flt.year else flt.result
        )
    if flt.channel:
        qs = qs.filter(channel=flt.channel)
    if flt.applicant.strip():
        qs = qs.filter(_applicant_q(flt.applicant_field, flt.applicant))
        if applicants is not None:
            qs = qs.filter(unit__in=applicants)
    return qs.select_related("unit").order_by(F("received_on").asc(nulls_last=True), "id")


@dataclass(frozen=True)
class LedgerRow:
    number: int
    application: Application
    received_on: date | None
    category: str
    applicant: str
    channel: str
    description: str
    result: str
    replied_on: date | None
    extended: bool
    consulted: str
    appeals: str

    def cells(self) -> list[Any]:
        """The row in :data:`COLUMNS`' order."""
        return [
            self.number,
            self.received_on,
            self.category,
            self.applicant,
            self.channel,
            self.description,
            self.result,
            self.replied_on,
            "是" if self.extended else "否",
            self.consulted or "否",
            self.appeals or "无",
        ]


_NOTED = (EventKind.EXTENSION, EventKind.CONSULTATION)


def ledger_rows(
    applications: QuerySet[Application], *, start: int = 1, named: set[int] | None = None
) -> Iterator[LedgerRow]:
    """The rows of :func:`ledger_list`'s applications, numbered from ``start``, the
    applicant named only for the units of ``named`` (their ids; None: all); the
    extensions, consultations and cases of a chunk of rows read in one query each."""
    qs = applications.prefetch_related(
        Prefetch(
            "events",
            queryset=Event.objects.filter(kind__in=_NOTED).only("application_id", "kind", "party"),
            to_attr="ledger_events",
        ),
        Prefetch(
            "appeals",
            queryset=Appeal.objects.only("application_id", "kind", "result"),
            to_attr="ledger_appeals",
        ),
    )
    for n, app in enumerate(qs.iterator(chunk_size=2000), start=start):
        yield _row(n, app, named is None or app.unit_id in named)


def _row(n: int, app: Any, named: bool) -> LedgerRow:
    events: list[Event] = app.ledger_events
    appeals: list[Appeal] = app.ledger_appeals
    result = app.ledger_result
    return LedgerRow(
        number=n,
        application=app,
        received_on=app.received_on,
        category=Category(app.category).label,
        applicant=app.applicant_name if named else HIDDEN,
        channel=str(Channel(app.channel).label),
        description=app.description,
        result=ROW_LABELS.get(result, "") if result else str(NOT_CLOSED),
        replied_on=app.closed_on,
        extended=any(e.kind == EventKind.EXTENSION for e in events),
        consulted="；".join(e.party for e in events if e.kind == EventKind.CONSULTATION),
        appeals="；".join(f"{a.get_kind_display()}（{a.get_result_display()}）" for a in appeals),
    )


#: How many of an applicant's other applications the application's page lists.
OTHERS_SHOWN = 50


def applicant_others(*, user: Any, application: Application) -> QuerySet[Application] | None:
    """The same applicant's other applications in the units whose personal data the user
    may see, newest first: the same ID number when the application has one, else the
    same name and phone. None when the user may not see this applicant's personal data
    or the application names no ID number and no phone (a name alone is no person)."""
    units = applicant_units(user=user)
    if not units.filter(pk=application.unit_id).exists():
        return None
    if application.id_number.strip():
        same = Q(id_number__iexact=application.id_number.strip())
    elif application.phone.strip():
        same = Q(applicant_name=application.applicant_name, phone=application.phone)
    else:
        return None
    return (
        Application.objects.filter(same, unit__in=units)
        .exclude(pk=application.pk)
        .select_related("unit")
        .order_by(F("received_on").desc(nulls_first=True), "-id")
    )
