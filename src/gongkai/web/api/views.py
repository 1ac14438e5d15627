"""The office's page of API clients: create one (its token shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.web.api import services
from gongkai.web.api.forms import ApiClientForm
from gongkai.web.api.models import ApiClient
from gongkai.web.api.selectors import api_client_list, api_units_manageable


@login_required
def clients(request: HttpRequest) -> HttpResponse:
    units = api_units_manageable(user=request.user)
    if not units.exists():
        raise Http404
    form = ApiClientForm(request.POST or None, units=units)
    token = None
    created = None
    if request.method == "POST" and form.is_valid():
        created, token = services.api_client_create(actor=request.user, **form.service_kwargs())
        form = ApiClientForm(units=units)
    return render(
        request,
        "api/clients.html",
        {
            "form": form,
            "clients": api_client_list(units=units),
            "token": token,
            "created": created,
        },
    )


@login_required
@require_POST
def client_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    units = api_units_manageable(user=request.user)
    client = ApiClient.objects.filter(pk=pk, unit__in=units).first()
    if client is None:
        raise Http404
    services.api_client_revoke(client=client, actor=request.user)
    messages.success(request, _("The token is revoked: calls with it are refused from now on."))
    return redirect("api_clients")
