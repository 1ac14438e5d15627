"""The project's template filters: ``{% load gongkai %}`` (registered in settings.TEMPLATES)."""

from __future__ import annotations

from datetime import date, datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def iso_date(value: object) -> str:
    """A date as every page prints it, 2026-11-26 (a datetime in local time); "" for none.

    What ``date:"Y-m-d"`` gives, at a small part of its cost: the work queue prints two
    dates on each of up to a hundred rows."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
