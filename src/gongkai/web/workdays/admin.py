"""The calendar in the admin: every save and delete (bulk deletes included) goes through
the calendar services, so that it is audited and recomputes the open applications in
the same transaction."""

from django.contrib import admin
from django.utils import timezone

from gongkai.web.audit.admin import AuditedAdmin
from gongkai.web.workdays.models import CalendarDay, CalendarYear
from gongkai.web.workdays.services import (
    calendar_change_year,
    calendar_delete_days,
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
        calendar_change_year(row=obj, actor=request.user, as_of=timezone.localdate(), delete=False)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        calendar_change_year(row=obj, actor=request.user, as_of=timezone.localdate(), delete=True)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for row in queryset:
            calendar_change_year(
                row=row, actor=request.user, as_of=timezone.localdate(), delete=True
            )
