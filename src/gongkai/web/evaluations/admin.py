from django.contrib import admin

from gongkai.web.audit.admin import AuditedAdmin
from gongkai.web.evaluations.models import ReportColumn


@admin.register(ReportColumn)
class ReportColumnAdmin(AuditedAdmin):
    list_display = ("unit", "url")
    search_fields = ("unit__name", "url")
    autocomplete_fields = ("unit",)
