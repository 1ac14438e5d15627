from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    DEPARTMENT = "department", _("Department")
    TOWNSHIP = "township", _("Township")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """A body that discloses information and reports: a node of the unit tree.

    ``path`` is the materialised path of primary keys ("/1/5/"), kept by the
    services, so that a subtree is one indexed ``startswith`` filter.
    """

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    disclosure_guide = models.TextField(
        _("disclosure guide (政府信息公开指南)"),
        blank=True,
        help_text=_(
            "Published on the portal: how to apply, the channels the unit accepts, its address and hours."
        ),
    )
    reconsideration_body = models.CharField(
        _("administrative review body (行政复议机关)"),
        max_length=100,
        blank=True,
        help_text=_(
            "Named in the reply's remedy paragraph. Leave empty to use the government above the unit."
        ),
    )
    litigation_court = models.CharField(
        _("court for lawsuits (管辖法院)"),
        max_length=100,
        blank=True,
        help_text=_(
            "The people's court that hears a lawsuit against the unit, named in the reply's remedy paragraph. Leave empty to use the county's court (departments and townships of a county only)."
        ),
    )
    report_deadline_override = models.DateField(
        _("report deadline (local rule)"),
        null=True,
        blank=True,
        help_text=_(
            "Month and day used every year instead of the statutory deadline; the year is ignored."
        ),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def report_deadline(self, report_year: int) -> date:
        """Art. 49: departments publish by 31 January, governments by 31 March of the next year;
        townships and others by a local rule (31 March unless overridden)."""
        if self.report_deadline_override is not None:
            d = self.report_deadline_override
            return date(report_year + 1, d.month, d.day)
        if self.kind == UnitKind.DEPARTMENT and report_year >= 2019:
            return date(report_year + 1, 1, 31)
        return date(report_year + 1, 3, 31)


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    REVIEWER = "reviewer", _("Reviewer")
    OFFICE = "office", _("Disclosure office")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


#: Roles whose scope is the unit and everything under it.
SUBTREE_ROLES = (Role.OFFICE, Role.SUPERVISOR, Role.ADMIN)
#: Roles that may change records (supervisors only read).
WRITE_ROLES = (Role.CLERK, Role.REVIEWER, Role.OFFICE, Role.ADMIN)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.get_role_display()})"
