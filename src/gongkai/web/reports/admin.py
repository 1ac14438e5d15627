"""Annual reports in the administration: only a draft's (or a returned report's) text may
be edited, through the same service as the staff page (audited, before and after); the
status, the workflow's fields and a frozen (submitted, approved, published) version are
read-only. Versions are opened and moved through the workflow on the staff pages."""

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.web.audit.admin import AuditedAdmin
from gongkai.web.reports.models import ReportStatus, ReportVersion, SelfApproval
from gongkai.web.reports.services import report_save_narrative

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _editable(obj: Any) -> bool:
    return obj is None or obj.status in EDITABLE


@admin.register(ReportVersion)
class ReportVersionAdmin(AuditedAdmin):
    list_display = ["unit", "year", "scope", "number", "status", "published_at"]
    list_filter = ["status", "scope", "year"]
    fields = [
        "unit",
        "year",
        "scope",
        "number",
        "status",
        "submitted_by",
        "sec1",
        "sec5",
        "sec6",
        "return_reason",
        "change_reason",
        "published_at",
        "updated_by",
        "updated_at",
        "published_content",
    ]
    readonly_fields = [
        f for f in fields if isinstance(f, str) and f not in ("sec1", "sec5", "sec6")
    ]
    audit_saves = False  # report_save_narrative writes the row, before and after

    @admin.display(description=_("published content"))
    def published_content(self, obj: ReportVersion) -> str:
        """The frozen record as stored (cell ids are the format's, shown as code)."""
        if not obj.snapshot:
            return "—"
        text = json.dumps(obj.snapshot, ensure_ascii=False, indent=1, sort_keys=True)
        return format_html('<pre class="snapshot"><code>{}</code></pre>', text)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            obj is not None
            and obj.status == ReportStatus.DRAFT
            and super().has_delete_permission(request, obj)
        )

    def save_audited(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        report_save_narrative(
            version=obj, sec1=obj.sec1, sec5=obj.sec5, sec6=obj.sec6, actor=request.user
        )


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
