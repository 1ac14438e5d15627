"""Forms of the letters: the office's wording and number pattern, and a letter's delivery."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.forms import DATE
from gongkai.web.applications.letter_models import DeliveryMethod
from gongkai.web.applications.models import LetterKindChoice

E_TRACKING_NEEDED = _("A letter sent by post needs its tracking number.")


class WordingForm(forms.Form):
    kind = forms.ChoiceField(choices=LetterKindChoice.choices, widget=forms.HiddenInput)
    notes = forms.CharField(
        label=_("Other notes (paragraphs after the statutory text)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closing = forms.CharField(label=_("Closing"), max_length=200, required=False)
    signature = forms.CharField(
        label=_("Signature block (issuing body)"), max_length=200, required=False
    )
    contact = forms.CharField(
        label=_("Contact line (printed as a note under the date)"), max_length=300, required=False
    )
    pattern = forms.CharField(
        label=_("Document number pattern (the unit's, for all its letters)"),
        max_length=60,
        help_text=format_lazy(
            _("{year} is the year, {n} the number counted per unit and year."),
            year="{年份}",
            n="{序号}",
        ),
    )


class RemedyForm(forms.Form):
    """The unit's review body and court, named in its replies' remedy paragraph; empty
    fields take the defaults derived from the unit tree (shown as placeholders)."""

    reconsideration_body = forms.CharField(
        label=_("Administrative review body"), max_length=100, required=False
    )
    litigation_court = forms.CharField(
        label=_("Court for lawsuits"), max_length=100, required=False
    )


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label=_("Delivery method"), choices=DeliveryMethod.choices)
    on = forms.DateField(label=_("Delivered on"), widget=DATE)
    tracking_number = forms.CharField(
        label=_("Post tracking number"), max_length=40, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("method") == DeliveryMethod.POST
            and not (data.get("tracking_number") or "").strip()
        ):
            self.add_error("tracking_number", E_TRACKING_NEEDED)
        return data
