"""The audit log in the administration (read-only), and :class:`AuditedAdmin`, the base of
every ModelAdmin that may change records: each addition, change and deletion made in the
administration (its inlines included) writes an audit row with the fields' values before
and after, in the transaction of the change."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gongkai.web.audit.labels import ACTIONS, action_label
from gongkai.web.audit.models import AuditLog
from gongkai.web.audit.selectors import audit_entry
from gongkai.web.audit.services import HIDDEN, audit_diff, audit_record, audit_values

User = get_user_model()


def code_placeholders(text: str) -> str:
    """A help text (which the admin shows as HTML) escaped, its ``{names}`` as code."""
    return mark_safe(re.sub(r"\{\w+\}", lambda m: f"<code>{m.group()}</code>", escape(text)))


def _unit_of(obj: models.Model) -> Any:
    """The unit a record belongs to, for the log's scope: the unit itself, its ``unit``,
    or its application's."""
    from gongkai.web.units.models import Unit

    if isinstance(obj, Unit):
        return obj if obj.pk else None
    for path in ("unit", "application"):
        try:
            target = getattr(obj, path, None)
        except models.ObjectDoesNotExist:
            target = None
        if isinstance(target, Unit):
            return target
        if target is not None and isinstance(getattr(target, "unit", None), Unit):
            return target.unit
    return None


def _stored(obj: models.Model) -> dict[str, Any]:
    if obj.pk is None:
        return {}
    current = type(obj)._default_manager.filter(pk=obj.pk).first()
    return audit_values(current) if current is not None else {}


def audit_admin_change(*, request: HttpRequest, obj: models.Model, before: dict[str, Any]) -> None:
    """The audit row of an addition (``before`` empty) or a change made in the admin."""
    after = audit_values(obj)
    changes = audit_diff(before, after)
    if before and not changes:
        return  # saved without a change
    audit_record(
        actor=request.user,
        action="admin.change" if before else "admin.add",
        obj=obj,
        unit=_unit_of(obj),
        object=str(obj),
        changes=changes,
    )


def audit_admin_delete(*, request: HttpRequest, obj: models.Model) -> None:
    before = audit_values(obj)
    audit_record(
        actor=request.user,
        action="admin.delete",
        obj=obj,
        unit=_unit_of(obj),
        object=str(obj),
        changes=audit_diff(before, dict.fromkeys(before)),
    )


class AuditedAdmin(admin.ModelAdmin):
    """Audits what the administration changes. A ModelAdmin whose saves go through a
    service that writes its own audit row sets ``audit_saves = False``: its deletions and
    inlines are still audited here."""

    audit_saves = True

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        """Placeholders named in a help text ({applicant} …) are shown as code."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.help_text and "{" in str(formfield.help_text):
            formfield.help_text = code_placeholders(str(formfield.help_text))
        return formfield

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = _stored(obj) if change else {}
            self.save_audited(request, obj, form, change)
            if self.audit_saves:
                audit_admin_change(request=request, obj=obj, before=before)

    def save_audited(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            audit_admin_delete(request=request, obj=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_admin_delete(request=request, obj=obj)
            super().delete_queryset(request, queryset)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            before = {
                f.instance.pk: _stored(f.instance)
                for f in formset.initial_forms
                if f.instance.pk is not None
            }
            for f in formset.deleted_forms:  # before they are gone (and lose their keys)
                if f.instance.pk is not None:
                    audit_admin_delete(request=request, obj=f.instance)
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                audit_admin_change(request=request, obj=obj, before={})
            for obj, _fields in formset.changed_objects:
                audit_admin_change(request=request, obj=obj, before=before.get(obj.pk, {}))


class ActionFilter(admin.SimpleListFilter):
    title = _("kind of record")
    parameter_name = "action"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in sorted(ACTIONS.items())]

    def queryset(self, request: Any, queryset: Any) -> Any:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only; the staff page (/audit/) is the one to read it on, with its filters."""

    list_display = ["at", "actor", "kind", "record", "unit"]
    list_filter = [ActionFilter]
    fields = ["at", "actor", "kind", "record", "unit", "details"]
    readonly_fields = ["at", "actor", "kind", "record", "unit", "details"]

    @admin.display(description=_("kind of record"), ordering="action")
    def kind(self, obj: AuditLog) -> str:
        return action_label(obj.action)

    @admin.display(description=_("record"))
    def record(self, obj: AuditLog) -> str:
        return audit_entry(obj).object

    @admin.display(description=_("details"))
    def details(self, obj: AuditLog) -> str:
        return render_to_string("audit/_entry.html", {"e": audit_entry(obj)})

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class PermissionsField(forms.ModelMultipleChoiceField):
    """A permission by its model's and its action's translated names (Django stores the
    names in English when it creates them: "Can add unit")."""

    def label_from_instance(self, obj: Any) -> str:
        model = obj.content_type.model_class()
        action = obj.codename.split("_", 1)[0]
        verb = PERMISSION_ACTIONS.get(action)
        if model is None or verb is None:
            return str(obj.name)
        return f"{model._meta.app_config.verbose_name}｜{model._meta.verbose_name}｜{verb}"


PERMISSION_ACTIONS = {
    "add": _("may add"),
    "change": _("may change"),
    "delete": _("may delete"),
    "view": _("may view"),
}


class _TranslatedPermissions:
    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if db_field.name in ("permissions", "user_permissions") and formfield is not None:
            formfield.__class__ = PermissionsField
        return formfield


# The administration's users and groups, audited like every other record: a password is
# never written (its value is masked), only that it changed.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(_TranslatedPermissions, AuditedAdmin, UserAdmin):
    def user_change_password(self, request: Any, id: str, form_url: str = "") -> Any:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit_record(
                actor=request.user,
                action="admin.change",
                obj=user,
                object=str(user),
                changes={"password": [HIDDEN, HIDDEN]},
            )
        return response


@admin.register(Group)
class AuditedGroupAdmin(_TranslatedPermissions, AuditedAdmin, GroupAdmin):  # type: ignore[misc]
    pass
