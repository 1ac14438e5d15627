"""The evaluation workspace's pages: the list, a new evaluation, its progress and
results (filtered), a finding's override, running it again, deleting it, the results'
downloads and the units' report columns; the bulletin's pages are in
:mod:`gongkai.web.evaluations.bulletin_views`. For the office, supervisors and admins,
each evaluation to whoever oversees all its units; to anyone else they answer 404."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.report.archive import MAX_FILES, ArchiveRefused
from gongkai.web.evaluations import columns, removal, selectors, services
from gongkai.web.evaluations.compute import evaluation_compute, evaluation_scheme
from gongkai.web.evaluations.forms import EvaluationForm, OverrideForm, ReportColumnsForm
from gongkai.web.evaluations.models import Evaluation, ResultStatus
from gongkai.web.evaluations.store import store_size
from gongkai.web.jobs.forms import MAX_UPLOAD_BYTES
from gongkai.web.jobs.views import CONTENT_TYPES, job_status_response
from gongkai.web.units.selectors import unit_list_office

#: Units of the ranking shown a page, each with its deductions.
RANKED_PER_PAGE = 100


def evaluation_or_404(request: HttpRequest, pk: int) -> Evaluation:
    """The evaluation, if the user may see it (:func:`selectors.evaluation_get`); else 404."""
    evaluation = selectors.evaluation_get(pk=pk, user=request.user)
    if evaluation is None:
        raise Http404
    return evaluation


@login_required
def evaluation_list(request: HttpRequest) -> HttpResponse:
    if not selectors.evaluations_can_use(user=request.user):
        raise Http404
    evaluations = selectors.evaluation_list_visible(user=request.user)[:50]
    return render(request, "evaluations/list.html", {"evaluations": evaluations})


@login_required
def evaluation_new(request: HttpRequest) -> HttpResponse:
    if not selectors.evaluations_can_use(user=request.user):
        raise Http404
    units = selectors.evaluation_units_choosable(user=request.user)
    form = EvaluationForm(request.POST or None, request.FILES or None, units=units)
    refused: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            evaluation = services.evaluation_create(
                name=d["name"],
                units=list(d["units"]),
                years=d["years"],
                scheme_text=d["scheme"],
                source=d["source"],
                sites=d.get("sites"),
                reports=d["reports"],
                user=request.user,
            )
        except services.EvaluationError as err:
            refused = err.messages
        except ArchiveRefused as err:
            refused = [str(e) for e in err.errors]
        else:
            return redirect("evaluation", pk=evaluation.pk)
    return render(
        request,
        "evaluations/new.html",
        {
            "form": form,
            "refused": refused,
            "max_files": MAX_FILES,
            "max_upload_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        },
    )


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_or_404(request, pk)
    job = evaluation.job
    context: dict[str, object] = {
        "evaluation": evaluation,
        "job": job,
        "can_rerun": services.evaluation_can_rerun(evaluation),
        "can_delete": evaluation.issued_at is None
        and not any(j is not None and j.running for j in (job, evaluation.draft_job))
        and removal.evaluation_can_delete(evaluation=evaluation, user=request.user),
    }
    if evaluation.results_at is not None and (job is None or not job.running):
        grade = request.GET.get("grade", "")
        unit = request.GET.get("unit", "")
        rule = request.GET.get("rule", "")
        results = selectors.evaluation_results(
            evaluation=evaluation, grade=grade, unit=unit, rule=rule
        )
        # The ranking a page at a time (with each of its units' deductions); the reports
        # not ranked and the units without one in full.
        page = Paginator(results.filter(status=ResultStatus.RANKED), RANKED_PER_PAGE).get_page(
            request.GET.get("page")
        )
        scheme_grades = [g for g, _low in evaluation_scheme(evaluation).grades]
        counts = selectors.evaluation_grade_counts(evaluation=evaluation)
        query = urlencode(
            {k: v for k, v in (("grade", grade), ("unit", unit), ("rule", rule)) if v}
        )
        context.update(
            filters={"grade": grade, "unit": unit, "rule": rule},
            filtered=bool(grade or unit or rule),
            query=query,
            page=page,
            grades=[(g, counts.get(g, 0)) for g in scheme_grades],
            units=selectors.evaluation_unit_names(evaluation=evaluation),
            rules=selectors.evaluation_rules(evaluation=evaluation),
            ranked=list(page),
            unranked=list(results.filter(status=ResultStatus.UNRANKED)),
            # Never filtered away by grade or rule: a unit without a report has neither.
            missing=list(
                selectors.evaluation_results(evaluation=evaluation, unit=unit).filter(
                    status=ResultStatus.MISSING
                )
            ),
            override_form=OverrideForm(),
        )
    return render(request, "evaluations/detail.html", context)


@login_required
def evaluation_job_status(request: HttpRequest, pk: int, job: int) -> JsonResponse:
    """The progress of one of the evaluation's jobs (its run, the draft's, the issue's),
    polled by its pages: for whoever may see the evaluation, whoever submitted the job."""
    evaluation = evaluation_or_404(request, pk)
    found = selectors.evaluation_job_get(evaluation=evaluation, pk=job)
    if found is None:
        raise Http404
    return job_status_response(found)


@login_required
@require_POST
def evaluation_override(request: HttpRequest, pk: int, report: int, index: int) -> HttpResponse:
    evaluation = evaluation_or_404(request, pk)
    target = evaluation.reports.filter(pk=report).first()
    if target is None:
        raise Http404
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for setting the finding aside."))
    else:
        try:
            services.finding_override(
                evaluation=evaluation,
                report=target,
                index=index,
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except services.EvaluationError as err:
            messages.error(request, "；".join(err.messages))
        else:
            messages.success(request, _("The finding was set aside and the scores recomputed."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = reverse("evaluation", args=[evaluation.pk])
    return redirect(f"{back}#report-{report}")


@login_required
@require_POST
def evaluation_override_withdraw(request: HttpRequest, pk: int, override: int) -> HttpResponse:
    evaluation = evaluation_or_404(request, pk)
    target = evaluation.overrides.filter(pk=override).select_related("report").first()
    if target is None:
        raise Http404
    services.override_withdraw(override=target, user=request.user)
    messages.success(request, _("The finding counts again; the scores were recomputed."))
    return redirect(f"{reverse('evaluation', args=[evaluation.pk])}#report-{target.report_id}")


@login_required
@require_POST
def evaluation_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_or_404(request, pk)
    try:
        services.evaluation_rerun(evaluation=evaluation, user=request.user)
    except services.EvaluationError as err:
        messages.error(request, "；".join(err.messages))
    return redirect("evaluation", pk=evaluation.pk)


@login_required
def evaluation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page (what will be removed, or why it cannot be) and, POSTed from
    it, the deletion."""
    evaluation = evaluation_or_404(request, pk)
    if not removal.evaluation_can_delete(evaluation=evaluation, user=request.user):
        raise Http404
    if request.method == "POST":
        try:
            removal.evaluation_delete(evaluation=evaluation, user=request.user)
        except services.EvaluationError as err:
            messages.error(request, "；".join(err.messages))
            return redirect("evaluation_delete", pk=evaluation.pk)
        messages.success(
            request, _("The evaluation %(name)s was deleted.") % {"name": evaluation.name}
        )
        return redirect("evaluations")
    files, size = store_size(pk=evaluation.pk)
    refused = ""
    if evaluation.issued_at is not None:
        refused = removal.E_DELETE_ISSUED
    elif any(
        j is not None and j.running
        for j in (evaluation.job, evaluation.issue_job, evaluation.draft_job)
    ):
        refused = removal.E_DELETE_RUNNING
    return render(
        request,
        "evaluations/delete.html",
        {
            "evaluation": evaluation,
            "refused": refused,
            "units": evaluation.units.count(),
            "reports": evaluation.reports.count(),
            "overrides": evaluation.overrides.count(),
            "store_files": files,
            "store_mb": f"{size / 1024 / 1024:.1f}",
        },
    )


@login_required
def evaluation_workbook(request: HttpRequest, pk: int) -> HttpResponse:
    """The results workbook (``gongkai evaluate --out``'s), overrides applied."""
    from gongkai.core.evaluate.workbook import write_workbook

    evaluation = evaluation_or_404(request, pk)
    if evaluation.results_at is None:
        raise Http404
    computed = evaluation_compute(evaluation=evaluation)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.xlsx"
        write_workbook(computed.core, path)
        data = path.read_bytes()
    response = HttpResponse(data, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = content_disposition_header(
        True, f"{evaluation.name}-评估结果.xlsx"
    )
    return response


@login_required
def report_columns(request: HttpRequest) -> HttpResponse:
    """The units' annual-report column addresses, where the collector starts: seen by
    whoever may evaluate, kept by the office over each unit."""
    if not selectors.evaluations_can_use(user=request.user):
        raise Http404
    editable = unit_list_office(user=request.user).order_by("path")
    form = ReportColumnsForm(
        request.POST or None,
        units=editable,
        current=selectors.report_column_urls(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        n = columns.report_columns_save(urls=form.urls(), user=request.user)
        messages.success(request, _("Addresses saved: %(n)d changed.") % {"n": n})
        return redirect("evaluation_report_columns")
    return render(
        request,
        "evaluations/columns.html",
        {"form": form, "columns": selectors.report_column_list(user=request.user)},
    )


@login_required
def evaluation_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The results page with its charts (``gongkai evaluate --html``'s: self-contained),
    overrides applied, as a download."""
    from gongkai.core.evaluate.page import render_page

    evaluation = evaluation_or_404(request, pk)
    if evaluation.results_at is None:
        raise Http404
    html = render_page(evaluation_compute(evaluation=evaluation).core)
    response = HttpResponse(html.encode("utf-8"), content_type=CONTENT_TYPES["html"])
    response["Content-Disposition"] = content_disposition_header(
        True, f"{evaluation.name}-评估结果.html"
    )
    return response
