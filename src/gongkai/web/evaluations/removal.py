"""Deleting an evaluation: by whoever created it or the office over every unit it covers;
never once its bulletin is issued (an issued 通报 is a public record, and the results and
overrides it was drawn from are its grounds), nor while one of its jobs runs.

The records go in one transaction with the audit-log row that keeps what the evaluation
was (its name, units, years, how many reports and overrides); its files — the input, the
bulletin's drafts, the collected store — are removed once that transaction commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.web.applications.models import private_storage
from gongkai.web.audit.services import audit_record
from gongkai.web.evaluations.models import Evaluation
from gongkai.web.evaluations.selectors import evaluation_jobs
from gongkai.web.evaluations.services import EvaluationError
from gongkai.web.evaluations.store import store_delete
from gongkai.web.units.selectors import unit_list_office

E_DELETE_ISSUED = "通报已印发，这次评估是通报的依据，不能删除。"
E_DELETE_RUNNING = "评估的后台作业正在运行，请等它结束后再删除。"
E_DELETE_NOT_YOURS = "只有评估的创建人或所涉全部单位的信息公开工作机构才能删除这次评估。"


def evaluation_can_delete(*, evaluation: Evaluation, user: Any) -> bool:
    """Whether ``user`` may delete the evaluation (issued or running aside): its creator,
    or the office (or an admin) over every unit it covers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or (
        evaluation.created_by_id is not None and evaluation.created_by_id == user.pk
    ):
        return True
    outside = evaluation.units.exclude(pk__in=unit_list_office(user=user).values("pk"))
    return evaluation.units.exists() and not outside.exists()


def evaluation_delete(*, evaluation: Evaluation, user: Any) -> None:
    """Delete the evaluation, its results, overrides and jobs, and (after the commit) its
    files; raises :class:`EvaluationError` saying why not."""
    if not evaluation_can_delete(evaluation=evaluation, user=user):
        raise EvaluationError(E_DELETE_NOT_YOURS)
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.issued_at is not None:
            raise EvaluationError(E_DELETE_ISSUED)
        jobs = evaluation_jobs(evaluation=locked)  # the run(s), the draft's and the issue's
        if any(job.running for job in jobs):
            raise EvaluationError(E_DELETE_RUNNING)
        files = [
            str(f.name)
            for f in (
                locked.input,
                locked.bulletin_docx,
                locked.bulletin_pdf,
                locked.draft_docx,
                locked.draft_pdf,
            )
            if f
        ]
        pk = locked.pk
        audit_record(
            actor=user,
            action="evaluation.delete",
            obj=locked,
            name=locked.name,
            units=sorted(locked.units.values_list("name", flat=True)),
            year=locked.years,
            source=locked.source,
            reports=locked.reports.count(),
            overrides=locked.overrides.count(),
        )
        jobs.delete()
        locked.delete()

        def remove() -> None:
            storage = private_storage()
            for name in files:
                storage.delete(name)
            store_delete(pk=pk)

        transaction.on_commit(remove)
