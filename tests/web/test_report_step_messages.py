"""Each step of a report's workflow says, in Chinese, what was done — submitted, approved,
returned, published — and not a bare 「已保存」 that leaves the user wondering whether the
button did anything."""

from __future__ import annotations

import re

import pytest

from gongkai.web.reports.models import ReportStatus, ReportVersion

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
URL = "/reports/T-EDU/2024/"
WRITTEN = {
    "scope": "unit",
    "sec1": "2024年，测试县教育局认真贯彻《中华人民共和国政府信息公开条例》。",
    "sec5": "部分栏目更新不够及时。下一步将建立栏目更新提醒机制。",
    "sec6": "无",
}


def _step(client, action: str, **data: str) -> list[str]:
    response = client.post(f"{URL}{action}/", {"scope": "unit", **data}, follow=True, **ZH)
    assert response.status_code == 200
    box = re.search(r'<ul class="messages">(.*?)</ul>', response.content.decode(), re.S)
    assert box is not None, action
    return re.findall(r"<li[^>]*>(.*?)</li>", box.group(1), re.S)


def _status() -> str:
    return ReportVersion.objects.get(unit__code="T-EDU", year=2024, number=1).status


def test_every_step_says_what_it_did(client, county):
    client.force_login(county.clerk_edu)
    assert _step(client, "save", **WRITTEN) == ["文字部分已保存。"]
    assert _step(client, "submit") == ["已提交审批。"]
    assert _status() == ReportStatus.SUBMITTED

    client.force_login(county.reviewer_edu)
    assert _step(client, "approve") == ["已批准，可以发布。"]
    # an approved report can still be sent back, and the step says so
    assert _step(client, "return", reason="请补充第五部分的完成时限。") == [
        "已退回，退回理由已告知经办人。"
    ]
    assert _status() == ReportStatus.RETURNED

    client.force_login(county.clerk_edu)
    body = client.get(URL, **ZH).content.decode()
    assert "请补充第五部分的完成时限。" in body
    assert _step(client, "submit") == ["已提交审批。"]

    client.force_login(county.reviewer_edu)
    assert _step(client, "approve") == ["已批准，可以发布。"]
    assert _step(client, "publish") == ["已发布：本版本已锁定，并已在门户网站公开。"]
    assert _status() == ReportStatus.PUBLISHED

    client.force_login(county.clerk_edu)
    assert _step(client, "new_version", reason="更正第二部分数据") == ["已新建版本（草稿）。"]
    assert ReportVersion.objects.filter(unit__code="T-EDU", year=2024, number=2).exists()


def test_a_refused_step_says_only_why(client, county):
    client.force_login(county.clerk_edu)
    _step(client, "save", **{**WRITTEN, "sec5": ""})
    said = _step(client, "submit")
    assert len(said) == 1 and said[0].startswith("以下部分尚未填写：")
    assert "已提交" not in said[0] and _status() == ReportStatus.DRAFT


def test_the_workflow_says_what_the_report_waits_for(client, county):
    """A clerk whose report is with the reviewer has no button left: the workflow says
    what it is waiting for instead of standing empty."""
    client.force_login(county.clerk_edu)
    _step(client, "save", **WRITTEN)
    assert 'id="workflow-state"' not in client.get(URL, **ZH).content.decode()  # a draft
    _step(client, "submit")
    body = client.get(URL, **ZH).content.decode()
    assert "已提交审批，等待本单位审核人批准或退回。" in body
    client.force_login(county.reviewer_edu)
    _step(client, "approve")
    client.force_login(county.clerk_edu)
    body = client.get(URL, **ZH).content.decode()
    assert "已批准，等待审核人发布（或退回）。" in body and "已提交审批，等待" not in body
