"""Picking a unit from a searchable list instead of typing its code: a form field that
takes a unit code becomes a <select> of the units in the user's scope, which
``static/gongkai/unit-picker.js`` gives a search box (by name or code). A scope too large
for one list (a province's thousands of units) keeps the typed code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.web.units.models import Unit

#: Up to this many units are offered in one list.
UNITS_LISTED = 300

SEARCH_ATTRS = {"data-searchable": "", "data-search-placeholder": _("Search by unit name or code")}


def unit_choices(units: QuerySet[Unit]) -> list[tuple[str, str]] | None:
    """``(code, "name（code）")`` for each unit in tree order; None when there are too many."""
    rows = list(units.order_by("path").values_list("code", "name")[: UNITS_LISTED + 1])
    if len(rows) > UNITS_LISTED:
        return None
    return [(code, f"{name}（{code}）") for code, name in rows]


def unit_code_picker(field: forms.Field, *, units: QuerySet[Unit], empty: Any) -> None:
    """Turn a unit-code field into a searchable list of ``units`` (if not too many)."""
    choices = unit_choices(units)
    if choices is None:
        return
    field.widget = forms.Select(choices=[("", empty), *choices], attrs=dict(SEARCH_ATTRS))
    field.label = _("Unit")
