"""The bulk audit pages: the upload, the job's progress (polled by static/gongkai/jobs.js)
and its results, and its output files. Shown to the office, supervisors and admins, each
job to whoever submitted it alone; to anyone else they answer 404. An evaluation's jobs are
followed on the evaluation's pages, by whoever may see the evaluation, through the
evaluation's own status URL (gongkai.web.evaluations)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.report.archive import MAX_FILES, ArchiveRefused
from gongkai.web.jobs import selectors
from gongkai.web.jobs.forms import MAX_UPLOAD_BYTES, BulkAuditForm
from gongkai.web.jobs.models import Job, JobKind
from gongkai.web.jobs.runner import jobs_on_celery, stale_after
from gongkai.web.jobs.services import bulk_audit_submit, rollup_documents_submit
from gongkai.web.storage import private_file_response
from gongkai.web.units.selectors import unit_can_approve, unit_list_visible

#: The content type of each kind of output file.
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson; charset=utf-8",
}


@login_required
def bulk_audit(request: HttpRequest) -> HttpResponse:
    if not selectors.jobs_can_submit(user=request.user):
        raise Http404
    form = BulkAuditForm(request.POST or None, request.FILES or None)
    refused: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            job = bulk_audit_submit(files=form.cleaned_data["reports"], user=request.user)
        except ArchiveRefused as err:
            refused = [str(e) for e in err.errors]
        else:
            return redirect("job", pk=job.pk)
    return render(
        request,
        "jobs/bulk_audit.html",
        {
            "form": form,
            "refused": refused,
            "jobs": selectors.jobs_recent(user=request.user),
            "max_files": MAX_FILES,
            "max_upload_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        },
    )


@login_required
@require_POST
def rollup_documents(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Make the documents of a roll-up report in the background (for whoever may approve
    the unit's report: its reviewers, the office over it, admins)."""
    unit = unit_list_visible(user=request.user).filter(code=code).first()
    if unit is None or not unit_can_approve(user=request.user, unit=unit):
        raise Http404
    job = rollup_documents_submit(unit=unit, year=year, user=request.user)
    return redirect("job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> Job:
    job = selectors.job_get(pk=pk, user=request.user)
    if job is None:
        raise Http404
    return job


def _stalled(job: Job) -> bool:
    """On Celery: the job's worker stopped showing signs of life (another will take the
    job up once the broker hands its message out again)."""
    from django.utils import timezone

    return bool(
        jobs_on_celery()
        and job.status == "running"
        and job.heartbeat_at
        and timezone.now() - job.heartbeat_at > stale_after()
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.kind == JobKind.EVALUATION:  # followed on the evaluation's own page
        return redirect("evaluation", pk=job.params["evaluation"])
    outputs = [(o.name, _download_name(job, o.name)) for o in job.outputs.all()]
    return render(
        request, "jobs/job.html", {"job": job, "stalled": _stalled(job), "outputs": outputs}
    )


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    return job_status_response(_job(request, pk))


def job_status_response(job: Job) -> JsonResponse:
    """A job's progress as static/gongkai/jobs.js reads it. Whoever may see the job is
    the caller's to decide: the submitter here, whoever may see the evaluation on its
    own status URL (:func:`gongkai.web.evaluations.views.evaluation_job_status`)."""
    return JsonResponse(
        {
            "status": job.status,
            "running": job.running,
            "processed": job.processed,
            "total": job.total,
            "percent": job.percent,
            "attempts": job.attempts,
        }
    )


@login_required
def job_output(request: HttpRequest, pk: int, filename: str) -> HttpResponseBase:
    job = _job(request, pk)
    output = job.outputs.filter(name=filename).first() if job.status == "done" else None
    if output is None:
        raise Http404
    # Streamed from the private storage, or a short-lived signed URL of it on S3.
    return private_file_response(
        output.file.name,
        fh=output.file.open("rb"),
        filename=_download_name(job, filename),
        content_type=CONTENT_TYPES.get(filename.rsplit(".", 1)[-1], "application/octet-stream"),
    )


def _download_name(job: Job, filename: str) -> str:
    """An output's name for the reader, in Chinese: 年度报告批量核查结果-12.xlsx, or the
    roll-up report's title, not 12-audit.xlsx."""
    ext = filename.rsplit(".", 1)[-1]
    summary = job.summary or {}
    if job.kind == JobKind.ROLLUP_DOCUMENTS and summary.get("unit") and summary.get("year"):
        return f"{summary['unit']}{summary['year']}年政府信息公开工作年度报告（汇总）.{ext}"
    return f"{job.get_kind_display()}结果-{job.pk}.{ext}"
