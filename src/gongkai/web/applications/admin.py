from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import (
    Appeal,
    Application,
    Event,
    ExtensionRequest,
    IssuedLetter,
)
from gongkai.web.audit.admin import AuditedAdmin

# Files under var/private are never served as media: the admin links them to the staff
# views that check who may see them (and log each view of an identity document), not to
# the storage's URL (/media/…, which finds nothing).


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "on",
        "until",
        "days",
        "party",
        "outcome",
        "legal_basis",
        "service_method",
        "note",
        "approved_by",
        "created_by",
    ]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the ledger grows only through the services


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "tracking_code",
        "unit",
        "channel",
        "category",
        "received_on",
        "status",
        "due_on",
        "outcome",
    ]
    list_filter = ["status", "channel", "category", "unit"]
    search_fields = ["tracking_code", "description"]
    date_hierarchy = "received_on"
    inlines = [EventInline]
    exclude = ["identity_document"]
    readonly_fields = ["identity_document_link"]

    @admin.display(description=_("identity document (uploaded)"))
    def identity_document_link(self, obj: Application) -> str | None:
        if not obj.identity_document:
            return self.get_empty_value_display()  # "-", not "None"
        return format_html(
            '<a href="{}">{}</a>', reverse("identity_document", args=[obj.pk]), _("Download")
        )

    # An application changes only through the services (its ledger, deadlines, version
    # check and audit log); the admin shows it.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Appeal)
class AppealAdmin(AuditedAdmin):
    list_display = ["kind", "unit", "application", "filed_on", "result", "decided_on"]
    list_filter = ["kind", "result"]
    raw_id_fields = ["application"]


@admin.register(IssuedLetter)
class IssuedLetterAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "title", "number", "issued_on"]
    exclude = ["docx", "pdf", "event", "number_year", "number_seq"]
    readonly_fields = [
        "application",
        "kind",
        "title",
        "number",
        "unit",
        "files",
        "issued_on",
        "issued_by",
    ]

    @admin.display(description=_("Files"))
    def files(self, obj: IssuedLetter) -> str:
        pdf, docx = (
            reverse("letter_download", args=[obj.application_id, obj.pk, fmt])
            for fmt in ("pdf", "docx")
        )
        return format_html('<a href="{}">PDF</a> · <a href="{}">DOCX</a>', pdf, docx)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # letters are issued from the application's page

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # an issued letter is locked

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


from gongkai.web.applications import letter_admin  # noqa: E402, F401  (registers the letters' models)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    """Read-only: a request is made and decided on the application's page, where the
    rules (another reviewer, by the due date) and the audit log apply."""

    list_display = ["application", "requested_on", "days", "status", "decided_on"]
    list_filter = ["status"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
