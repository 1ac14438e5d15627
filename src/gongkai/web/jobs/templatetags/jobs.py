from __future__ import annotations

from typing import Any

from django import template

from gongkai.web.jobs.selectors import jobs_can_submit

register = template.Library()


@register.filter
def can_submit_jobs(user: Any) -> bool:
    """Whether the navigation offers the bulk audit (the office, supervisors, admins)."""
    return jobs_can_submit(user=user)
