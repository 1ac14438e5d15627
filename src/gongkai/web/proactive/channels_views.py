"""Staff pages for the channels: where an item went, and the office's reading rooms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.web.proactive.channels import catalogue_item_channels_save, reading_room_save
from gongkai.web.proactive.forms import ChannelsForm, ReadingRoomForm
from gongkai.web.proactive.models import CatalogueItem, ReadingRoom
from gongkai.web.units.selectors import unit_can_write, unit_list_office, unit_list_visible


@login_required
@require_POST
def item_channels(request: HttpRequest, pk: int) -> HttpResponse:
    item = CatalogueItem.objects.filter(
        pk=pk, unit__in=unit_list_visible(user=request.user)
    ).first()
    if item is None or not unit_can_write(user=request.user, unit=item.unit):
        raise Http404
    form = ChannelsForm(request.POST, instance=item)
    if form.is_valid():
        catalogue_item_channels_save(
            item=item,
            on_portal=form.cleaned_data["on_portal"],
            at_reading_room=form.cleaned_data["at_reading_room"],
            accounts=form.cleaned_data["accounts"],
            actor=request.user,
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose accounts of the unit or of the units above it."))
    return redirect(f"/catalogue/{item.pk}/#channels")


@login_required
def reading_rooms(request: HttpRequest) -> HttpResponse:
    units = unit_list_visible(user=request.user)
    if not units.exists():
        raise Http404
    return render(
        request,
        "proactive/reading_rooms.html",
        {
            "rooms": ReadingRoom.objects.filter(unit__in=units).select_related("unit"),
            "can_edit": unit_list_office(user=request.user).exists(),
        },
    )


@login_required
def reading_room_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    units = unit_list_office(user=request.user)
    if not units.exists():
        raise Http404
    room = None
    if pk is not None:
        room = ReadingRoom.objects.filter(pk=pk, unit__in=units).first()
        if room is None:
            raise Http404
    form = ReadingRoomForm(request.POST or None, instance=room, units=units)
    if request.method == "POST" and form.is_valid():
        reading_room_save(room=form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("reading_rooms")
    return render(request, "proactive/reading_room_edit.html", {"form": form, "room": room})
