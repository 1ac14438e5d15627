"""Forms of the cases and extension requests (``duty_views``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.forms import DATE, E_NEGATIVE_OR_ZERO
from gongkai.web.applications.models import AppealResult


class CaseUpdateForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=AppealResult.choices)
    case_number = forms.CharField(label=_("Case number"), max_length=100, required=False)
    deciding_body = forms.CharField(
        label=_("Reconsideration body or court"), max_length=200, required=False
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, required=False)


class ExtensionRequestForm(forms.Form):
    on = forms.DateField(label=_("Date of the request"), widget=DATE)
    days = forms.IntegerField(
        label=_("Working days wanted"),
        min_value=1,
        max_value=20,
        error_messages={"min_value": E_NEGATIVE_OR_ZERO, "max_value": E_NEGATIVE_OR_ZERO},
        help_text=_("At most 20 working days (Art. 33)."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    on = forms.DateField(label=_("Date of the decision"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason (needed to refuse)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
