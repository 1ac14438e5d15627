"""The annual report as documents: the staff report page's downloads, and what the
DOCX and PDF hold — checked with python-docx, LibreOffice and pdftotext."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from io import BytesIO
from urllib.parse import unquote

import docx
import pytest

from gongkai.core import read_report
from gongkai.core.report.formats import FORMATS, TABLE3_COLUMNS, TABLE4_COLUMNS, Version
from gongkai.core.report.render import render_docx, render_pdf
from support import NARRATIVE, SEED

SPEC = FORMATS[Version.V2021]


@pytest.fixture(scope="module")
def seed():
    return read_report(SEED)


def test_docx_tables_have_the_official_shapes(seed):
    document = docx.Document(BytesIO(render_docx(seed, issued_on=date(2024, 2, 19))))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (
        round(section.top_margin.mm),
        round(section.bottom_margin.mm),
        round(section.left_margin.mm),
        round(section.right_margin.mm),
    ) == (37, 35, 28, 26)
    t2, t3, t4 = document.tables
    # Table 3: three label columns and seven applicant columns on every row.
    assert len(t3.columns) == 10 and all(len(r.cells) == 10 for r in t3.rows)
    labels = [r.cells[2].text for r in t3.rows]
    assert (
        "1.属于国家秘密" in labels
        and "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        in t3.rows[0].cells[0].text
    )
    # merged: 申请人情况 spans the seven data columns of the first header row
    assert [c.text for c in t3.rows[0].cells[3:10]] == ["申请人情况"] * 7
    # Table 4: 15 columns, 行政复议 over 5 and 行政诉讼 over 10.
    assert len(t4.columns) == 15
    assert [c.text for c in t4.rows[0].cells] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert [c.text for c in t4.rows[3].cells] == ["0"] * 15
    # Table 2: 信息内容 + up to three columns.
    assert len(t2.columns) == 4
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "兴隆县人民政府" and paragraphs[-1] == "2024年2月19日"


def test_docx_converts_with_libreoffice(seed, tmp_path):
    src = tmp_path / "report.docx"
    src.write_bytes(render_docx(seed))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "政府信息公开工作年度报告" in re.sub(r"\s+", "", text)


def test_pdf_text_holds_every_label_and_number(seed, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(seed))
    text = re.sub(
        r"\s+",
        "",
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout,
    )
    labels = {
        r.label
        for t in SPEC.tables
        if t.id != "review"
        for r in t.rows
        if any(c.startswith(r.id + ".") for c in seed.cells)
    }
    labels |= (
        {c.label for c in TABLE3_COLUMNS}
        | {c.label for c in TABLE4_COLUMNS}
        | {b.label for b in SPEC.table("active").blocks}
    )
    labels |= {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "（六）其他处理"}
    missing = [label for label in labels if re.sub(r"\s+", "", label) not in text]
    assert missing == []
    for number in ("215", "142", "56", "11", "52", "22"):
        assert number in text


@pytest.mark.parametrize("kind", ["html", "docx", "pdf", "md", "xlsx", "json"])
def test_staff_report_page_offers_each_download(client, county, register, as_of, kind):
    from datetime import date

    from gongkai.web.applications import services as s

    app = register(submitted_on=date(2024, 3, 4), received_on=date(2024, 3, 4))
    s.application_reply(
        application=app,
        on=date(2024, 3, 20),
        outcome="apply.result.grant",
        legal_basis="第三十六条",
        service_method="direct",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    client.force_login(county.office)
    page = client.get("/reports/T/2024/?scope=subtree").content.decode()
    assert f"/reports/T/2024/download.{kind}?scope=subtree" in page
    response = client.get(f"/reports/T/2024/download.{kind}?scope=subtree")
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"]).endswith(
        f"测试县人民政府（含下属单位）2024年政府信息公开工作年度报告.{kind}"
    )
    if kind == "json":
        record = json.loads(response.content)
        assert (
            record["cells"]["apply.new.np"] == 1
            and record["cells"]["apply.result.grant.total"] == 1
        )
    elif kind in ("html", "docx", "pdf"):
        from gongkai.core.report.parse.files import read_report_bytes

        back = read_report_bytes(response.content, source=f"download.{kind}")
        assert back.cells["apply.new.total"].number == 1 and back.year == 2024


def test_published_documents_are_made_once_and_named_by_content(client, county, settings, tmp_path):
    from gongkai.web.reports import services as rs
    from gongkai.web.reports.models import Scope

    settings.VAR = tmp_path
    v = rs.report_version_open(unit=county.gov, year=2024, scope=Scope.UNIT, actor=county.office)
    v = rs.report_save_narrative(version=v, actor=county.office, **NARRATIVE)
    v = rs.report_submit(version=v, actor=county.admin)
    v = rs.report_approve(version=v, actor=county.office)
    v = rs.report_publish(version=v, actor=county.office)
    first = client.get("/open/reports/T/2024/download.docx")
    assert first.status_code == 200
    assert unquote(first["Content-Disposition"]).endswith(
        "测试县人民政府2024年政府信息公开工作年度报告.docx"
    )
    cached = list((settings.VAR / "cache" / "published").glob("*.docx"))
    assert len(cached) == 1 and cached[0].read_bytes() == first.content
    stamp = cached[0].stat().st_mtime_ns
    second = client.get("/open/reports/T/2024/download.docx")
    assert second.content == first.content and cached[0].stat().st_mtime_ns == stamp
    # Another version (another snapshot) gets its own file, never the first one's.
    v2 = rs.report_new_version(version=v, reason="更正数据", actor=county.office)
    rs.report_save_narrative(
        version=v2,
        sec1="更正后的概述。",
        sec5="政策解读还不够及时，下一步将加强培训。",
        sec6="无",
        actor=county.office,
    )
    v2 = rs.report_submit(version=v2, actor=county.admin)
    v2 = rs.report_approve(version=v2, actor=county.office)
    rs.report_publish(version=v2, actor=county.office)
    third = client.get("/open/reports/T/2024/download.docx")
    assert third.status_code == 200 and third.content != first.content
    assert len(list((settings.VAR / "cache" / "published").glob("*.docx"))) == 2
