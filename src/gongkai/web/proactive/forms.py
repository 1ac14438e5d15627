from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.web.choices import KeyedMultipleChoiceField
from gongkai.web.proactive.models import (
    ActiveCounts,
    CatalogueItem,
    Column,
    ColumnCategory,
    DocKind,
    LexiconEntry,
    ReadingRoom,
)
from gongkai.web.widgets import DateInput

DATE = DateInput()


class CatalogueItemForm(forms.ModelForm):
    class Meta:
        model = CatalogueItem
        fields = [
            "unit",
            "index_no",
            "publisher",
            "doc_number",
            "title",
            "written_on",
            "published_on",
            "topic",
            "kind",
            "issued_on",
            "repealed_on",
            "body",
            "column",
            "is_policy",
            "interprets",
        ]
        widgets = {"written_on": DATE, "published_on": DATE, "issued_on": DATE, "repealed_on": DATE}
        labels = {"unit": _("Unit")}
        error_messages = {
            "interprets": {"unique": _("This document already has its interpretation.")}
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["column"].queryset = (  # type: ignore[attr-defined]
            Column.objects.filter(unit__in=units)
            .exclude(category=ColumnCategory.ACCOUNT)  # an account's posts are channels
            .select_related("unit")
        )
        documents = CatalogueItem.objects.filter(
            Q(kind=DocKind.NORMATIVE) | Q(is_policy=True), unit__in=units
        )
        if self.instance.pk is not None:
            documents = documents.exclude(pk=self.instance.pk)
        self.fields["interprets"].queryset = documents.order_by("-published_on", "-pk")  # type: ignore[attr-defined]
        self.fields["column"].label_from_instance = lambda c: f"{c.unit.name} · {c.name}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, issued, repealed = data.get("kind"), data.get("issued_on"), data.get("repealed_on")
        if kind in (DocKind.RULES, DocKind.NORMATIVE) and not issued:
            self.add_error(
                "issued_on", _("规章 and 行政规范性文件 need the date they take effect.")
            )
        if issued and repealed and repealed < issued:
            self.add_error(
                "repealed_on", _("A document cannot be repealed before it takes effect.")
            )
        if kind not in (DocKind.RULES, DocKind.NORMATIVE) and repealed:
            self.add_error("repealed_on", _("Only 规章 and 行政规范性文件 have a repeal date."))
        document = data.get("interprets")
        if document is not None and (kind == DocKind.NORMATIVE or data.get("is_policy")):
            self.add_error("interprets", _("An interpretation is not itself a policy document."))
        if document is not None and data.get("unit") and document.unit_id != data["unit"].pk:
            self.add_error("interprets", _("The document belongs to another unit."))
        column, unit = data.get("column"), data.get("unit")
        if column is not None and unit is not None and column.unit_id != unit.pk:
            self.add_error("column", _("The column belongs to another unit."))
        written, published = data.get("written_on"), data.get("published_on")
        if written and published and published < written:
            self.add_error(
                "published_on", _("A document cannot be published before it was written.")
            )
        return data


class ActiveCountsForm(forms.ModelForm):
    class Meta:
        model = ActiveCounts
        fields = ["licensing", "penalty", "coercion", "fees_wan"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_(
            "Columns: unit code, year, 行政许可, 行政处罚, 行政强制, 行政事业性收费（万元）; first row is the header."
        ),
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."))
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f


class ColumnForm(forms.ModelForm):
    """A column and its update rule; the rule left empty is its category's default."""

    class Meta:
        model = Column
        fields = ["unit", "name", "category", "platform", "rule_days"]
        labels = {"unit": _("Unit")}
        help_texts = {
            "rule_days": _(
                "Leave empty for the inspection indicators' rule: news 14 days, notices and "
                "policy documents 183, personnel and plans 365, new-media accounts 14."
            )
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["rule_days"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        account = data.get("category") == ColumnCategory.ACCOUNT
        if account and not data.get("platform"):
            self.add_error("platform", _("Name the platform of the new-media account."))
        if not account and data.get("platform"):
            self.add_error("platform", _("Only a new-media account has a platform."))
        return data


class ChannelsForm(forms.ModelForm):
    """Where a published item went: the portal, new-media accounts, the reading rooms."""

    class Meta:
        model = CatalogueItem
        fields = ["on_portal", "accounts", "at_reading_room"]
        widgets = {"accounts": forms.CheckboxSelectMultiple}
        field_classes = {"accounts": KeyedMultipleChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.instance.unit
        # The item's unit's accounts and those of the units above it (the county's).
        ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
        self.fields["accounts"].queryset = Column.objects.filter(  # type: ignore[attr-defined]
            category=ColumnCategory.ACCOUNT, unit__in=ancestors or [unit.pk]
        ).select_related("unit")
        field: Any = self.fields["accounts"]
        field.label_from_instance = lambda c: f"{c.get_platform_display()} · {c.name}"


class ReadingRoomForm(forms.ModelForm):
    class Meta:
        model = ReadingRoom
        fields = ["unit", "name", "address", "hours"]
        labels = {"unit": _("Unit")}

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class LexiconEntryForm(forms.ModelForm):
    class Meta:
        model = LexiconEntry
        fields = ["wrong", "correct", "category", "source"]
        help_texts = {
            "correct": _("Leave empty for a banned word with no replacement."),
            "source": _("Where the correct form comes from (a law's official title, a notice…)."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("wrong") and data.get("wrong") == data.get("correct"):
            self.add_error("correct", _("The correct form must differ from the wrong form."))
        return data
