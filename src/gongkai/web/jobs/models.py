"""A background job's record: what it is to do (its input file), how far it got (its
heartbeat and progress), and what came of it (its outputs, or why it failed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import private_storage


class JobKind(models.TextChoices):
    BULK_AUDIT = "bulk_audit", _("Bulk audit of annual reports")
    ROLLUP_DOCUMENTS = "rollup_documents", _("Documents of a roll-up report")
    #: gongkai.web.evaluations: collecting, auditing and scoring, or rendering its bulletin.
    EVALUATION = "evaluation", _("Evaluation of annual reports")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


JOB_UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """One background job. Each run of it (an *attempt*: a worker that died leaves the job
    to another) is numbered; only the attempt that holds the job may record progress or
    its end, and the end is recorded once, in the transaction that names its outputs."""

    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    title = models.CharField(_("file name"), max_length=200)
    #: What the job reads: an uploaded file (a bulk audit's ZIP) …
    input = models.FileField(
        _("input"), upload_to="jobs/in/%Y/", storage=private_storage, blank=True
    )
    #: … and what it is asked (a roll-up's unit, year).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("items"), default=0)
    processed = models.PositiveIntegerField(_("items done"), default=0)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    #: What the results page shows (for a bulk audit: the totals and one row per report).
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    #: Why the job failed, one message per problem.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    #: Touched while an attempt runs: a running job whose heartbeat stops was interrupted.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in JOB_UNFINISHED

    @property
    def percent(self) -> int:
        return min(100, self.processed * 100 // self.total) if self.total else 0


class JobOutput(models.Model):
    """A file a job made, named as it is downloaded (``audit.xlsx``); recorded with the
    job's end, in its transaction, so a job done has all its outputs and no other."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="outputs")
    name = models.CharField(_("file name"), max_length=100)
    file = models.FileField(upload_to="jobs/out/", storage=private_storage)

    class Meta:
        verbose_name = _("output of a background job")
        verbose_name_plural = _("outputs of background jobs")
        ordering = ["job", "id"]
        constraints = [models.UniqueConstraint(fields=["job", "name"], name="job_output_unique")]

    def __str__(self) -> str:
        return self.name
