"""The letters' models in the admin, read-only: the wording and the number pattern are
edited on the letter templates page (placeholders checked, audited), a counter only ever
counts on in the issuing transaction, and deliveries are recorded on the application."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from gongkai.web.applications.letter_models import (
    LetterCounter,
    LetterDelivery,
    LetterNumbering,
    LetterWording,
)


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(LetterNumbering)
class LetterNumberingAdmin(_ReadOnly):
    list_display = ["unit", "pattern", "updated_at"]


@admin.register(LetterCounter)
class LetterCounterAdmin(_ReadOnly):
    list_display = ["unit", "year", "last"]
    list_filter = ["year"]


@admin.register(LetterWording)
class LetterWordingAdmin(_ReadOnly):
    list_display = ["unit", "kind", "closing", "signature", "contact", "updated_at"]
    list_filter = ["kind"]


@admin.register(LetterDelivery)
class LetterDeliveryAdmin(_ReadOnly):
    list_display = ["letter", "method", "on", "tracking_number"]
    list_filter = ["method"]
    raw_id_fields = ["letter"]
