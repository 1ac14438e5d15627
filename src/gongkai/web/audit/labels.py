"""What the audit log's codes mean, in words for people: each action code written by an
``audit_record`` call, the fields and the data keys the log keeps.

``tests/web/test_audit_page.py`` checks that every action code written in the code base
has a name here."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "application.register": _("Application registered"),
    "application.confirm_receipt": _("Receipt confirmed"),
    "application.correction_notice": _("Correction requested"),
    "application.correction_received": _("Correction received"),
    "application.correction_lapsed": _("Correction period lapsed"),
    "application.consultation": _("Opinion sought"),
    "application.consultation_answered": _("Opinion received"),
    "application.fee_notice": _("Fee notice issued"),
    "application.fee_paid": _("Fee paid"),
    "application.fee_lapsed": _("Fee period lapsed"),
    "application.extend": _("Reply period extended"),
    "application.transfer": _("Application transferred"),
    "application.reply": _("Reply given"),
    "application.note": _("Note added"),
    "application.recompute": _("Due date recomputed"),
    "application.identity_upload": _("Identity document uploaded"),
    "application.identity_view": _("Identity document viewed"),
    "appeal.create": _("Reconsideration or litigation recorded"),
    "letter.issue": _("Letter issued"),
    "catalogue.create": _("Catalogue item created"),
    "catalogue.edit": _("Catalogue item edited"),
    "catalogue.review": _("Catalogue item reviewed"),
    "catalogue.review_invalidated": _("Catalogue item's review undone"),
    "catalogue.publish": _("Catalogue item published"),
    "active_counts.save": _("Table 2 counts saved"),
    "active_counts.import": _("Table 2 counts imported"),
    "unit.create": _("Unit created"),
    "unit.edit": _("Unit edited"),
    "membership.grant": _("Role granted"),
    "report.create": _("Annual report opened"),
    "report.edit": _("Annual report text edited"),
    "report.submitted": _("Annual report submitted"),
    "report.returned": _("Annual report returned"),
    "report.approved": _("Annual report approved"),
    "report.published": _("Annual report published"),
    "report.new_version": _("Annual report reopened as a new version"),
    "calendar.arrangement": _("Holiday arrangement entered"),
    "calendar.delete_year": _("Calendar year removed"),
    "calendar.set": _("Calendar day set"),
    "calendar.unset": _("Calendar day cleared"),
    "calendar.year": _("Calendar year saved"),
    "demo.bulk_load": _("Demonstration data loaded"),
    "admin.add": _("Added in the administration"),
    "admin.change": _("Changed in the administration"),
    "admin.delete": _("Deleted in the administration"),
    "audit.export": _("Audit log exported"),
    # Written by the other parts of issue 15 (ledger, reminders, letters, cases, the
    # catalogue's columns and wording, the interface):
    "api_client.create": _("Interface client created"),
    "api_client.revoke": _("Interface client revoked"),
    "appeal.update": _("Reconsideration or litigation updated"),
    "bulk_audit.submit": _("Bulk check submitted"),
    "rollup_documents.submit": _("Roll-up documents requested"),
    "catalogue.published_alone": _("Published without its policy interpretation"),
    "catalogue.wording_corrected": _("Wording corrected"),
    "catalogue.wording_dismissed": _("Wording finding dismissed"),
    "catalogue.channels": _("Publishing channels recorded"),
    "reading_room.create": _("Reading room added"),
    "reading_room.edit": _("Reading room edited"),
    "column.create": _("Column created"),
    "column.edit": _("Column edited"),
    "extension.request": _("Extension requested"),
    "extension.approve": _("Extension approved"),
    "extension.refuse": _("Extension refused"),
    "ledger.export": _("Ledger exported"),
    "ledger.print": _("Ledger printed"),
    "ledger.search": _("Applicants searched"),
    "letter.deliver": _("Letter delivery recorded"),
    "letter.numbering": _("Document number pattern set"),
    "letter.wording": _("Letter template edited"),
    "unit.remedy": _("Review body and court set"),
    "lexicon.create": _("Lexicon entry created"),
    "lexicon.edit": _("Lexicon entry edited"),
    "lexicon.delete": _("Lexicon entry deleted"),
    "lexicon.load_shipped": _("Shipped lexicon loaded"),
    "reminder.sent": _("Reminder sent"),
    "report.receive": _("Annual report received through the interface"),
    "report.self_approval_allow": _("One-person approval allowed"),
    "report.self_approval_withdraw": _("One-person approval withdrawn"),
    # The evaluation workspace (gongkai.web.evaluations):
    "evaluation.create": _("Evaluation created"),
    "evaluation.done": _("Evaluation computed"),
    "evaluation.failed": _("Evaluation failed"),
    "evaluation.override": _("Finding set aside in an evaluation"),
    "evaluation.override_withdraw": _("Set-aside finding counted again"),
    "evaluation.rerun": _("Evaluation run again"),
    "evaluation.override_dropped": _("Set-aside finding gone after the run again"),
    "evaluation.delete": _("Evaluation deleted"),
    "evaluation.bulletin_edit": _("Bulletin edited"),
    "evaluation.bulletin_issue": _("Bulletin issued"),
    "evaluation.bulletin_issue_submit": _("Bulletin issue requested"),
    "evaluation.report_column": _("Annual-report column address set"),
}

#: Keys of an audit row's data, other than ``changes``.
KEYS: dict[str, Promise] = {
    "channel": _("channel"),
    "submitted_by": _("submitted by"),
    "category": _("applicant category"),
    "on": _("date"),
    "days": _("working days"),
    "outcome": _("outcome"),
    "to_unit": _("to unit"),
    "kind": _("kind"),
    "reason": _("reason"),
    "due_before": _("due date before"),
    "due_after": _("due date after"),
    "provisional_before": _("provisional before"),
    "provisional_after": _("provisional after"),
    "changed": _("changed"),
    "found_by": _("found by"),
    "code": _("code"),
    "role": _("role"),
    "user": _("user"),
    "year": _("year"),
    "day": _("day"),
    "working": _("working day"),
    "note": _("note"),
    "before": _("before"),
    "source": _("source"),
    "days_off": _("days off"),
    "workdays": _("working days"),
    "file": _("file"),
    "sha256": _("checksum"),
    "rows": _("rows"),
    "created": _("created"),
    "updated": _("updated"),
    "units": _("units"),
    "applications": _("applications"),
    "return_reason": _("reason for return"),
    "change_reason": _("reason for the new version"),
    "published_at": _("published at"),
    "object": _("record"),
    "filters": _("filters"),
    "format": _("format"),
    "finding": _("finding"),
    "title": _("title"),
    "after": _("after"),
    "application": _("application"),
    "party_kind": _("party kind"),
    "deadline": _("deadline"),
    "amount_yuan": _("amount (yuan)"),
    "result": _("outcome filter"),
    "status": _("status"),
    "subtree": _("with the units under it"),
    "unit": _("unit"),
    "via": _("through"),
    "letter": _("letter"),
    "number": _("document number"),
    "due_on": _("reply due date"),
}

#: Values of ``via``: where an export was made (the command line's with its user).
VIA: dict[str, Promise] = {"web": _("web page"), "cli": _("command line")}


#: Data keys whose values are a model field's choices: (model, field).
KEY_FIELDS: dict[str, tuple[str, str]] = {
    "channel": ("applications.application", "channel"),
    "category": ("applications.application", "category"),
    "outcome": ("applications.application", "outcome"),
    "role": ("units.membership", "role"),
}
#: ... and those whose field depends on the kind of record.
KIND_FIELDS: dict[str, tuple[str, str]] = {
    "applications.appeal": ("applications.appeal", "kind"),
    "applications.issuedletter": ("applications.issuedletter", "kind"),
}


def detail_value(object_type: str, key: str, value: object) -> object:
    if key == "kind" and object_type in KIND_FIELDS:
        return field_value(*KIND_FIELDS[object_type], value)
    if key in KEY_FIELDS:
        return field_value(*KEY_FIELDS[key], value)
    if key == "via" and str(value).split(":", 1)[0] in VIA:
        where, _sep, who = str(value).partition(":")
        return f"{VIA[where]}（{who}）" if who else str(VIA[where])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def action_label(code: str) -> str:
    label = ACTIONS.get(code)
    return str(label) if label is not None else str(_("Other record"))


def key_label(key: str) -> str:
    label = KEYS.get(key)
    return str(label) if label is not None else key


def field_label(object_type: str, name: str) -> str:
    """A changed field's name: the model field's verbose name where the model is known."""
    try:
        model = apps.get_model(object_type)
        return str(model._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return key_label(name)


def object_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def field_value(object_type: str, name: str, value: object) -> object:
    """A value of a field with choices shown by its label (a status by its name)."""
    try:
        field = apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return value
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return choices.get(value, value) if isinstance(value, str | int) else value
