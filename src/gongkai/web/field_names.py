"""Translatable names for the model fields declared without one (Django would show
"Unit", "User", "Created by"… in English), and the catalogue's message for a duplicate
index number.

They are set when the apps are ready (:meth:`gongkai.web.audit.apps.AuditConfig.ready`)
rather than written in the models: a field's ``verbose_name`` and ``error_messages`` given
in the model go into its migrations, and the apps named here take their migration
numbers from parallel branches. Setting the attributes at startup changes what every
form, the administration and the audit log show, not the migration state (Django's
``deconstruct`` reads the arguments the field was declared with). When one of these apps
next gets a migration, move its names into its models and drop them here."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

FIELD_NAMES = {
    ("units", "Unit", "path"): _("path in the unit tree"),
    ("units", "Membership", "user"): _("user"),
    ("units", "Membership", "unit"): _("unit"),
    ("workdays", "CalendarYear", "updated_at"): _("updated at"),
    ("workdays", "CalendarDay", "updated_at"): _("updated at"),
    ("applications", "Application", "unit"): _("unit"),
    ("applications", "Application", "version"): _("version"),
    ("applications", "Application", "created_at"): _("created at"),
    ("applications", "Event", "application"): _("application"),
    ("applications", "Event", "approved_by"): _("approved by"),
    ("applications", "Event", "created_by"): _("created by"),
    ("applications", "Event", "created_at"): _("created at"),
    ("applications", "Appeal", "unit"): _("unit"),
    ("applications", "Appeal", "application"): _("application"),
    ("applications", "LetterTemplate", "unit"): _("unit"),
    ("applications", "IssuedLetter", "application"): _("application"),
    ("applications", "IssuedLetter", "docx"): _("Word document"),
    ("applications", "IssuedLetter", "pdf"): _("PDF document"),
    ("applications", "IssuedLetter", "issued_by"): _("issued by"),
    ("applications", "IssuedLetter", "created_at"): _("created at"),
    ("proactive", "CatalogueItem", "unit"): _("unit"),
    ("proactive", "Attachment", "item"): _("catalogue item"),
    ("proactive", "ActiveCounts", "unit"): _("unit"),
    ("proactive", "ImportJob", "created_by"): _("started by"),
    ("throttle", "Hit", "key"): _("key"),
    ("throttle", "Hit", "at"): _("time"),
}

#: The catalogue's index number is unique; Django's generic message reads badly in Chinese.
E_INDEX_TAKEN = _("A catalogue item with this index number already exists.")


MODEL_NAMES = {
    ("throttle", "Hit"): (_("login attempt"), _("login attempts")),
}


def install() -> None:
    for (app_label, model), (singular, plural) in MODEL_NAMES.items():
        meta = apps.get_model(app_label, model)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural
    for (app_label, model, name), label in FIELD_NAMES.items():
        try:
            field = apps.get_model(app_label, model)._meta.get_field(name)
        except LookupError:
            continue
        if getattr(field, "_verbose_name", None) is None:  # a name given in the model wins
            field.verbose_name = label
    index_no = apps.get_model("proactive", "CatalogueItem")._meta.get_field("index_no")
    index_no.error_messages = {**index_no.error_messages, "unique": E_INDEX_TAKEN}
