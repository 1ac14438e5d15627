"""The bulletin's writes: the office's edits before it is issued; its draft's DOCX and
PDF, rendered in the background once for each version of the draft and kept; and its
issue (its DOCX and PDF rendered once by core and kept, frozen)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.audit.services import audit_record
from gongkai.web.evaluations.compute import evaluation_bulletin, evaluation_compute
from gongkai.web.evaluations.models import Evaluation
from gongkai.web.evaluations.services import JOB_KIND, EvaluationError
from gongkai.web.jobs.models import Job
from gongkai.web.jobs.runner import job_dispatch

E_ISSUED = "通报已印发，不能再修改。"
E_NO_RESULTS = "评估尚未完成，没有可以通报的结果。"
E_ISSUING = "通报正在印发，请稍候。"
E_DRAFTING = "草稿文件正在生成，请稍候。"
E_RUNNING = "评估正在重新运行，结果将会更新；请等它结束后再印发通报。"
E_DRAFT_STALE = "草稿的Word、PDF文件尚未按当前内容生成，请先点击“生成草稿文件”，生成后再下载。"

#: The bulletin's fields the office edits before it is issued.
BULLETIN_FIELDS = ("title", "number", "date", "issuer", "overall")


def bulletin_save(*, evaluation: Evaluation, fields: dict[str, str], user: Any) -> None:
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.issued_at is not None:
            raise EvaluationError(E_ISSUED)
        before = dict(locked.bulletin)
        after = {k: fields.get(k, "") for k in BULLETIN_FIELDS}
        locked.bulletin = after
        locked.save(update_fields=["bulletin"])
        changes = {
            k: [before.get(k, ""), after[k]]
            for k in BULLETIN_FIELDS
            if before.get(k, "") != after[k]
        }
        audit_record(actor=user, action="evaluation.bulletin_edit", obj=locked, changes=changes)
    evaluation.bulletin = after


def bulletin_issue_submit(*, evaluation: Evaluation, user: Any, today: date) -> Job:
    """Have the bulletin issued in the background (:func:`bulletin_issue`, dated
    ``today``), once the request that asks it commits."""
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("issue_job", "job")
            .get(pk=evaluation.pk)
        )
        if locked.issued_at is not None:
            raise EvaluationError(E_ISSUED)
        if locked.results_at is None:
            raise EvaluationError(E_NO_RESULTS)
        if locked.job is not None and locked.job.running:  # collected again: results to come
            raise EvaluationError(E_RUNNING)
        if locked.issue_job is not None and locked.issue_job.running:
            raise EvaluationError(E_ISSUING)
        job = _bulletin_job(locked, user, "bulletin", today)
        locked.issue_job = job
        locked.save(update_fields=["issue_job"])
        audit_record(actor=user, action="evaluation.bulletin_issue_submit", obj=locked)
        job_dispatch(job)
    return job


def bulletin_issue(
    *,
    evaluation: Evaluation,
    user: Any,
    today: date,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Evaluation:
    """Issue the bulletin: render it (core's DOCX and PDF) from the results as they stand,
    overrides applied, with the office's edits; keep the files and the text frozen."""
    bulletin, docx, pdf = _render(evaluation, today, progress)
    with removed_on_rollback() as written:
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.issued_at is not None:
            raise EvaluationError(E_ISSUED)
        locked.bulletin_docx.save(f"bulletin-{locked.pk}.docx", ContentFile(docx), save=False)
        written.append(str(locked.bulletin_docx.name))
        locked.bulletin_pdf.save(f"bulletin-{locked.pk}.pdf", ContentFile(pdf), save=False)
        written.append(str(locked.bulletin_pdf.name))
        locked.bulletin_issued = bulletin.to_json()
        locked.issued_at, locked.issued_by = timezone.now(), user
        locked.save(
            update_fields=[
                "bulletin_docx",
                "bulletin_pdf",
                "bulletin_issued",
                "issued_at",
                "issued_by",
            ]
        )
        audit_record(
            actor=user,
            action="evaluation.bulletin_issue",
            obj=locked,
            title=bulletin.title,
            code=bulletin.number,
            units=len(bulletin.annex),
        )
    return locked


# --- The draft's files


def draft_key(evaluation: Evaluation, today: date) -> str:
    """The version of the draft: what its text is drawn from — the results (recomputed,
    with ``results_at``, whenever a run or an override changes them), the office's edits,
    and, while no date is filled in, today's date (the draft's 成文日期)."""
    fields = dict(evaluation.bulletin)
    basis = [
        evaluation.results_at.isoformat() if evaluation.results_at else "",
        {k: fields.get(k, "") for k in BULLETIN_FIELDS},
        "" if fields.get("date") else today.isoformat(),
    ]
    return hashlib.sha256(json.dumps(basis, sort_keys=True).encode("utf-8")).hexdigest()


def draft_current(evaluation: Evaluation, today: date) -> bool:
    """Whether the draft's kept files are of the draft as it stands."""
    return bool(
        evaluation.draft_docx
        and evaluation.draft_pdf
        and evaluation.draft_key == draft_key(evaluation, today)
    )


def bulletin_draft_submit(*, evaluation: Evaluation, user: Any, today: date) -> Job | None:
    """Have the draft's DOCX and PDF rendered in the background, unless the kept ones are
    of the draft as it stands (then None)."""
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("draft_job")
            .get(pk=evaluation.pk)
        )
        if locked.issued_at is not None:
            raise EvaluationError(E_ISSUED)
        if locked.results_at is None:
            raise EvaluationError(E_NO_RESULTS)
        if locked.draft_job is not None and locked.draft_job.running:
            raise EvaluationError(E_DRAFTING)
        if draft_current(locked, today):
            return None
        job = _bulletin_job(locked, user, "draft", today)
        locked.draft_job = job
        locked.save(update_fields=["draft_job"])
        job_dispatch(job)
    return job


def bulletin_draft_render(
    *,
    evaluation: Evaluation,
    today: date,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> None:
    """Render the draft as it stands (core's DOCX and PDF) and keep the files, with the
    version they render, in place of the earlier ones."""
    key = draft_key(evaluation, today)
    _, docx, pdf = _render(evaluation, today, progress)
    with removed_on_rollback() as written:
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        earlier = [str(f.name) for f in (locked.draft_docx, locked.draft_pdf) if f]
        locked.draft_docx.save(f"draft-{locked.pk}.docx", ContentFile(docx), save=False)
        written.append(str(locked.draft_docx.name))
        locked.draft_pdf.save(f"draft-{locked.pk}.pdf", ContentFile(pdf), save=False)
        written.append(str(locked.draft_pdf.name))
        locked.draft_key = key
        locked.save(update_fields=["draft_docx", "draft_pdf", "draft_key"])

        def remove() -> None:
            for name in earlier:
                locked.draft_docx.storage.delete(name)

        transaction.on_commit(remove)


def _bulletin_job(evaluation: Evaluation, user: Any, what: str, today: date) -> Job:
    """The job that renders the bulletin's files: ``what`` is "bulletin" (issue) or
    "draft", dated ``today``."""
    return Job.objects.create(
        kind=JOB_KIND,
        title=evaluation.name[-200:],
        params={"evaluation": evaluation.pk, what: today.isoformat()},
        total=3,
        created_by=user,
        heartbeat_at=timezone.now(),
    )


def _render(
    evaluation: Evaluation, today: date, progress: Callable[[int, int], None]
) -> tuple[Any, bytes, bytes]:
    """The bulletin as the results and the office's edits stand, and core's DOCX and PDF
    of it."""
    from gongkai.core.evaluate.bulletin_docx import render_bulletin_docx
    from gongkai.core.evaluate.bulletin_pdf import render_bulletin_pdf

    if evaluation.results_at is None:
        raise EvaluationError(E_NO_RESULTS)
    computed = evaluation_compute(evaluation=evaluation)
    bulletin = evaluation_bulletin(computed=computed, fields=evaluation.bulletin, today=today)
    progress(1, 3)
    docx = render_bulletin_docx(bulletin)
    progress(2, 3)
    pdf = render_bulletin_pdf(bulletin)
    progress(3, 3)
    return bulletin, docx, pdf
