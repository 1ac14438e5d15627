"""The bulletin's draft as DOCX and PDF: rendered by a background job once for each
version of the draft (the results and the edits) and kept; the download serves the kept
file and never renders in the request; an edit or an override makes the files out of
date, and the page says so and offers to render them again."""

from __future__ import annotations

import io

import pytest
from docx import Document
from test_evaluations import _jobs, create, wait, wait_job  # noqa: F401  (a fixture)

from gongkai.web.applications.models import private_storage
from gongkai.web.evaluations.bulletin import E_DRAFT_STALE
from gongkai.web.evaluations.models import Evaluation, UnitResult
from gongkai.web.jobs.models import Job, JobKind

pytestmark = pytest.mark.django_db(transaction=True)

UNITS = ("测试县教育局", "测试县生态环境局", "测试县城关镇")


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join(
        [p.text for p in doc.paragraphs]
        + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    )


def render(client, evaluation: Evaluation) -> Evaluation:
    assert client.post(f"/evaluations/{evaluation.pk}/bulletin/draft/").status_code == 302
    job = Evaluation.objects.get(pk=evaluation.pk).draft_job
    assert job is not None and job.kind == JobKind.EVALUATION
    wait_job(job.pk)
    return Evaluation.objects.get(pk=evaluation.pk)


@pytest.fixture
def evaluated(client, county):
    client.force_login(county.office)
    assert create(client, county).status_code == 302
    return wait(Evaluation.objects.get())


def test_the_draft_is_rendered_once_in_the_background_and_served_as_kept(client, county, evaluated):
    url = f"/evaluations/{evaluated.pk}/bulletin/"
    page = client.get(url).content.decode()
    assert "生成草稿文件" in page and "下载草稿（Word）" not in page
    # Not rendered yet: the download renders nothing, it sends the user to the page.
    response = client.get(f"/evaluations/{evaluated.pk}/bulletin.docx")
    assert response.status_code == 302 and response["Location"] == url
    assert E_DRAFT_STALE in client.get(url).content.decode()
    assert not Evaluation.objects.get(pk=evaluated.pk).draft_docx

    evaluation = render(client, evaluated)
    assert evaluation.draft_key and evaluation.draft_docx and evaluation.draft_pdf
    page = client.get(url).content.decode()
    assert "下载草稿（Word）" in page and "生成草稿文件" not in page
    served = b"".join(client.get(f"/evaluations/{evaluated.pk}/bulletin.docx").streaming_content)
    with evaluation.draft_docx.open("rb") as kept:
        assert served == kept.read()
    for unit in UNITS:
        assert unit in docx_text(served)
    pdf = client.get(f"/evaluations/{evaluated.pk}/bulletin.pdf")
    assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    # Asked again with nothing changed: no new job.
    jobs = Job.objects.count()
    client.post(f"/evaluations/{evaluated.pk}/bulletin/draft/")
    assert Job.objects.count() == jobs

    # An edit makes the files out of date: the page says so, the download refuses them.
    client.post(
        url,
        {
            "title": "关于2024年度政府信息公开工作年度报告检查情况的通报",
            "number": "测政公办〔2025〕7号",
            "date": "2025年4月20日",
            "issuer": "测试县人民政府办公室",
            "overall": "本次共检查3个单位。",
        },
    )
    page = client.get(url).content.decode()
    assert "草稿内容在上次生成文件后已有改动" in page and "下载草稿（Word）" not in page
    assert client.get(f"/evaluations/{evaluated.pk}/bulletin.docx").status_code == 302
    earlier = evaluation.draft_docx.name
    evaluation = render(client, evaluation)
    assert not private_storage().exists(earlier)  # the earlier files are not kept
    served = b"".join(client.get(f"/evaluations/{evaluated.pk}/bulletin.docx").streaming_content)
    assert "测政公办〔2025〕7号" in docx_text(served)

    # So does an override (the results change).
    edu = UnitResult.objects.get(evaluation=evaluation, unit_name="测试县教育局")
    d = edu.deductions.first()
    client.post(
        f"/evaluations/{evaluation.pk}/reports/{edu.report_id}/findings/{d.finding_index}/override/",
        {"reason": "复核后撤销"},
    )
    assert client.get(f"/evaluations/{evaluated.pk}/bulletin.docx").status_code == 302
