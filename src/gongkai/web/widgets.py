"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (YYYY-MM-DD) whatever the
    language: the Chinese locale's first input format (2026/12/06) is not a value an
    ``<input type="date">`` accepts, so a date already known — an item being edited, the
    day proposed for a step — showed as blank and was lost on saving."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
