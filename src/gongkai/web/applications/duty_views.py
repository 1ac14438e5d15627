"""The application page's cases (复议/诉讼 as they go on) and extension requests (asked by
the clerk, decided by a reviewer). Thin: parse, call one service, go back to the page.
A user who may not act on the application gets a 404, as everywhere on the staff site."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.web.applications import cases, extensions
from gongkai.web.applications.duty_forms import (
    CaseUpdateForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
)
from gongkai.web.applications.models import (
    Application,
    EventKind,
    ExtensionStatus,
)
from gongkai.web.applications.selectors import application_get_visible
from gongkai.web.applications.services import ServiceError
from gongkai.web.units.selectors import unit_can_approve, unit_can_write


def duty_context(*, user: Any, app: Application, writable: bool) -> dict[str, Any]:
    """What the application page shows of its cases and extension requests, and the
    forms this user may use on them."""
    today = timezone.localdate()
    requests = list(app.extension_requests.select_related("requested_by", "decided_by"))
    pending = next((r for r in requests if r.status == ExtensionStatus.PENDING), None)
    can_request = (
        writable
        and app.closed_on is None
        and app.received_on is not None
        and pending is None
        and not app.events.filter(kind=EventKind.EXTENSION).exists()
    )
    can_decide = (
        pending is not None
        and app.closed_on is None
        and unit_can_approve(user=user, unit=app.unit)
        and pending.requested_by_id != user.pk
    )
    case_forms = (
        [
            (
                c,
                CaseUpdateForm(
                    initial={
                        "result": c.result,
                        "case_number": c.case_number,
                        "deciding_body": c.deciding_body,
                        "decided_on": c.decided_on,
                    },
                    prefix=f"case{c.pk}",
                ),
            )
            for c in app.appeals.all()
        ]
        if writable
        else [(c, None) for c in app.appeals.all()]
    )
    return {
        "extension_requests": requests,
        "extension_pending": pending,
        "extension_request_form": ExtensionRequestForm(initial={"on": today})
        if can_request
        else None,
        "extension_decision_form": ExtensionDecisionForm(initial={"on": today})
        if can_decide
        else None,
        "case_forms": case_forms,
    }


def _app(request: HttpRequest, pk: int) -> Application:
    app = application_get_visible(user=request.user, pk=pk)
    if app is None:
        raise Http404
    return app


def _report(request: HttpRequest, form: forms.Form, err: ServiceError | None = None) -> None:
    if err is not None:
        messages.error(request, err.message)
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, str(e))


@login_required
@require_POST
def appeal_update(request: HttpRequest, pk: int, case: int) -> HttpResponse:
    app = _app(request, pk)
    if not unit_can_write(user=request.user, unit=app.unit):
        raise Http404
    appeal = app.appeals.filter(pk=case).first()
    if appeal is None:
        raise Http404
    form = CaseUpdateForm(request.POST, prefix=f"case{appeal.pk}")
    if form.is_valid():
        try:
            cases.appeal_update(
                appeal=appeal, actor=request.user, as_of=timezone.localdate(), **form.cleaned_data
            )
        except ServiceError as err:
            _report(request, form, err)
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": appeal.get_kind_display()})
    else:
        _report(request, form)
    return redirect("application", pk=app.pk)


@login_required
@require_POST
def extension_request_add(request: HttpRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    if not unit_can_write(user=request.user, unit=app.unit):
        raise Http404
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            extensions.extension_request(
                application=app, actor=request.user, as_of=timezone.localdate(), **form.cleaned_data
            )
        except ServiceError as err:
            _report(request, form, err)
        else:
            messages.success(
                request, _("Extension requested: a reviewer of the unit will decide on it.")
            )
    else:
        _report(request, form)
    return redirect("application", pk=app.pk)


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int, req: int, decision: str) -> HttpResponse:
    app = _app(request, pk)
    if decision not in ("approve", "refuse") or not unit_can_approve(
        user=request.user, unit=app.unit
    ):
        raise Http404
    pending = app.extension_requests.filter(pk=req).first()
    if pending is None:
        raise Http404
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        data, today = form.cleaned_data, timezone.localdate()
        try:
            if decision == "approve":
                extensions.extension_approve(
                    request=pending,
                    on=data["on"],
                    note=data["reason"],
                    actor=request.user,
                    as_of=today,
                )
                messages.success(request, _("Extension approved: the due date has moved."))
            else:
                extensions.extension_refuse(
                    request=pending,
                    on=data["on"],
                    reason=data["reason"],
                    actor=request.user,
                    as_of=today,
                )
                messages.success(request, _("Extension refused: the due date stays."))
        except ServiceError as err:
            _report(request, form, err)
    else:
        _report(request, form)
    return redirect("application", pk=app.pk)
