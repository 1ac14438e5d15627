from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Scope(models.TextChoices):
    UNIT = "unit", _("The unit alone")
    SUBTREE = "subtree", _("The unit and all units under it")


def report_file_name(*, unit_name: str, year: int, scope: str, kind: str) -> str:
    """A report's document named as the report is titled, in Chinese (not by the unit's
    code): 「示例县人民政府（含下属单位）2024年政府信息公开工作年度报告.docx」."""
    body = unit_name + ("（含下属单位）" if scope == Scope.SUBTREE else "")
    return f"{body}{year}年政府信息公开工作年度报告.{kind}"


class ReportVersion(models.Model):
    """One version of a unit's annual report for a year. A published version is frozen
    (``snapshot`` holds its cells and findings); a later change is a new version."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveIntegerField(_("year"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.UNIT)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    sec1 = models.TextField("一、总体情况", blank=True)
    sec5 = models.TextField("五、存在的主要问题及改进情况", blank=True)
    sec6 = models.TextField("六、其他需要报告的事项", blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    change_reason = models.TextField(_("reason for the new version"), blank=True)
    snapshot = models.JSONField(_("published content"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who submitted it for approval: that user may not approve or publish it (unless the
    # office allowed the unit's one person to, see SelfApproval).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["unit", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "scope", "number"], name="report_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} v{self.number}"

    @property
    def issued_on(self) -> date | None:
        """The date the version's documents print in their closing (落款): the day it was
        published, in the local time zone. A version not yet published has none, and its
        closing carries the unit's name alone: an office dates a report the day it issues
        it, so a date on a draft would be a guess that is wrong by the time it comes out,
        and one who read the draft would take it for the release date."""
        if self.status != ReportStatus.PUBLISHED or self.published_at is None:
            return None
        return timezone.localtime(self.published_at).date()


class SelfApproval(models.Model):
    """A unit with one person for its reports, allowed by the disclosure office to approve
    and publish a report that person submitted. Without this row, the submitter may not."""

    unit = models.OneToOneField(
        "units.Unit", on_delete=models.CASCADE, related_name="report_self_approval"
    )
    reason = models.TextField(_("reason"))
    allowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    allowed_on = models.DateField(_("allowed on"))

    class Meta:
        verbose_name = _("self-approval of reports")
        verbose_name_plural = _("self-approval of reports")

    def __str__(self) -> str:
        return str(self.unit)
