from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.web.audit.labels import ACTIONS
from gongkai.web.choices import UnitChoiceField
from gongkai.web.widgets import DateInput


class AuditFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=None,
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(
            attrs={
                "data-searchable": "",
                "data-search-placeholder": _("Search by unit name or code"),
            }
        ),
    )
    actor: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("User"), queryset=None, required=False, empty_label=_("All users")
    )
    action = forms.ChoiceField(label=_("Kind of record"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, units: Any, actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            ("", _("All kinds")),
            *sorted(((k, v) for k, v in ACTIONS.items()), key=lambda kv: kv[0]),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date cannot be before the start date."))
        return data
