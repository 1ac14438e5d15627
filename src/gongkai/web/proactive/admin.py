from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.web.audit.admin import AuditedAdmin
from gongkai.web.proactive.channels import reading_room_save
from gongkai.web.proactive.columns import column_save
from gongkai.web.proactive.models import (
    ActiveCounts,
    Attachment,
    CatalogueItem,
    Column,
    ImportJob,
    ItemStatus,
    LexiconEntry,
    ReadingRoom,
    WordingDecision,
)
from gongkai.web.proactive.services import catalogue_item_attachments_saved, catalogue_item_save
from gongkai.web.proactive.wording import lexicon_entry_delete, lexicon_entry_save


def _published(obj: Any) -> bool:
    return obj is not None and obj.status == ItemStatus.PUBLISHED


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0

    # A published item's attachments are part of what was reviewed and published.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published(obj) and super().has_delete_permission(request, obj)


@admin.register(CatalogueItem)
class CatalogueItemAdmin(AuditedAdmin):
    """Edits go through the catalogue's services like the staff pages': the review and the
    publication are never set here, an edit of a reviewed item's content (or attachments)
    undoes its review, and a published item is read-only."""

    list_display = ["index_no", "title", "unit", "kind", "published_on", "status"]
    list_filter = ["kind", "status", "topic"]
    search_fields = ["index_no", "title", "doc_number"]
    readonly_fields = ["status", "secrecy_reviewed"]
    inlines = [AttachmentInline]
    audit_saves = False  # catalogue_item_save writes the row, before and after

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published(obj) and super().has_delete_permission(request, obj)

    def save_audited(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        catalogue_item_save(item=obj, actor=request.user)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        catalogue_item_attachments_saved(item=form.instance, actor=request.user)


@admin.register(ActiveCounts)
class ActiveCountsAdmin(AuditedAdmin):
    list_display = ["unit", "year", "licensing", "penalty", "coercion", "fees_wan"]
    list_filter = ["year"]


@admin.register(ImportJob)
class ImportJobAdmin(AuditedAdmin):
    """The record of each import, for the auditors: read-only (an import is run from the
    Table 2 counts page or ``gongkai import counts``)."""

    list_display = ["filename", "status", "total", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["filename", "sha256"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Column)
class ColumnAdmin(AuditedAdmin):
    """Columns and their update rules; saved through the service, which logs the change."""

    list_display = ("name", "unit", "category", "rule_days")
    list_filter = ("category",)
    search_fields = ("name", "unit__name", "unit__code")

    audit_saves = False  # the service writes the row

    def save_audited(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        column_save(column=obj, actor=request.user)


@admin.register(LexiconEntry)
class LexiconEntryAdmin(AuditedAdmin):
    """The wording lexicon; saved through the service, which logs the change."""

    list_display = ("wrong", "correct", "category", "source")
    list_filter = ("category",)
    search_fields = ("wrong", "correct")

    audit_saves = False  # the services write the rows

    def save_audited(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        lexicon_entry_save(entry=obj, actor=request.user)

    def delete_model(self, request: Any, obj: Any) -> None:
        lexicon_entry_delete(entry=obj, actor=request.user)


@admin.register(WordingDecision)
class WordingDecisionAdmin(AuditedAdmin):
    """The record of each wording hit corrected or dismissed: read only."""

    list_display = ("item", "found", "action", "replacement", "reason", "actor", "decided_at")
    list_filter = ("action", "kind")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReadingRoom)
class ReadingRoomAdmin(AuditedAdmin):
    """Reading rooms (查阅点); saved through the service, which logs the change."""

    list_display = ("name", "unit", "address", "hours")
    search_fields = ("name", "address")

    audit_saves = False  # the service writes the row

    def save_audited(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        reading_room_save(room=obj, actor=request.user)
