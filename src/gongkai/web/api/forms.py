from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.web.api.models import ApiScope
from gongkai.web.units.models import Unit


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Client name"), max_length=100)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none()
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )
    rate_per_minute = forms.IntegerField(
        label=_("Calls per minute"), min_value=1, max_value=10_000, initial=120
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("name", "unit", "scopes", "rate_per_minute")}
