"""The office's page of the units whose one person may approve their own annual report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.web.reports.models import SelfApproval
from gongkai.web.reports.self_approval import self_approval_allow, self_approval_withdraw
from gongkai.web.reports.services import ReportError
from gongkai.web.units.models import Unit
from gongkai.web.units.selectors import unit_list_office


class AllowForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


@login_required
def self_approval(request: HttpRequest) -> HttpResponse:
    """GET: the units allowed, and a form to allow another. POST: allow (``unit``,
    ``reason``) or withdraw (``withdraw`` = a unit's id). The office's units only."""
    units = unit_list_office(user=request.user)
    if not units.exists():
        raise Http404
    form = AllowForm(request.POST if "unit" in request.POST else None)
    form.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]
    if request.method == "POST":
        if "withdraw" in request.POST:
            unit = units.filter(pk=_pk(request.POST.get("withdraw"))).first()
            if unit is None:
                raise Http404
            self_approval_withdraw(unit=unit, actor=request.user)
            messages.success(request, _("Withdrawn for %(unit)s.") % {"unit": unit.name})
            return redirect("report_self_approval")
        if form.is_valid():
            try:
                self_approval_allow(
                    unit=form.cleaned_data["unit"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    as_of=timezone.localdate(),
                )
            except ReportError as err:
                form.add_error("reason", err.message)
            else:
                messages.success(
                    request, _("Allowed for %(unit)s.") % {"unit": form.cleaned_data["unit"].name}
                )
                return redirect("report_self_approval")
    allowed = (
        SelfApproval.objects.filter(unit__in=units)
        .select_related("unit", "allowed_by")
        .order_by("unit__path")
    )
    return render(request, "reports/self_approval.html", {"form": form, "allowed": allowed})


def _pk(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0
