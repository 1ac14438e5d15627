"""The bulk audit pages: the upload, the job's progress (polled by static/gongkai/jobs.js)
and its results, and its output files. Shown to the office, supervisors and admins, each
job to whoever submitted it alone; to anyone else they answer 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from gongkai.core.report.archive import MAX_FILES, ArchiveRefused
from gongkai.web.jobs import selectors
from gongkai.web.jobs.bulk_audit import OUTPUTS
from gongkai.web.jobs.forms import MAX_UPLOAD_BYTES, BulkAuditForm
from gongkai.web.jobs.models import Job
from gongkai.web.jobs.runner import jobs_on_celery, stale_after
from gongkai.web.jobs.services import bulk_audit_submit

#: The output files by name, with their content types.
FILES = {
    OUTPUTS["output_xlsx"]: (
        "output_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    OUTPUTS["output_html"]: ("output_html", "text/html; charset=utf-8"),
    OUTPUTS["output_jsonl"]: ("output_jsonl", "application/x-ndjson; charset=utf-8"),
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
    return render(request, "jobs/job.html", {"job": job, "stalled": _stalled(job)})


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
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
def job_output(request: HttpRequest, pk: int, filename: str) -> FileResponse:
    job = _job(request, pk)
    if filename not in FILES or job.status != "done":
        raise Http404
    field, content_type = FILES[filename]
    stored = getattr(job, field)
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"核查结果-{job.pk}-{filename}",
        content_type=content_type,
    )
