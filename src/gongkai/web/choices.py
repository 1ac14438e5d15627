"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class KeyedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Records chosen by key, as Django's field, but a key that is not a plain number of
    at most 18 digits is refused as any unknown choice is: SQLite raises OverflowError
    on ``pk__in`` with a longer one, which would answer 500 to a junk request."""

    def _check_values(self, value: Any) -> Any:
        for v in value or ():
            if not str(v).isdigit() or len(str(v)) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": v},
                )
        return super()._check_values(value)  # type: ignore[misc]


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked from a list, each shown as 「name（code）」."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.code}）"
