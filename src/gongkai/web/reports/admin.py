from django.contrib import admin

from gongkai.web.reports.models import ReportVersion


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "scope", "number", "status", "published_at"]
    list_filter = ["status", "scope", "year"]
    readonly_fields = ["snapshot", "published_at"]
