from django.contrib import admin

from gongkai.web.reports.models import ReportVersion, SelfApproval


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "scope", "number", "status", "published_at"]
    list_filter = ["status", "scope", "year"]
    readonly_fields = ["snapshot", "published_at"]


@admin.register(SelfApproval)
class SelfApprovalAdmin(admin.ModelAdmin):
    """Read-only: the office keeps the list on /reports/self-approval/ (audited)."""

    list_display = ["unit", "reason", "allowed_by", "allowed_on"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
