from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from gongkai.web.applications.services import application_refresh_open
from gongkai.web.audit.services import audit_record
from gongkai.web.workdays.models import CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "working", "note"]
    list_filter = ["working"]
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="calendar.set",
                obj=obj,
                day=obj.day.isoformat(),
                working=obj.working,
            )
        # Open applications follow the corrected calendar.
        application_refresh_open(as_of=timezone.localdate())

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            audit_record(
                actor=request.user, action="calendar.unset", obj=obj, day=obj.day.isoformat()
            )
            super().delete_model(request, obj)
        application_refresh_open(as_of=timezone.localdate())


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "note"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(actor=request.user, action="calendar.year", obj=obj, year=obj.year)
        application_refresh_open(as_of=timezone.localdate())
