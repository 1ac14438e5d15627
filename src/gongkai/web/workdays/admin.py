from django.contrib import admin
from django.utils import timezone

from gongkai.web.workdays.models import CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "working", "note"]
    list_filter = ["working"]
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        from gongkai.web.applications.services import application_refresh_open

        super().save_model(request, obj, form, change)
        application_refresh_open(
            as_of=timezone.localdate()
        )  # open applications follow the corrected calendar

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        from gongkai.web.applications.services import application_refresh_open

        super().delete_model(request, obj)
        application_refresh_open(as_of=timezone.localdate())


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "note"]
