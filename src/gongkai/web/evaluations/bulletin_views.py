"""The evaluation's bulletin (通报): the draft, edited on its page and rendered as DOCX
and PDF in the background; its issue (rendered once and frozen); its downloads. For
whoever may see the evaluation (:func:`gongkai.web.evaluations.views.evaluation_or_404`);
to anyone else they answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.evaluate.bulletin import bulletin_from_data
from gongkai.web.evaluations import bulletin as bulletins
from gongkai.web.evaluations.compute import evaluation_bulletin, evaluation_compute, overall_text
from gongkai.web.evaluations.forms import BulletinForm
from gongkai.web.evaluations.services import EvaluationError
from gongkai.web.evaluations.views import evaluation_or_404
from gongkai.web.jobs.views import CONTENT_TYPES
from gongkai.web.storage import private_file_response


@login_required
def evaluation_bulletin_page(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_or_404(request, pk)
    if evaluation.results_at is None:
        raise Http404
    if evaluation.issued_at is not None:
        if request.method == "POST":
            messages.error(request, bulletins.E_ISSUED)
            return redirect("evaluation_bulletin", pk=evaluation.pk)
        bulletin = bulletin_from_data(evaluation.bulletin_issued)
        return render(
            request,
            "evaluations/bulletin.html",
            {"evaluation": evaluation, "bulletin": bulletin, "form": None},
        )
    computed = evaluation_compute(evaluation=evaluation)
    today = timezone.localdate()
    bulletin = evaluation_bulletin(computed=computed, fields=evaluation.bulletin, today=today)
    initial = {
        "title": bulletin.title,
        "number": bulletin.number,
        "date": bulletin.date,
        "issuer": evaluation.bulletin.get("issuer", ""),
        "overall": overall_text(bulletin),
    }
    form = BulletinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bulletins.bulletin_save(
                evaluation=evaluation, fields=form.cleaned_data, user=request.user
            )
        except EvaluationError as err:
            messages.error(request, "；".join(err.messages))
        else:
            messages.success(request, _("The bulletin was saved."))
        return redirect("evaluation_bulletin", pk=evaluation.pk)
    return render(
        request,
        "evaluations/bulletin.html",
        {
            "evaluation": evaluation,
            "bulletin": bulletin,
            "form": form,
            "draft_current": bulletins.draft_current(evaluation, today),
        },
    )


@login_required
@require_POST
def evaluation_bulletin_issue(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_or_404(request, pk)
    if not evaluation.bulletin.get("issuer"):
        messages.error(request, _("Fill in the issuing office and save the bulletin first."))
        return redirect("evaluation_bulletin", pk=evaluation.pk)
    try:
        bulletins.bulletin_issue_submit(
            evaluation=evaluation, user=request.user, today=timezone.localdate()
        )
    except EvaluationError as err:
        messages.error(request, "；".join(err.messages))
    return redirect("evaluation_bulletin", pk=evaluation.pk)


@login_required
def evaluation_bulletin_download(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    """The bulletin as DOCX or PDF, as stored: the issued files once issued, else the
    draft's files if they are of the draft as it stands; else back to the bulletin page,
    which has them rendered."""
    evaluation = evaluation_or_404(request, pk)
    if evaluation.results_at is None or kind not in ("docx", "pdf"):
        raise Http404
    name = f"{evaluation.pk}-bulletin.{kind}"
    if evaluation.issued_at is not None:
        stored = evaluation.bulletin_docx if kind == "docx" else evaluation.bulletin_pdf
    elif bulletins.draft_current(evaluation, timezone.localdate()):
        stored, name = (
            (evaluation.draft_docx if kind == "docx" else evaluation.draft_pdf),
            (f"draft-{name}"),
        )
    else:  # rendered in the background first (the bulletin page starts it)
        messages.error(request, bulletins.E_DRAFT_STALE)
        return redirect("evaluation_bulletin", pk=evaluation.pk)
    return private_file_response(
        stored.name, fh=stored.open("rb"), filename=name, content_type=CONTENT_TYPES[kind]
    )


@login_required
@require_POST
def evaluation_bulletin_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Have the draft's DOCX and PDF rendered in the background (the bulletin page shows
    the job's progress, then the downloads)."""
    evaluation = evaluation_or_404(request, pk)
    try:
        bulletins.bulletin_draft_submit(
            evaluation=evaluation, user=request.user, today=timezone.localdate()
        )
    except EvaluationError as err:
        messages.error(request, "；".join(err.messages))
    return redirect("evaluation_bulletin", pk=evaluation.pk)
