"""API clients (one token each, with scopes), the calls they make, and the answers kept
for their idempotency keys."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiScope(models.TextChoices):
    PUBLIC_READ = "public:read", _("Read public data (units, catalogue, reports)")
    APPLICATIONS_SUBMIT = "applications:submit", _("Submit applications (partner platform)")
    UNIT_READ = "unit:read", _("Read the unit's applications and their events")
    UNIT_WRITE = "unit:write", _("Register applications for the unit")
    REPORTS_PUSH = "reports:push", _("Send the unit's published reports (from another gongkai)")


class ApiClient(models.Model):
    """A client of the API and its token, registered by the office of ``unit``: what it
    submits or reads of applications stays within the unit and the units under it; a
    report it sends is the unit's. Only the token's SHA-256 digest is kept: the
    token itself is shown once, when the office creates the client."""

    name = models.CharField(_("client name"), max_length=100)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="api_clients"
    )
    scopes = models.JSONField(_("scopes"), default=list)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token begins with"), max_length=12, editable=False)
    rate_per_minute = models.PositiveIntegerField(_("calls per minute"), default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_labels(self) -> list[str]:
        return [str(ApiScope(s).label) for s in self.scopes if s in ApiScope.values]

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiCall(models.Model):
    """One call of the API: who (the client, when its token was valid), which route (the
    URL pattern, not the path with its values) and the answer's status. Nothing of the
    request's content is kept."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    client = models.ForeignKey(
        ApiClient, null=True, blank=True, on_delete=models.CASCADE, related_name="calls"
    )
    method = models.CharField(max_length=10)
    route = models.CharField(max_length=200)
    status = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "at"])]


class IdempotentRequest(models.Model):
    """The answer given to a client's request under an ``Idempotency-Key``: the same key
    with the same body gets the same answer again; with another body, a conflict."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    body_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField(encoder=DjangoJSONEncoder)
    application = models.ForeignKey(
        "applications.Application", null=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_unique")
        ]


class ReceivedReport(models.Model):
    """A report version that came from another gongkai (``gongkai report push``): the
    published :class:`~gongkai.web.reports.models.ReportVersion` it became here, and the
    digest of what was sent, so that sending the same report again adds no version."""

    version = models.OneToOneField(
        "reports.ReportVersion", on_delete=models.CASCADE, related_name="received"
    )
    client = models.ForeignKey(ApiClient, null=True, on_delete=models.SET_NULL, related_name="+")
    digest = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)
