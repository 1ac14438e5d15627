"""Pages of the letters: the office's letter templates with a preview, and the delivery
(送达) of an issued letter. Thin: parse, call one service, render."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.letters import DEFAULT_WORDING, Wording
from gongkai.web.applications import letter_services as ls
from gongkai.web.applications.letter_forms import DeliveryForm, RemedyForm, WordingForm
from gongkai.web.applications.letter_selectors import (
    letter_numbering_for,
    letter_preview,
    letter_remedy_warning,
    letter_units_editable,
    letter_wording_for,
    letter_wording_own,
)
from gongkai.web.applications.models import LetterKindChoice
from gongkai.web.applications.selectors import application_get_visible
from gongkai.web.applications.services import ServiceError
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_can_write, unit_remedy
from gongkai.web.units.services import unit_remedy_save


def letters_nav(request: HttpRequest) -> dict[str, Any]:
    """Context processor: whether the menu offers the letter templates."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from gongkai.web.units.models import Role
    from gongkai.web.units.selectors import user_has_role

    # A callable, read when the menu is drawn, from the memberships the request reads once.
    return {"letters_can_edit": lambda: user_has_role(user=user, roles=(Role.OFFICE, Role.ADMIN))}


def _unit(request: HttpRequest, code: str) -> tuple[Unit, Any]:
    units = letter_units_editable(user=request.user)
    if not units.exists():
        raise Http404
    unit = units.filter(code=code).first() if code else units.order_by("path").first()
    if unit is None:
        raise Http404
    return unit, units


def _initial(unit: Unit, kind: str) -> dict[str, str]:
    w = letter_wording_for(unit=unit, kind=kind)
    return {
        "kind": kind,
        "notes": w.notes,
        "closing": w.closing,
        "signature": w.signature,
        "contact": w.contact,
        "pattern": letter_numbering_for(unit=unit),
    }


def _wording(data: Mapping[str, Any]) -> Wording:
    return Wording(
        notes=data.get("notes") or "",
        closing=data.get("closing") or "",
        signature=data.get("signature") or "",
        contact=data.get("contact") or "",
    )


def _remedy_form(unit: Unit, data: Mapping[str, Any] | None = None) -> RemedyForm:
    """The unit's own entries; the defaults from the tree shown where it has none."""
    form = RemedyForm(
        data,
        initial={
            "reconsideration_body": unit.reconsideration_body,
            "litigation_court": unit.litigation_court,
        },
    )
    remedy = unit_remedy(unit=unit)
    for name, default in (
        ("reconsideration_body", remedy.reconsideration_default),
        ("litigation_court", remedy.court_default),
    ):
        field = form.fields[name]
        field.widget.attrs["placeholder"] = default
        field.help_text = (
            _("Empty: %(default)s.") % {"default": default}
            if default
            else _("No default can be derived: fill it in.")
        )
    return form


@login_required
def letter_templates(request: HttpRequest) -> HttpResponse:
    """The wording of a unit's letters of one kind and its number pattern: the form, and
    beside it the letter of a sample application as it would print. "Preview" shows the
    letter with what is typed; "Save" checks and keeps it."""
    source = request.POST if request.method == "POST" else request.GET
    unit, units = _unit(request, source.get("unit", "").strip())
    kind = source.get("kind", "reply")
    if kind not in LetterKindChoice.values:
        raise Http404
    today = timezone.localdate()
    remedy_form = _remedy_form(unit)
    if request.method == "POST" and "save_remedy" in request.POST:
        remedy_form = _remedy_form(unit, request.POST)
        if remedy_form.is_valid():
            unit_remedy_save(unit=unit, actor=request.user, **remedy_form.cleaned_data)
            messages.success(request, _("Saved: %(what)s.") % {"what": _("review body and court")})
            return redirect(f"{request.path}?unit={unit.code}&kind={kind}")
        form = WordingForm(initial=_initial(unit, kind))
        init = _initial(unit, kind)
        wording, pattern = _wording(init), init["pattern"]
    elif request.method == "POST":
        form = WordingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if "save" in request.POST:
                try:
                    ls.letter_template_save(unit=unit, actor=request.user, **data)
                except ServiceError as err:
                    form.add_error(err.field if err.field in form.fields else None, err.message)
                else:
                    messages.success(
                        request, _("Saved: %(what)s.") % {"what": _("letter template")}
                    )
                    return redirect(f"{request.path}?unit={unit.code}&kind={data['kind']}")
        wording, pattern = _wording(form.data), str(form.data.get("pattern") or "")
    else:
        form = WordingForm(initial=_initial(unit, kind))
        init = _initial(unit, kind)
        wording, pattern = _wording(init), init["pattern"]
    html, error = letter_preview(
        unit=unit, kind=kind, wording=wording, pattern=pattern, today=today
    )
    if error and form.is_bound and not form.errors:
        form.add_error(None, error)
    own = letter_wording_own(unit=unit, kind=kind)
    return render(
        request,
        "applications/letter_templates.html",
        {
            "form": form,
            "unit": unit,
            "units": units.order_by("path").only("code", "name"),
            "kind": kind,
            "kinds": LetterKindChoice.choices,
            "preview": html,
            "preview_error": error,
            "own": own,
            "default_closing": DEFAULT_WORDING[kind].closing,
            "remedy_form": remedy_form,
            "remedy_warning": letter_remedy_warning(unit=unit),
        },
    )


@login_required
@require_POST
def letter_template_preview(request: HttpRequest) -> HttpResponse:
    """The preview alone, for the page's live update as the office types."""
    unit, _units = _unit(request, request.POST.get("unit", "").strip())
    kind = request.POST.get("kind", "reply")
    if kind not in LetterKindChoice.values:
        raise Http404
    html, error = letter_preview(
        unit=unit,
        kind=kind,
        wording=_wording(request.POST),
        pattern=request.POST.get("pattern", ""),
        today=timezone.localdate(),
    )
    if error:
        return render(request, "applications/_preview_error.html", {"error": error})
    return HttpResponse(html)


@login_required
@require_POST
def letter_deliver(request: HttpRequest, pk: int, letter: int) -> HttpResponse:
    app = application_get_visible(user=request.user, pk=pk)
    if app is None or not unit_can_write(user=request.user, unit=app.unit):
        raise Http404
    issued = app.letters.filter(pk=letter).first()
    if issued is None:
        raise Http404
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            ls.letter_delivery_record(
                letter=issued, actor=request.user, as_of=timezone.localdate(), **form.cleaned_data
            )
        except ServiceError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": _("delivery")})
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
    return redirect("application", pk=app.pk)
