"""Staff pages for the wording check: a hit corrected or dismissed at review, and the
office's lexicon."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.web.proactive import wording as w
from gongkai.web.proactive.forms import LexiconEntryForm
from gongkai.web.proactive.models import CatalogueItem, LexiconEntry
from gongkai.web.units.selectors import unit_can_approve, unit_list_office, unit_list_visible


@login_required
@require_POST
def item_wording(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer corrects one hit, or dismisses it with a reason."""
    item = CatalogueItem.objects.filter(
        pk=pk, unit__in=unit_list_visible(user=request.user)
    ).first()
    if item is None or not unit_can_approve(user=request.user, unit=item.unit):
        raise Http404
    field = request.POST.get("field", "")
    found = request.POST.get("found", "")
    try:
        start = int(request.POST.get("start", ""))
    except ValueError:
        start = -1
    try:
        if request.POST.get("action") == "dismiss":
            w.wording_hit_dismiss(
                item=item,
                field=field,
                start=start,
                found=found,
                reason=request.POST.get("reason", ""),
                actor=request.user,
            )
            messages.success(request, _("Dismissed; the reason is recorded."))
        else:
            w.wording_hit_correct(
                item=item, field=field, start=start, found=found, actor=request.user
            )
            messages.success(request, _("Corrected; the correction is recorded."))
    except w.WordingError as err:
        messages.error(request, err.message)
    return redirect(f"/catalogue/{item.pk}/#wording")


def _office(request: HttpRequest) -> None:
    if not unit_list_office(user=request.user).exists():
        raise Http404


@login_required
def lexicon(request: HttpRequest) -> HttpResponse:
    """The lexicon every item is checked against; the office adds and changes entries."""
    can_edit = unit_list_office(user=request.user).exists()
    if not unit_list_visible(user=request.user).exists():
        raise Http404
    if request.method == "POST":
        _office(request)
        added = w.lexicon_load_shipped(actor=request.user)
        messages.success(request, _("%(n)s entries of the starting lexicon added.") % {"n": added})
        return redirect("wording_lexicon")
    return render(
        request,
        "proactive/lexicon.html",
        {"entries": LexiconEntry.objects.all(), "can_edit": can_edit},
    )


@login_required
def lexicon_entry(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _office(request)
    entry = None
    if pk is not None:
        entry = LexiconEntry.objects.filter(pk=pk).first()
        if entry is None:
            raise Http404
    if request.method == "POST" and entry is not None and request.POST.get("delete"):
        w.lexicon_entry_delete(entry=entry, actor=request.user)
        messages.success(request, _("Deleted."))
        return redirect("wording_lexicon")
    form = LexiconEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        w.lexicon_entry_save(entry=form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("wording_lexicon")
    return render(request, "proactive/lexicon_entry.html", {"form": form, "entry": entry})
