"""The project's template filters: ``{% load gongkai %}`` (registered in settings.TEMPLATES)."""

from __future__ import annotations

from datetime import date, datetime

from django import template

from gongkai.core.report.rules.catalogue import rule_name as _rule_name

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


@register.filter
def rule_name(value: str) -> str:
    """A rule family's name for readers (R1 表三各列收支平衡, 结构完整), not its code."""
    return _rule_name(str(value))
