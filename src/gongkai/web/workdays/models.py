from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose holidays an administrator has entered (for years the bundled data lacks)."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day set by hand: a working day (e.g. a 调休 Saturday) or a day off."""

    day = models.DateField(_("day"), unique=True)
    working = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'+' if self.working else '-'}"
