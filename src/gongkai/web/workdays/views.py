"""The working-day calendar's page: each year as month grids, and, for the county's
disclosure office, the State Council's notice entered in one step (paste or upload,
check on the grid, save), single days set by hand and an entered year removed."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.calendar import RULE_YEARS, DayCorrection, from_chinese_calendar
from gongkai.core.holiday_notice import NoticeError, parse_holiday_notice
from gongkai.web.workdays.forms import DayForm, NoticeForm
from gongkai.web.workdays.models import CalendarDay, CalendarYear
from gongkai.web.workdays.selectors import calendar_can_edit, year_grid
from gongkai.web.workdays.services import (
    calendar_delete_year,
    calendar_save_arrangement,
    calendar_set_day,
    calendar_source,
    work_calendar,
)


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if year in RULE_YEARS else default


def _page(request: HttpRequest, year: int, **extra: object) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "year": year,
        "years": range(today.year - 2, today.year + 3),
        "source": calendar_source(year),
        "months": year_grid(year=year, cal=work_calendar()),
        "days": CalendarDay.objects.filter(day__year=year),
        "entered": CalendarYear.objects.filter(year=year).first(),
        "can_edit": calendar_can_edit(user=request.user),
        "notice_form": NoticeForm(),
        "day_form": DayForm(),
        **extra,
    }
    return render(request, "workdays/calendar.html", context)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _page(request, _year(request, today.year))


def _editor(request: HttpRequest) -> None:
    """Only the county's office changes the calendar; to anyone else the page is not there."""
    if not calendar_can_edit(user=request.user):
        raise Http404


@login_required
@require_POST
def calendar_notice(request: HttpRequest) -> HttpResponse:
    """Read the notice and show what it gives on the grid; saved only when confirmed,
    from the same text (read again, so that what is saved is what was shown)."""
    _editor(request)
    form = NoticeForm(request.POST, request.FILES)
    today = timezone.localdate()
    if not form.is_valid():
        return _page(request, today.year + 1, notice_form=form)
    text = form.cleaned_data["text"]
    try:
        arrangement = parse_holiday_notice(text)
    except NoticeError as err:
        form.add_error("text", str(err))
        return _page(request, today.year + 1, notice_form=form)
    if request.POST.get("confirm") == "1":
        changed = calendar_save_arrangement(
            arrangement=arrangement, actor=request.user, as_of=today
        )
        messages.success(
            request,
            _(
                "The holiday arrangement of {year} is saved: {off} days off and {work} make-up working days. {n} open applications had their reply due dates recomputed."
            ).format(
                year=arrangement.year,
                off=len(arrangement.days_off),
                work=len(arrangement.workdays),
                n=changed,
            ),
        )
        return redirect(f"{reverse('calendar')}?year={arrangement.year}")
    corrections = [DayCorrection(d, False) for d in arrangement.days_off] + [
        DayCorrection(d, True) for d in arrangement.workdays
    ]
    cal = from_chinese_calendar().with_corrections(corrections, years=[arrangement.year])
    names = {**arrangement.days_off, **{d: f"{n}调休上班" for d, n in arrangement.workdays.items()}}
    return render(
        request,
        "workdays/confirm.html",
        {
            "arrangement": arrangement,
            "text": text,
            "months": year_grid(year=arrangement.year, cal=cal, names=names),
            "days_off": sorted(arrangement.days_off.items()),
            "workdays": sorted(arrangement.workdays.items()),
            "replaces": calendar_source(arrangement.year),
        },
    )


@login_required
@require_POST
def calendar_day(request: HttpRequest) -> HttpResponse:
    _editor(request)
    form = DayForm(request.POST)
    today = timezone.localdate()
    if not form.is_valid():
        return _page(request, today.year, day_form=form)
    day: date = form.cleaned_data["day"]
    setting = form.cleaned_data["setting"]
    changed = calendar_set_day(
        day=day,
        working=None if setting == "clear" else setting == "working",
        note=form.cleaned_data["note"],
        actor=request.user,
        as_of=today,
    )
    messages.success(
        request,
        _("{day} is saved. {n} open applications had their reply due dates recomputed.").format(
            day=day.isoformat(), n=changed
        ),
    )
    return redirect(f"{reverse('calendar')}?year={day.year}")


@login_required
@require_POST
def calendar_year_delete(request: HttpRequest, year: int) -> HttpResponse:
    _editor(request)
    changed = calendar_delete_year(year=year, actor=request.user, as_of=timezone.localdate())
    messages.success(
        request,
        _(
            "The arrangement entered for {year} is removed. {n} open applications had their reply due dates recomputed."
        ).format(year=year, n=changed),
    )
    return redirect(f"{reverse('calendar')}?year={year}")
