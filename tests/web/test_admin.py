"""The Django admin: every model is there, and changes made in it keep the records whole."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import admin
from django.urls import reverse

from gongkai.web.applications.models import Application
from gongkai.web.audit.models import AuditLog
from gongkai.web.units.models import Unit


def test_every_model_of_ours_is_in_the_admin(client, county):
    ours = {
        m
        for m in admin.site._registry
        if m._meta.app_label
        in {"units", "workdays", "applications", "proactive", "reports", "audit"}
    }
    from django.apps import apps

    models = {
        m
        for m in apps.get_models()
        if m._meta.app_label
        in {"units", "workdays", "applications", "proactive", "reports", "audit"}
    }
    # Events and attachments are edited inline on their application and catalogue item.
    assert models - ours == {
        apps.get_model("applications", "Event"),
        apps.get_model("proactive", "Attachment"),
    }
    client.force_login(county.admin)
    for model in ours:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_applications_are_read_only_in_the_admin(client, county, register):
    app = register(received_on=date(2024, 9, 27))
    client.force_login(county.admin)
    url = reverse("admin:applications_application_change", args=[app.pk])
    page = client.get(url).content.decode()
    assert app.tracking_code in page and 'name="applicant_name"' not in page
    client.post(url, {"applicant_name": "改过的名字"})
    assert Application.objects.get(pk=app.pk).applicant_name == "张三"


def test_calendar_correction_in_the_admin_moves_open_due_dates_and_is_logged(
    client, county, register, monkeypatch
):
    app = register(received_on=date(2024, 9, 27))
    assert app.due_on == date(2024, 10, 30)
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2024, 10, 10))
    client.force_login(county.admin)
    n = AuditLog.objects.filter(action="calendar.set").count()
    response = client.post(
        reverse("admin:workdays_calendarday_add"),
        {"day": "2024-10-15", "working": "", "note": "本地停工"},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).due_on == date(2024, 10, 31)
    assert AuditLog.objects.filter(action="calendar.set").count() == n + 1


def test_moving_a_unit_in_the_admin_moves_its_subtree(client, county):
    from gongkai.web.units.services import unit_create

    school = unit_create(name="测试县教育局某中心", code="T-EDU-C", kind="other", parent=county.edu)
    client.force_login(county.admin)
    url = reverse("admin:units_unit_change", args=[county.edu.pk])
    response = client.post(
        url,
        {
            "name": county.edu.name,
            "code": county.edu.code,
            "kind": "department",
            "parent": county.env.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    edu = Unit.objects.get(pk=county.edu.pk)
    assert edu.path == f"{county.env.path}{edu.pk}/"
    assert Unit.objects.get(pk=school.pk).path == f"{edu.path}{school.pk}/"
    assert AuditLog.objects.filter(action="unit.edit", object_id=str(edu.pk)).exists()


def test_the_admin_index_names_every_app_in_chinese(client, county):
    client.force_login(county.admin)
    body = client.get("/admin/").content.decode()
    captions = re.findall(r"<caption>\s*<a [^>]*>([^<]*)</a>", body)
    assert captions and "年报评估" in captions
    assert [c for c in captions if re.search(r"[A-Za-z]{3,}", c)] == []
