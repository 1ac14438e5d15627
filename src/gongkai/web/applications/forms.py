"""Forms: parse and check input at the field, then one service call in the view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import (
    OUTCOME_CHOICES,
    AppealKind,
    AppealResult,
    Category,
    Channel,
    FormWanted,
    PartyKind,
    ServiceMethod,
    Status,
    outcome_choices_grouped,
)
from gongkai.web.units.models import Unit
from gongkai.web.widgets import DateInput

DATE = DateInput()
E_NEGATIVE_OR_ZERO = _("Enter a number from 1 to 20.")
E_WITHHELD = _("A partial disclosure states what is withheld.")


class RegisterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    category = forms.ChoiceField(label=_("Applicant category"), choices=Category.choices)
    applicant_name = forms.CharField(label=_("Applicant name"), max_length=100)
    id_number = forms.CharField(label=_("Identity document number"), max_length=40, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    description = forms.CharField(
        label=_("Information requested"), widget=forms.Textarea(attrs={"rows": 3})
    )
    form_wanted = forms.ChoiceField(label=_("Form wanted"), choices=FormWanted.choices)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE)
    received_on = forms.DateField(
        label=_("Received on (Art. 31)"),
        widget=DATE,
        required=False,
        help_text=_(
            "In person: the day handed in. Post: the signature date. Ordinary letter: the day confirmed with the applicant. Online or fax: the day both sides confirmed. Leave empty until confirmed."
        ),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sub, rec = data.get("submitted_on"), data.get("received_on")
        if sub and rec and rec < sub:
            self.add_error(
                "received_on",
                _("The receipt date cannot be before the date the application was made."),
            )
        if data.get("category") == Category.NATURAL_PERSON and not (
            data.get("phone") or data.get("email") or data.get("address")
        ):
            self.add_error("phone", _("Give at least one way to reach the applicant (Art. 29)."))
        return data


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)


class CorrectionNoticeForm(DateForm):
    deadline = forms.DateField(label=_("Applicant's deadline"), widget=DATE)
    note = forms.CharField(label=_("What to supplement"), widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(DateForm):
    party_kind = forms.ChoiceField(label=_("Who is consulted"), choices=PartyKind.choices)
    party = forms.CharField(label=_("Consulted party or organ"), max_length=200)
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE, required=False)


class ConsultationAnsweredForm(DateForm):
    event = forms.IntegerField(widget=forms.HiddenInput)


class FeeNoticeForm(DateForm):
    deadline = forms.DateField(label=_("Payment deadline"), widget=DATE)
    amount_yuan = forms.IntegerField(label=_("Amount (yuan)"), min_value=1)


class TransferForm(DateForm):
    to_unit = forms.ModelChoiceField(label=_("To unit"), queryset=Unit.objects.all())
    note = forms.CharField(label=_("Note"), required=False)


class NoteForm(DateForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(DateForm):
    outcome = forms.ChoiceField(
        label=_("Outcome (Table 3 row)"), choices=outcome_choices_grouped(OUTCOME_CHOICES)
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=200)
    withheld = forms.CharField(
        label=_("Withheld parts (partial disclosure)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What is not disclosed; the legal basis above says why."),
    )
    service_method = forms.ChoiceField(label=_("Served by"), choices=ServiceMethod.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome") == "apply.result.partial"
            and not (data.get("withheld") or "").strip()
        ):
            self.add_error("withheld", E_WITHHELD)
        return data


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AppealKind.choices)
    result = forms.ChoiceField(label=_("Result"), choices=AppealResult.choices)
    filed_on = forms.DateField(label=_("Filed on"), widget=DATE)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filed, decided, result = data.get("filed_on"), data.get("decided_on"), data.get("result")
        if filed and decided and decided < filed:
            self.add_error("decided_on", _("A case cannot be decided before it was filed."))
        if decided and result == AppealResult.PENDING:
            self.add_error("result", _("A decided case needs its result."))
        if not decided and result and result != AppealResult.PENDING:
            self.add_error("decided_on", _("Give the date of the decision."))
        return data


DUE_CHOICES = [
    ("", _("Any")),
    ("overdue", _("Overdue")),
    ("due_soon", _("Due within 5 working days")),
    ("waiting", _("Waiting for the applicant or a consulted party")),
    ("unconfirmed", _("Receipt not yet confirmed")),
]


class SearchForm(forms.Form):
    """The filters of the application list (all optional; GET)."""

    q = forms.CharField(
        label=_("Tracking code or words of the request"), max_length=100, required=False
    )
    unit = forms.CharField(label=_("Unit code"), max_length=40, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *Status.choices], required=False
    )
    due = forms.ChoiceField(label=_("Queue"), choices=DUE_CHOICES, required=False)
    year = forms.IntegerField(
        label=_("Year received"), min_value=2008, max_value=2100, required=False
    )
