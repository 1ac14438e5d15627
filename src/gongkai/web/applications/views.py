"""Staff pages for applications: the work queue, registration, an application with its
timeline and due-date steps, and the actions on it. Thin: parse, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from gongkai.web.applications import forms as f
from gongkai.web.applications import services as s
from gongkai.web.applications.duties import duties_for
from gongkai.web.applications.duty_views import duty_context
from gongkai.web.applications.extensions import extension_requests_to_decide
from gongkai.web.applications.ledger_views import others_context
from gongkai.web.applications.letter_forms import DeliveryForm
from gongkai.web.applications.letter_selectors import letter_steps_unissued
from gongkai.web.applications.models import Application, EventKind
from gongkai.web.applications.selectors import (
    QUEUE_ROWS,
    application_get_visible,
    application_queue,
    application_search,
)
from gongkai.web.proactive.columns import queue_columns
from gongkai.web.storage import private_file_response
from gongkai.web.units.models import Unit
from gongkai.web.units.picker import unit_choices, unit_code_picker
from gongkai.web.units.selectors import (
    unit_can_view_personal_data,
    unit_can_write,
    unit_list_visible,
    unit_list_writable,
)


def queue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:  # a visitor at / sees the public portal
        from gongkai.web.portal.views import home

        return home(request)
    today = timezone.localdate()
    units = unit_list_visible(user=request.user)
    unit = None
    if code := request.GET.get("unit", "").strip():
        unit = units.filter(code=code).first()
        if unit is None:
            raise Http404
    q = application_queue(user=request.user, as_of=today, unit=unit, units=units)
    soon = _("Due within 5 working days (by {until})").format(until=q.soon_until.isoformat())
    lists = [
        ("overdue", _("Overdue"), q.overdue, q.totals["overdue"]),
        ("due_soon", soon, q.due_soon, q.totals["due_soon"]),
        (
            "waiting",
            _("Waiting for the applicant or a consulted party"),
            q.waiting,
            q.totals["waiting"],
        ),
        ("unconfirmed", _("Receipt not yet confirmed"), q.unconfirmed, q.totals["unconfirmed"]),
    ]
    columns = queue_columns(units=units.filter(pk=unit.pk) if unit else units, as_of=today)
    # A city's thousands of units are not offered: its office types the code.
    suggested = unit_choices(units) or []
    return render(
        request,
        "applications/queue.html",
        {
            "q": q,
            "lists": lists,
            "today": today,
            "unit": unit,
            "units_listed": suggested,
            "duties": duties_for(user=request.user),
            "extension_requests": extension_requests_to_decide(user=request.user)[:QUEUE_ROWS],
            "columns": columns,
        },
    )


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """Every application the user may see, filtered and 50 to a page."""
    form = f.SearchForm(request.GET or None)
    unit_code_picker(
        form.fields["unit"], units=unit_list_visible(user=request.user), empty=_("All units")
    )
    apps = Application.objects.none()
    if form.is_bound and not form.is_valid():
        page = Paginator(apps, 50).get_page(1)
    else:
        data = form.cleaned_data if form.is_bound else {}
        code = data.get("unit")
        unit = unit_list_visible(user=request.user).filter(code=code).first() if code else None
        if code and unit is None:
            form.add_error("unit", _("No unit with this code that you can see."))
        else:
            apps = application_search(
                user=request.user,
                as_of=timezone.localdate(),
                unit=unit,
                status=data.get("status") or "",
                due=data.get("due") or "",
                year=data.get("year"),
                q=(data.get("q") or "").strip(),
            )
        page = Paginator(apps, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "applications/list.html",
        {"form": form, "page": page, "query": params.urlencode(), "today": timezone.localdate()},
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    units = unit_list_writable(user=request.user)
    if not units.exists():
        raise Http404
    form = f.RegisterForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            app = s.application_register(
                **form.cleaned_data, actor=request.user, as_of=timezone.localdate()
            )
        except s.ServiceError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            messages.success(
                request,
                _("Application registered; tracking code %(code)s.") % {"code": app.tracking_code},
            )
            return redirect("application", pk=app.pk)
    return render(request, "applications/register.html", {"form": form})


def _visible(request: HttpRequest, pk: int) -> Application:
    app = application_get_visible(user=request.user, pk=pk)
    if app is None:
        raise Http404
    return app


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
            if spec.available(app)
        }
        if "transfer" in action_forms:
            _limit_transfer(action_forms["transfer"], app)
    open_consultations = app.events.filter(kind=EventKind.CONSULTATION, until__isnull=True)
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
            "letter_steps": letter_steps_unissued(application=app) if writable else [],
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
