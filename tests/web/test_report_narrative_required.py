"""A report goes on only with its narrative written: sections 一 (总体情况), 五 (存在的主要
问题及改进情况) and 六 (其他需要报告的事项) of the statutory report may not be blank when it
is submitted, approved or published; 六 may say 无."""

from __future__ import annotations

import pytest

from gongkai.web.audit.models import AuditLog
from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportStatus, ReportVersion, Scope

pytestmark = pytest.mark.django_db

SEC1 = "“一、总体情况”"
SEC5 = "“五、存在的主要问题及改进情况”"
SEC6 = "“六、其他需要报告的事项”"
WRITTEN = {
    "sec1": "2024年，测试县教育局认真贯彻《中华人民共和国政府信息公开条例》，"
    "主动公开招生入学、学校划片等信息86条，依法办理政府信息公开申请12件。",
    "sec5": "部分栏目更新不够及时，个别答复说理不够充分。下一步将建立栏目更新提醒机制，"
    "规范答复文书。",
    "sec6": "无",
}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _draft(county, **narrative: str) -> ReportVersion:
    v = reports.report_version_open(
        unit=county.edu, year=2024, scope=Scope.UNIT, actor=county.clerk_edu
    )
    return reports.report_save_narrative(
        version=v, actor=county.clerk_edu, **{**WRITTEN, **narrative}
    )


def _status(v: ReportVersion) -> str:
    return ReportVersion.objects.get(pk=v.pk).status


def _refused(*titles: str, review: bool = False) -> str:
    template = reports.E_EMPTY_SECTIONS_REVIEW if review else reports.E_EMPTY_SECTIONS
    return str(template).format(sections="、".join(titles))


@pytest.mark.parametrize(
    ("blank", "named"),
    [
        ({"sec1": ""}, (SEC1,)),
        ({"sec5": "   "}, (SEC5,)),
        ({"sec6": "\n\t　"}, (SEC6,)),  # a full-width space is blank too
        ({"sec1": " ", "sec5": "", "sec6": "\r\n"}, (SEC1, SEC5, SEC6)),
    ],
)
def test_submit_refuses_a_blank_section_and_names_it(county, blank, named):
    v = _draft(county, **blank)
    with pytest.raises(reports.ReportError) as info:
        reports.report_submit(version=v, actor=county.clerk_edu)
    assert info.value.message == _refused(*named)
    assert info.value.message.startswith("以下部分尚未填写：")
    for title in {SEC1, SEC5, SEC6} - set(named):
        assert title not in info.value.message
    stored = ReportVersion.objects.get(pk=v.pk)
    assert (stored.status, stored.submitted_by) == (ReportStatus.DRAFT, None)
    assert "report.submitted" not in AuditLog.objects.values_list("action", flat=True)


def test_a_returned_report_is_refused_again_until_written(county):
    v = reports.report_submit(version=_draft(county), actor=county.clerk_edu)
    v = reports.report_return(version=v, reason="补充第五部分", actor=county.reviewer_edu)
    v = reports.report_save_narrative(version=v, actor=county.clerk_edu, **{**WRITTEN, "sec5": ""})
    with pytest.raises(reports.ReportError) as info:
        reports.report_submit(version=v, actor=county.clerk_edu)
    assert info.value.message == _refused(SEC5)
    assert _status(v) == ReportStatus.RETURNED


def test_a_complete_report_goes_through_and_six_may_say_none(county):
    v = reports.report_submit(version=_draft(county), actor=county.clerk_edu)
    v = reports.report_approve(version=v, actor=county.reviewer_edu)
    v = reports.report_publish(version=v, actor=county.reviewer_edu)
    stored = ReportVersion.objects.get(pk=v.pk)
    assert stored.status == ReportStatus.PUBLISHED
    assert stored.snapshot["narrative"] == WRITTEN


def test_approve_refuses_a_narrative_blanked_after_submit(county):
    v = reports.report_submit(version=_draft(county), actor=county.clerk_edu)
    # changed behind the workflow's back (the database, an old admin form): the version in
    # hand still has its text, the stored one has none, and the stored one counts
    ReportVersion.objects.filter(pk=v.pk).update(sec1="  ")
    with pytest.raises(reports.ReportError) as info:
        reports.report_approve(version=v, actor=county.reviewer_edu)
    assert info.value.message == _refused(SEC1, review=True)
    assert _status(v) == ReportStatus.SUBMITTED


def test_publish_refuses_a_narrative_blanked_after_approval(county):
    v = reports.report_submit(version=_draft(county), actor=county.clerk_edu)
    v = reports.report_approve(version=v, actor=county.reviewer_edu)
    ReportVersion.objects.filter(pk=v.pk).update(sec6="", sec5="\n")
    with pytest.raises(reports.ReportError) as info:
        reports.report_publish(version=v, actor=county.reviewer_edu)
    assert info.value.message == _refused(SEC5, SEC6, review=True)
    stored = ReportVersion.objects.get(pk=v.pk)
    assert (stored.status, stored.snapshot, stored.published_at) == (
        ReportStatus.APPROVED,
        None,
        None,
    )
    # not stuck: the reviewer sends it back, the clerk writes it, and it goes through
    v = reports.report_return(version=v, reason="第五、六部分为空", actor=county.reviewer_edu)
    assert v.status == ReportStatus.RETURNED
    v = reports.report_save_narrative(version=v, actor=county.clerk_edu, **WRITTEN)
    v = reports.report_submit(version=v, actor=county.clerk_edu)
    v = reports.report_approve(version=v, actor=county.reviewer_edu)
    v = reports.report_publish(version=v, actor=county.reviewer_edu)
    assert ReportVersion.objects.get(pk=v.pk).snapshot["narrative"] == WRITTEN


def test_publish_keeps_the_narrative_as_stored_not_as_last_read(county):
    v = reports.report_submit(version=_draft(county), actor=county.clerk_edu)
    v = reports.report_approve(version=v, actor=county.reviewer_edu)
    ReportVersion.objects.filter(pk=v.pk).update(sec6="本年度未收取信息处理费。")
    reports.report_publish(version=v, actor=county.reviewer_edu)  # v still reads 无
    narrative = ReportVersion.objects.get(pk=v.pk).snapshot["narrative"]
    assert narrative["sec6"] == "本年度未收取信息处理费。"


def test_the_page_shows_the_refusal_and_changes_nothing(client, county):
    v = _draft(county, sec5=" ", sec6="")
    client.force_login(county.clerk_edu)
    response = client.post("/reports/T-EDU/2024/submit/", {"scope": "unit"}, follow=True, **ZH)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        f"以下部分尚未填写：{SEC5}、{SEC6}。请逐一填写后再提交；"
        "没有其他需要报告的事项的，第六部分可填写“无”。"
    ) in body
    assert "已保存" not in body and "Traceback" not in body
    stored = ReportVersion.objects.get(pk=v.pk)
    assert (stored.status, stored.sec1, stored.sec5, stored.sec6) == (
        ReportStatus.DRAFT,
        WRITTEN["sec1"],
        " ",
        "",
    )


def test_the_page_shows_the_refusal_to_publish(client, county):
    v = reports.report_submit(version=_draft(county), actor=county.clerk_edu)
    v = reports.report_approve(version=v, actor=county.reviewer_edu)
    ReportVersion.objects.filter(pk=v.pk).update(sec1="")
    client.force_login(county.reviewer_edu)
    response = client.post("/reports/T-EDU/2024/publish/", {"scope": "unit"}, follow=True, **ZH)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"以下部分尚未填写：{SEC1}。本报告不能审核或发布，请退回补充填写。" in body
    assert "按此理由退回" in body  # the way out is on the page
    assert _status(v) == ReportStatus.APPROVED
    assert ReportVersion.objects.get(pk=v.pk).snapshot is None


def test_a_draft_page_names_the_sections_still_empty(client, county):
    _draft(county, sec1="", sec6=" ")
    client.force_login(county.clerk_edu)
    body = client.get("/reports/T-EDU/2024/", **ZH).content.decode()
    notice = body[body.index('id="empty-sections"') :].split("</p>")[0]
    assert "以下部分尚未填写，提交前须补充：" in notice
    assert SEC1 in notice and SEC6 in notice and SEC5 not in notice

    reports.report_save_narrative(
        version=ReportVersion.objects.get(), actor=county.clerk_edu, **WRITTEN
    )
    body = client.get("/reports/T-EDU/2024/", **ZH).content.decode()
    assert 'id="empty-sections"' not in body and "尚未填写" not in body
    # a supervisor, who reads but does not write, is not told to write
    _draft(county, sec5="")
    client.force_login(county.supervisor)
    response = client.get("/reports/T-EDU/2024/", **ZH)
    assert response.status_code == 200 and 'id="empty-sections"' not in response.content.decode()
