"""The calendar in the admin: every save and delete (bulk deletes included) goes through
the calendar services, so that it is audited and recomputes the open applications in
the same transaction."""

from django.contrib import admin
from django.utils import timezone

from gongkai.web.audit.admin import AuditedAdmin
from gongkai.web.workdays.models import CalendarDay, CalendarYear
from gongkai.web.workdays.services import (
    calendar_delete_days,
    calendar_delete_years,
    calendar_save_year,
    calendar_set_day,
)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    audit_saves = False  # the calendar services write the rows

    list_display = ["day", "working", "note"]
    list_filter = ["working"]
    date_hierarchy = "day"

    def save_audited(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change and "day" in form.changed_data:
            old = CalendarDay.objects.get(pk=obj.pk)
            calendar_set_day(
                day=old.day, working=None, actor=request.user, as_of=timezone.localdate()
            )
        calendar_set_day(
            day=obj.day,
            working=obj.working,
            note=obj.note,
            actor=request.user,
            as_of=timezone.localdate(),
        )
        saved = CalendarDay.objects.get(day=obj.day)
        obj.pk, obj.updated_at = saved.pk, saved.updated_at

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        calendar_delete_days(days=[obj], actor=request.user, as_of=timezone.localdate())

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        calendar_delete_days(days=list(queryset), actor=request.user, as_of=timezone.localdate())


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    audit_saves = False  # the calendar services write the rows

    list_display = ["year", "note"]

    def save_audited(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        calendar_save_year(row=obj, actor=request.user, as_of=timezone.localdate())

    # Deleting a year removes its days too, as on the calendar page: the year is then
    # counted by the provisional rule (or the bundled data) again, never half entered.
    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        calendar_delete_years(years=[obj.year], actor=request.user, as_of=timezone.localdate())

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        calendar_delete_years(
            years=[row.year for row in queryset], actor=request.user, as_of=timezone.localdate()
        )
