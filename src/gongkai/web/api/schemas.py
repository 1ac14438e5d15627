"""What the API sends and takes. Descriptions are English msgids (``gettext_noop``): the
schema is read by developers in English, the docs page shows them translated."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.utils.translation import gettext_noop as N_
from ninja import Field, Schema


class Error(Schema):
    code: str = Field(description=N_("A stable code for programs (unauthenticated, not_found…)."))
    message: str = Field(description=N_("What went wrong, for people (Chinese by default)."))
    details: Any = Field(None, description=N_("For invalid input: where and why."))


class UnitOut(Schema):
    code: str = Field(description=N_("The unit's code."))
    name: str = Field(description=N_("The unit's name."))
    kind: str = Field(description=N_("government, department, township or other."))
    parent: str | None = Field(description=N_("The parent unit's code (none at the top)."))


class ItemOut(Schema):
    id: int
    unit: str = Field(description=N_("The publishing unit's code."))
    index_no: str = Field(description=N_("Index number (索引号)."))
    publisher: str = Field(description=N_("Issuing organ (发布机构)."))
    doc_number: str = Field(description=N_("Document number (文号)."))
    title: str
    topic: int = Field(description=N_("Item of Article 20 of the Regulations."))
    kind: str
    written_on: date | None
    published_on: date | None
    issued_on: date | None
    repealed_on: date | None


class ItemDetail(ItemOut):
    body: str = Field(description=N_("The document's text."))


class ItemPage(Schema):
    count: int = Field(description=N_("How many items match in all."))
    items: list[ItemOut]


class ReportRef(Schema):
    unit: str
    year: int
    scope: Literal["unit", "subtree"] = Field(
        description=N_("unit: the unit alone; subtree: with every unit under it (a roll-up).")
    )
    version: int
    published_at: datetime | None
    received: bool = Field(description=N_("Sent by the unit's own gongkai (report push)."))


class AuditRecord(Schema):
    """One record of ``gongkai audit --format json`` (docs/audit-result.schema.json)."""

    model_config = {"extra": "allow"}

    source: str
    format: Literal["2021", "2019"] | None
    body: str | None
    year: int | None
    cells: dict[str, int | float | None] = Field(description=N_("Cell id to number (null: blank)."))
    findings: list[dict[str, Any]] = Field(description=N_("What the rules found."))
    narrative: dict[str, str] | None = Field(
        None, description=N_("The narrative sections (sec1, sec5, sec6) of a published report.")
    )


class ApplicationIn(Schema):
    unit: str = Field(
        min_length=1, max_length=40, description=N_("The code of the unit applied to.")
    )
    channel: Literal["online", "in_person", "post_signed", "post_ordinary", "fax", "email"] = Field(
        "online", description=N_("How it was made; a partner platform submits online ones.")
    )
    category: Literal["np", "le_com", "le_res", "le_soc", "le_law", "le_oth"] = Field(
        description=N_("Applicant category (the columns of Table 3).")
    )
    applicant_name: str = Field(min_length=1, max_length=100)
    id_number: str = Field("", max_length=40)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    description: str = Field(
        min_length=1, max_length=5000, description=N_("The information requested.")
    )
    form_wanted: Literal["paper", "electronic", "inspection"]
    submitted_on: date | None = Field(None, description=N_("Default: today."))


class EventOut(Schema):
    kind: str
    label: str = Field(description=N_("The kind, for people."))
    on: date
    until: date | None = None


class ApplicationStatus(Schema):
    """An application's status: no personal data."""

    tracking_code: str
    unit: str
    status: str
    status_label: str
    submitted_on: date
    received_on: date | None
    due_on: date | None
    outcome: str
    closed_on: date | None
    events: list[EventOut]


class UnitEventOut(EventOut):
    days: int | None
    party: str
    outcome: str
    legal_basis: str
    note: str


class UnitApplicationOut(Schema):
    tracking_code: str
    unit: str
    channel: str
    category: str
    applicant_name: str
    description: str
    form_wanted: str
    submitted_on: date
    received_on: date | None
    status: str
    due_on: date | None
    outcome: str
    closed_on: date | None


class UnitApplicationDetail(UnitApplicationOut):
    events: list[UnitEventOut]


class UnitApplicationPage(Schema):
    count: int
    items: list[UnitApplicationOut]


class PushResult(Schema):
    unit: str
    year: int
    version: int = Field(description=N_("The version the receiver keeps the report as."))
    created: bool = Field(description=N_("False when the same report was already received."))
    findings: list[dict[str, Any]] = Field(description=N_("The receiver's rules' findings."))
