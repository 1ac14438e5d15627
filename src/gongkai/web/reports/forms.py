from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.web.reports.models import ReportVersion


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = ReportVersion
        fields = ["sec1", "sec5", "sec6"]
        widgets = {k: forms.Textarea(attrs={"rows": 8}) for k in ("sec1", "sec5", "sec6")}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
