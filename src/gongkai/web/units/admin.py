from django.contrib import admin
from django.db import transaction

from gongkai.web.audit.admin import AuditedAdmin
from gongkai.web.units.models import Membership, Unit
from gongkai.web.units.services import unit_save_admin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]

    def save_audited(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            super().save_audited(request, obj, form, change)
            unit_save_admin(unit=obj, actor=request.user, created=not change)


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
