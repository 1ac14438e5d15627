"""The evaluation workspace's reads. An evaluation is seen by whoever oversees every unit
it covers (the office, a supervisor or an admin over them); to anyone else it is not
there (404). Its background jobs (the runs, the draft's, the issue's) are followed by
whoever sees it, whoever submitted them; the jobs pages show a job to its submitter alone."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from gongkai.web.evaluations.models import (
    Deduction,
    Evaluation,
    ReportColumn,
    ResultStatus,
    UnitResult,
)
from gongkai.web.jobs.models import Job, JobKind
from gongkai.web.jobs.runner import jobs_expire_stale
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_list_overseen, user_oversees


def evaluations_can_use(*, user: Any) -> bool:
    return user_oversees(user=user)


def evaluation_units_choosable(*, user: Any) -> QuerySet[Unit]:
    return unit_list_overseen(user=user).order_by("path")


def evaluation_list_visible(*, user: Any) -> QuerySet[Evaluation]:
    if not evaluations_can_use(user=user):
        return Evaluation.objects.none()
    outside = Unit.objects.exclude(pk__in=unit_list_overseen(user=user).values("pk"))
    return Evaluation.objects.exclude(units__in=outside).select_related(
        "job", "issue_job", "draft_job"
    )


def evaluation_get(*, pk: int, user: Any) -> Evaluation | None:
    evaluation = evaluation_list_visible(user=user).filter(pk=pk).first()
    if evaluation is None:
        return None
    for job in (evaluation.job, evaluation.issue_job, evaluation.draft_job):
        if job is not None:  # a job whose process died is shown failed
            jobs_expire_stale(Job.objects.filter(pk=job.pk))
            job.refresh_from_db()
    return evaluation


def evaluation_jobs(*, evaluation: Evaluation) -> QuerySet[Job]:
    """The jobs that belong to the evaluation: its runs (the current one and any earlier),
    the draft's and the issue's."""
    return Job.objects.filter(kind=JobKind.EVALUATION, params__evaluation=evaluation.pk)


def evaluation_job_get(*, evaluation: Evaluation, pk: int) -> Job | None:
    """One of the evaluation's jobs (one whose process died marked failed first), for
    whoever may see the evaluation (:func:`evaluation_get`); None if the job is not the
    evaluation's. An earlier run stays readable, so that a page still following it sees
    it ended."""
    jobs = evaluation_jobs(evaluation=evaluation).filter(pk=pk)
    jobs_expire_stale(jobs)
    return jobs.first()


def evaluation_results(
    *, evaluation: Evaluation, grade: str = "", unit: str = "", rule: str = ""
) -> QuerySet[UnitResult]:
    """The units' lines, filtered: by grade, by unit, by rule (the units with a finding
    of that rule family, each showing those findings)."""
    results = evaluation.results.select_related("report")
    deductions = Deduction.objects.select_related("override__created_by")
    if grade:
        results = results.filter(grade=grade)
    if unit:
        results = results.filter(unit_name=unit)
    if rule:
        results = results.filter(deductions__rule=rule).distinct()
        deductions = deductions.filter(rule=rule)
    return results.prefetch_related(Prefetch("deductions", queryset=deductions))


def evaluation_grade_counts(*, evaluation: Evaluation) -> dict[str, int]:
    """How many units have each grade (one GROUP BY), in the scheme's order."""
    rows = (
        evaluation.results.filter(status=ResultStatus.RANKED)
        .values("grade")
        .annotate(n=Count("id"))
    )
    return {r["grade"]: r["n"] for r in rows}


def evaluation_rules(*, evaluation: Evaluation) -> list[dict[str, Any]]:
    """The rule families found in the ranked reports: how many units, findings, and the
    points they cost (one GROUP BY)."""
    rows = (
        Deduction.objects.filter(result__evaluation=evaluation)
        .values("rule")
        .annotate(
            units=Count("result", distinct=True),
            findings=Count("id"),
            points=Sum("points", filter=Q(override__isnull=True)),
        )
        .order_by("-units", "rule")
    )
    return [dict(r) for r in rows]


def evaluation_unit_names(*, evaluation: Evaluation) -> list[str]:
    return list(
        evaluation.results.order_by("unit_name").values_list("unit_name", flat=True).distinct()
    )


def report_column_list(*, user: Any) -> QuerySet[ReportColumn]:
    """The annual-report columns of the units the user oversees."""
    return (
        ReportColumn.objects.filter(unit__in=unit_list_overseen(user=user).values("pk"))
        .select_related("unit")
        .order_by("unit__path")
    )


def report_column_urls(*, user: Any) -> dict[int, str]:
    return dict(report_column_list(user=user).values_list("unit_id", "url"))
