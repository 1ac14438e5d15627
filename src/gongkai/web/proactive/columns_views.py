"""Staff pages for the columns (栏目): the check of empty and overdue columns, and the
office's columns with their update rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.columns import ColumnState
from gongkai.web.proactive.columns import ATTENTION, column_list_checked, column_save
from gongkai.web.proactive.forms import ColumnForm
from gongkai.web.proactive.models import Column
from gongkai.web.units.selectors import unit_list_office, unit_list_visible


@login_required
def columns(request: HttpRequest) -> HttpResponse:
    """Every column the user can see, those needing attention first; ``?all=1`` also the
    fresh ones, ``?unit=CODE`` one unit's."""
    today = timezone.localdate()
    units = unit_list_visible(user=request.user)
    if code := request.GET.get("unit", "").strip():
        units = units.filter(code=code)
    show_all = request.GET.get("all") == "1"
    rows = column_list_checked(units=units, as_of=today, states=None if show_all else ATTENTION)
    return render(
        request,
        "proactive/columns.html",
        {
            "rows": rows,
            "today": today,
            "show_all": show_all,
            "unit_code": code,
            "units": unit_list_visible(user=request.user),
            "can_edit": unit_list_office(user=request.user).exists(),
            "states": ColumnState,
        },
    )


@login_required
def column_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The office adds a column or changes its name, category and update rule."""
    units = unit_list_office(user=request.user)
    column = None
    if pk is not None:
        column = Column.objects.filter(pk=pk, unit__in=units).first()
        if column is None:
            raise Http404
    if not units.exists():
        raise Http404
    form = ColumnForm(request.POST or None, instance=column, units=units)
    if request.method == "POST" and form.is_valid():
        column_save(column=form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("columns")
    return render(request, "proactive/column_edit.html", {"form": form, "column": column})
