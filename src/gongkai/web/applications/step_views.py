"""Staff pages for one application: its page with the timeline and due-date steps, and
the steps taken on it (the actions, a consultation answered, an appeal). Thin: parse, call
one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.web.applications import forms as f
from gongkai.web.applications import services as s
from gongkai.web.applications.duty_views import duty_context
from gongkai.web.applications.ledger_views import others_context
from gongkai.web.applications.letter_forms import DeliveryForm
from gongkai.web.applications.letter_selectors import (
    letter_remedy_warning,
    letter_steps_unissued,
)
from gongkai.web.applications.models import Application, EventKind
from gongkai.web.applications.views import _visible
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_can_view_personal_data, unit_can_write


@login_required
def detail(
    request: HttpRequest, pk: int, forms_override: dict[str, forms.Form] | None = None
) -> HttpResponse:
    app = _visible(request, pk)
    today = timezone.localdate()
    try:
        derived = s.application_derive(app, as_of=today)
        calendar_error = None
    except s.ServiceError as err:
        derived, calendar_error = None, err.message
    writable = unit_can_write(user=request.user, unit=app.unit)
    action_forms = {}
    if writable and app.closed_on is None:
        action_forms = {
            name: (forms_override or {}).get(name) or spec.form(initial={"on": today})
            for name, spec in ACTIONS.items()
            # a refused form stays in view with its error, offered or not
            if spec.available(app) or name in (forms_override or {})
        }
        if "transfer" in action_forms:
            _limit_transfer(action_forms["transfer"], app)
    open_consultations = app.events.filter(kind=EventKind.CONSULTATION, until__isnull=True)
    letter_steps = letter_steps_unissued(application=app) if writable else []
    return render(
        request,
        "applications/detail.html",
        {
            "app": app,
            "events": app.events.select_related("created_by", "approved_by"),
            "derived": derived,
            "calendar_error": calendar_error,
            "personal": unit_can_view_personal_data(user=request.user, unit=app.unit),
            "writable": writable,
            "action_forms": action_forms,
            "action_titles": {k: v.title for k, v in ACTIONS.items()},
            "open_consultations": open_consultations,
            "appeals": app.appeals.all(),
            "letters": app.letters.prefetch_related("deliveries"),
            "letter_steps": letter_steps,
            "letter_remedy_warning": (
                letter_remedy_warning(unit=app.unit)
                if any(kind == "reply" for kind, _label, _step in letter_steps)
                else ""
            ),
            "delivery_form": DeliveryForm() if writable else None,
            "appeal_form": f.AppealForm() if writable else None,
            "today": today,
            **duty_context(user=request.user, app=app, writable=writable),
        }
        | others_context(user=request.user, application=app),
    )


def _limit_transfer(form: forms.Form, app: Application) -> None:
    field = form.fields["to_unit"]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = Unit.objects.exclude(pk=app.unit_id)


class Action:
    def __init__(
        self,
        title: Any,
        form: type[forms.Form],
        call: Callable[[Application, dict[str, Any], Any], Application],
        available: Callable[[Application], bool] = lambda app: app.received_on is not None,
    ) -> None:
        self.title, self.form, self.call, self.available = title, form, call, available


def _today() -> Any:
    return timezone.localdate()


ACTIONS: dict[str, Action] = {
    "confirm": Action(
        gettext_lazy("Confirm receipt"),
        f.DateForm,
        lambda app, d, u: s.application_confirm_receipt(
            application=app, on=d["on"], actor=u, as_of=_today(), expected_version=d["version"]
        ),
        lambda app: app.received_on is None,
    ),
    "correction_notice": Action(
        gettext_lazy("Send a correction notice"),
        f.CorrectionNoticeForm,
        lambda app, d, u: s.application_correction_notice(
            application=app,
            on=d["on"],
            deadline=d["deadline"],
            note=d["note"],
            actor=u,
            as_of=_today(),
            expected_version=d["version"],
        ),
        # once only (Art. 30: 一次性告知): not offered again after a notice went out
        lambda app: (
            app.received_on is not None
            and not app.events.filter(kind=EventKind.CORRECTION_NOTICE).exists()
        ),
    ),
    "correction_received": Action(
        gettext_lazy("Correction received"),
        f.DateForm,
        lambda app, d, u: s.application_correction_received(
            application=app, on=d["on"], actor=u, as_of=_today(), expected_version=d["version"]
        ),
        lambda app: app.status == "awaiting_correction",
    ),
    "correction_lapsed": Action(
        gettext_lazy("Correction not made in time"),
        f.DateForm,
        lambda app, d, u: s.application_correction_lapsed(
            application=app, on=d["on"], actor=u, as_of=_today(), expected_version=d["version"]
        ),
        lambda app: app.status == "awaiting_correction",
    ),
    "consultation": Action(
        gettext_lazy("Consult a third party or organ"),
        f.ConsultationForm,
        lambda app, d, u: s.application_consultation_start(
            application=app,
            on=d["on"],
            party=d["party"],
            party_kind=d["party_kind"],
            answered_on=d["answered_on"],
            actor=u,
            as_of=_today(),
            expected_version=d["version"],
        ),
    ),
    "fee_notice": Action(
        gettext_lazy("Send a fee notice"),
        f.FeeNoticeForm,
        lambda app, d, u: s.application_fee_notice(
            application=app,
            on=d["on"],
            deadline=d["deadline"],
            amount_yuan=d["amount_yuan"],
            actor=u,
            as_of=_today(),
            expected_version=d["version"],
        ),
    ),
    "fee_paid": Action(
        gettext_lazy("Fee paid"),
        f.DateForm,
        lambda app, d, u: s.application_fee_paid(
            application=app, on=d["on"], actor=u, as_of=_today(), expected_version=d["version"]
        ),
        lambda app: app.status == "awaiting_fee",
    ),
    "fee_lapsed": Action(
        gettext_lazy("Fee not paid in time"),
        f.DateForm,
        lambda app, d, u: s.application_fee_lapsed(
            application=app, on=d["on"], actor=u, as_of=_today(), expected_version=d["version"]
        ),
        lambda app: app.status == "awaiting_fee",
    ),
    # An extension is requested and decided on the page's own forms (duty_views).
    "transfer": Action(
        gettext_lazy("Transfer to another unit"),
        f.TransferForm,
        lambda app, d, u: s.application_transfer(
            application=app,
            to_unit=d["to_unit"],
            on=d["on"],
            note=d["note"],
            actor=u,
            as_of=_today(),
            expected_version=d["version"],
        ),
    ),
    "reply": Action(
        gettext_lazy("Reply"),
        f.ReplyForm,
        lambda app, d, u: s.application_reply(
            application=app,
            on=d["on"],
            outcome=d["outcome"],
            legal_basis=d["legal_basis"],
            withheld=d["withheld"],
            service_method=d["service_method"],
            note=d["note"],
            actor=u,
            as_of=_today(),
            expected_version=d["version"],
        ),
    ),
    "note": Action(
        gettext_lazy("Add a note"),
        f.NoteForm,
        lambda app, d, u: s.application_note(
            application=app,
            on=d["on"],
            text=d["text"],
            actor=u,
            as_of=_today(),
            expected_version=d["version"],
        ),
        lambda app: True,
    ),
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app = _visible(request, pk)
    spec = ACTIONS.get(name)
    if spec is None or not unit_can_write(user=request.user, unit=app.unit):
        raise Http404
    form = spec.form(request.POST)
    if name == "transfer":
        _limit_transfer(form, app)
    version = _int(request.POST.get("version"), -1)
    if form.is_valid():
        try:
            spec.call(app, {**form.cleaned_data, "version": version}, request.user)
        except s.ServiceError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": spec.title})
            return redirect("application", pk=app.pk)
    messages.error(request, _("Not saved: %(what)s. See the form below.") % {"what": spec.title})
    return detail(request, pk, forms_override={name: form})


def _int(value: str | None, default: int) -> int:
    """A number from a form's hidden field, or ``default`` when it is not one (a version
    or an id out of range finds nothing: the version check refuses, the lookup is empty)."""
    try:
        return int(value or "")
    except ValueError:
        return default


@login_required
@require_POST
def consultation_answered(request: HttpRequest, pk: int) -> HttpResponse:
    app = _visible(request, pk)
    if not unit_can_write(user=request.user, unit=app.unit):
        raise Http404
    form = f.ConsultationAnsweredForm(request.POST)
    event = app.events.filter(
        pk=_int(request.POST.get("event"), 0), kind=EventKind.CONSULTATION
    ).first()
    if form.is_valid() and event is not None:
        try:
            s.application_consultation_answered(
                event=event,
                on=form.cleaned_data["on"],
                actor=request.user,
                as_of=_today(),
                expected_version=_int(request.POST.get("version"), -1),
            )
        except s.ServiceError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": _("Consultation answered")})
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("application", pk=app.pk)


@login_required
@require_POST
def appeal_add(request: HttpRequest, pk: int) -> HttpResponse:
    app = _visible(request, pk)
    if not unit_can_write(user=request.user, unit=app.unit):
        raise Http404
    form = f.AppealForm(request.POST)
    if form.is_valid():
        try:
            appeal = s.appeal_create(
                application=app, actor=request.user, as_of=timezone.localdate(), **form.cleaned_data
            )
        except s.ServiceError as err:
            messages.error(request, err.message)
            return redirect("application", pk=app.pk)
        messages.success(request, _("Saved: %(what)s.") % {"what": appeal.get_kind_display()})
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
    return redirect("application", pk=app.pk)
