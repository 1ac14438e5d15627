"""Staff pages for applications: the work queue, the list, and registration. The
application's own page and its steps are in ``step_views``, its letters and identity
document in ``document_views``. Thin: parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.web.applications import forms as f
from gongkai.web.applications import services as s
from gongkai.web.applications.duties import duties_for
from gongkai.web.applications.extensions import extension_requests_to_decide
from gongkai.web.applications.models import Application
from gongkai.web.applications.selectors import (
    QUEUE_ROWS,
    application_get_visible,
    application_queue,
    application_search,
)
from gongkai.web.proactive.columns import queue_columns
from gongkai.web.units.picker import unit_choices, unit_code_picker
from gongkai.web.units.selectors import unit_list_visible, unit_list_writable


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
