"""Staff pages for an application's documents: issuing and downloading its numbered
letters, and viewing the applicant's identity document. Thin: parse, call one service,
render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gongkai.web.applications import services as s
from gongkai.web.applications.models import EventKind
from gongkai.web.applications.step_views import _int, _today
from gongkai.web.applications.views import _visible
from gongkai.web.storage import private_file_response
from gongkai.web.units.selectors import unit_can_view_personal_data, unit_can_write

LETTER_NEEDS = {
    "reply": EventKind.REPLY,
    "correction": EventKind.CORRECTION_NOTICE,
    "extension": EventKind.EXTENSION,
    "consultation": EventKind.CONSULTATION,
}


@login_required
@require_POST
def letter_issue(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    app = _visible(request, pk)
    if kind not in LETTER_NEEDS or not unit_can_write(user=request.user, unit=app.unit):
        raise Http404
    step = app.events.filter(pk=_int(request.POST.get("event"), 0)).first()
    try:
        issued = s.letter_issue(
            application=app, kind=kind, event=step, actor=request.user, as_of=_today()
        )
    except s.ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request, _("Issued: %(what)s.") % {"what": f"{issued.title}（{issued.number}）"}
        )
    return redirect("application", pk=app.pk)


@login_required
def letter_download(request: HttpRequest, pk: int, letter: int, fmt: str) -> HttpResponseBase:
    app = _visible(request, pk)
    # A letter names the applicant: the rule of the page that links it on personal data
    # applies (refused as the staff pages refuse, with a 404).
    if not unit_can_view_personal_data(user=request.user, unit=app.unit):
        raise Http404
    issued = app.letters.filter(pk=letter).first()
    if issued is None or fmt not in ("pdf", "docx"):
        raise Http404
    f = issued.pdf if fmt == "pdf" else issued.docx
    content_type = (
        "application/pdf"
        if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return private_file_response(
        f.name,
        filename=f"{app.tracking_code}-{issued.get_kind_display()}.{fmt}",
        content_type=content_type,
    )


@login_required
@require_safe
def identity_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The applicant's uploaded identity document, for those who see the application's
    personal data (the unit's staff; refused as the staff pages refuse, with a 404); each
    view is written to the audit log. Sent as an attachment with the type its first bytes
    show, and a policy that would run nothing in it were a browser to display it."""
    app = _visible(request, pk)
    if not unit_can_view_personal_data(user=request.user, unit=app.unit):
        raise Http404
    try:
        document = s.application_identity_document_open(application=app, actor=request.user)
    except s.ServiceError:
        raise Http404 from None
    response = private_file_response(
        app.identity_document.name,
        filename=document.filename,
        content_type=document.content_type,
        fh=document.file,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
