"""What a user sees when a page does not exist or cannot be made: a page in Chinese with
a way back, never a traceback."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.web.reports import services as rs
from gongkai.web.reports.models import ReportVersion, Scope
from support import NARRATIVE

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_chinese_404_with_a_way_back(client) -> None:
    response = client.get("/open/units/NO-SUCH-UNIT/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and 'href="/open/"' in body


def test_a_damaged_published_snapshot_gives_the_500_page_not_a_traceback(county) -> None:
    v = rs.report_version_open(unit=county.gov, year=2024, scope=Scope.UNIT, actor=county.office)
    v = rs.report_save_narrative(version=v, actor=county.admin, **NARRATIVE)
    v = rs.report_submit(version=v, actor=county.admin)
    v = rs.report_approve(version=v, actor=county.office)
    v = rs.report_publish(version=v, actor=county.office)
    ReportVersion.objects.filter(pk=v.pk).update(snapshot={"cells": {"apply.new.np": "NaN"}})
    client = Client(raise_request_exception=False)
    response = client.get("/open/reports/T/2024/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 500
    body = response.content.decode()
    assert "出错了" in body and "Traceback" not in body and "RecordError" not in body
