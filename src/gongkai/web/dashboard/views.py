"""The dashboard page: for the office, supervisors and admins, over the units they oversee."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.web.dashboard.selectors import DASHBOARD_UNITS, dashboard_figures
from gongkai.web.units.selectors import unit_list_overseen

#: The years the page offers: from this many years back to this year.
YEARS_BACK = 10


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    units = unit_list_overseen(user=request.user)
    if not units.exists():
        raise Http404
    today = timezone.localdate()
    years = list(range(today.year, today.year - YEARS_BACK - 1, -1))
    raw = request.GET.get("year", "")
    # a year has four digits: anything longer is not one (and would not convert cheaply)
    year = (
        int(raw)
        if raw.isascii() and raw.isdigit() and len(raw) <= 4 and int(raw) in years
        else today.year
    )
    figures = dashboard_figures(units=units, year=year, as_of=today)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "d": figures,
            "chart": figures.chart_data(),
            "labels": {
                "this": _("year %(year)s") % {"year": year},
                "last": _("year %(year)s") % {"year": year - 1},
                "month": _("Month"),
                "overdue": _("Overdue"),
                "due_soon": _("Due soon"),
                "months": [_("month %(month)s") % {"month": m} for m in range(1, 13)],
            },
            "years": years,
            "max_units": DASHBOARD_UNITS,
            "today": today,
        },
    )
