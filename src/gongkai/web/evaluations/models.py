"""An evaluation and what came of it.

The audited reports are kept as their audit records (:class:`EvaluatedReport`), so that
the scores can be recomputed at any time from them, the scheme and the overrides; the
scores, ranks and deductions (:class:`UnitResult`, :class:`Deduction`) are written from
that computation, for the results page to filter in the database."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import private_storage
from gongkai.web.units.models import Unit


class Source(models.TextChoices):
    COLLECT = "collect", _("Collected from the units' websites")
    UPLOAD = "upload", _("Uploaded report files")


class ReportColumn(models.Model):
    """A unit's annual-report column (政府信息公开年报) on its website: where the collector
    starts."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="report_column"
    )
    url = models.URLField(_("annual-report column address"), max_length=500)

    class Meta:
        verbose_name = _("annual-report column")
        verbose_name_plural = _("annual-report columns")

    def __str__(self) -> str:
        return f"{self.unit.name} {self.url}"


class Evaluation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="+")
    #: The report years asked for, ascending; the last is ranked, the one before compared.
    years = models.JSONField(_("years"), default=list)
    #: The scheme's YAML; empty for gongkai's default scheme.
    scheme_text = models.TextField(_("scoring scheme"), blank=True)
    scheme_name = models.CharField(_("scheme name"), max_length=200, blank=True)
    source = models.CharField(_("reports from"), max_length=20, choices=Source.choices)
    #: An uploaded sites list (collect) or the reports as one ZIP (upload).
    input = models.FileField(
        _("input"), upload_to="evaluations/in/%Y/", storage=private_storage, blank=True
    )
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("background job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: What the collector could not do: [{unit, url, reason}], and the (unit, year) whose
    #: report it did not find.
    failures = models.JSONField(_("failures"), default=list, blank=True)
    results_at = models.DateTimeField(_("results computed"), null=True, blank=True)
    #: The bulletin's edited fields: title, number, date, issuer, overall.
    bulletin = models.JSONField(_("bulletin"), default=dict, blank=True)
    #: Once issued, the bulletin is frozen: its data and its two files.
    bulletin_issued = models.JSONField(_("issued bulletin"), null=True, blank=True)
    bulletin_docx = models.FileField(
        _("bulletin (Word)"),
        upload_to="evaluations/bulletins/",
        storage=private_storage,
        blank=True,
    )
    bulletin_pdf = models.FileField(
        _("bulletin (PDF)"), upload_to="evaluations/bulletins/", storage=private_storage, blank=True
    )
    #: The background job issuing the bulletin (rendering a thousand units' PDF takes
    #: longer than a request should).
    issue_job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("issuing job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The draft as DOCX and PDF, rendered in the background (a thousand units' PDF takes
    #: some 15 s) once for each version of the draft (:attr:`draft_key`: the results and
    #: the edits it was rendered from), and served as stored.
    draft_docx = models.FileField(
        _("draft bulletin (Word)"),
        upload_to="evaluations/drafts/",
        storage=private_storage,
        blank=True,
    )
    draft_pdf = models.FileField(
        _("draft bulletin (PDF)"),
        upload_to="evaluations/drafts/",
        storage=private_storage,
        blank=True,
    )
    draft_key = models.CharField(_("version of the draft files"), max_length=64, blank=True)
    draft_job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("job rendering the draft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def year(self) -> int:
        return int(max(self.years))


class EvaluatedReport(models.Model):
    """One audited report: its audit record (``gongkai audit --format json``'s), and the
    unit it was collected for, if known."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="reports")
    source = models.CharField(_("file"), max_length=500)
    given_unit = models.CharField(_("unit"), max_length=200, blank=True)
    record = models.JSONField(_("audit record"))

    class Meta:
        verbose_name = _("evaluated report")
        verbose_name_plural = _("evaluated reports")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.source


class ResultStatus(models.TextChoices):
    RANKED = "ranked", _("Ranked")
    UNRANKED = "unranked", _("Not ranked")
    MISSING = "missing", _("No report found")


class UnitResult(models.Model):
    """A unit's line in the results: its ranked report's score, grade and rank; or a
    report not ranked, and why; or a unit whose report was not found."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    report = models.ForeignKey(
        EvaluatedReport, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit_name = models.CharField(_("unit"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=ResultStatus.choices)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    previous_score = models.DecimalField(
        _("last year's score"), max_digits=7, decimal_places=2, null=True
    )
    published_on = models.CharField(_("published on"), max_length=20, blank=True)
    published_on_source = models.CharField(_("date from"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("unit's result")
        verbose_name_plural = _("units' results")
        ordering = ["status", "rank", "unit_name", "id"]

    def __str__(self) -> str:
        return self.unit_name


class Override(models.Model):
    """A finding set aside by the evaluator, with the reason: the report is scored as if
    the audit had not found it."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="overrides")
    report = models.ForeignKey(EvaluatedReport, on_delete=models.CASCADE, related_name="overrides")
    #: The finding's place in the report's audit record (``record["findings"][n]``).
    finding_index = models.PositiveIntegerField(_("finding"))
    finding_id = models.CharField(_("finding id"), max_length=40)
    message = models.TextField(_("message"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("overridden at"), auto_now_add=True)

    class Meta:
        verbose_name = _("overridden finding")
        verbose_name_plural = _("overridden findings")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "finding_index"], name="evaluation_override_unique"
            )
        ]

    def __str__(self) -> str:
        return self.finding_id


class Deduction(models.Model):
    """A finding of a unit's ranked report: the points it cost under its indicator (0
    when the indicator is used up or no indicator takes it), or set aside."""

    result = models.ForeignKey(UnitResult, on_delete=models.CASCADE, related_name="deductions")
    finding_index = models.PositiveIntegerField(_("finding"))
    finding_id = models.CharField(_("finding id"), max_length=40)
    rule = models.CharField(_("rule"), max_length=20)
    severity = models.CharField(_("severity"), max_length=10)
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)
    message = models.TextField(_("message"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    override = models.ForeignKey(
        Override, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        ordering = ["result", "finding_index"]

    def __str__(self) -> str:
        return self.finding_id
