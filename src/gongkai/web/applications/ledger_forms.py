"""The ledger's filter form: the unit picked from the units the user may see (a list
that a few lines of script make searchable), never a code typed by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.ledger import RESULT_CHOICES, ApplicantField, LedgerFilter
from gongkai.web.applications.models import Channel, Status, outcome_choices_grouped
from gongkai.web.choices import UnitChoiceField
from gongkai.web.units.models import Unit

ANY: list[tuple[str, Any]] = [("", _("Any"))]


class LedgerForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(
            attrs={
                "data-searchable": "1",
                "data-search-placeholder": _("Type part of a unit's name or code"),
            }
        ),
    )
    subtree = forms.BooleanField(label=_("With the units under it"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Received in the year or carried into it: as the year's annual report counts."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ANY + Status.choices, required=False)
    result = forms.ChoiceField(
        label=_("Outcome"), choices=ANY + outcome_choices_grouped(RESULT_CHOICES), required=False
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ANY + Channel.choices, required=False)
    applicant_field = forms.ChoiceField(
        label=_("Search applicants by"),
        choices=ApplicantField.choices,
        required=False,
        initial=ApplicantField.NAME,
    )
    applicant = forms.CharField(label=_("Applicant"), max_length=100, required=False)

    def __init__(self, *args: Any, units: Any, search: bool = True, **kwargs: Any) -> None:
        """``search``: whether the user may search by applicant (sees some unit's)."""
        super().__init__(*args, **kwargs)
        if not search:
            del self.fields["applicant_field"], self.fields["applicant"]
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units.order_by("path")

    def ledger_filter(self) -> LedgerFilter:
        d = self.cleaned_data
        return LedgerFilter(
            unit=d.get("unit"),
            subtree=bool(d.get("subtree")),
            year=d.get("year"),
            status=d.get("status") or "",
            result=d.get("result") or "",
            channel=d.get("channel") or "",
            applicant_field=d.get("applicant_field") or ApplicantField.NAME,
            applicant=(d.get("applicant") or "").strip(),
        )
