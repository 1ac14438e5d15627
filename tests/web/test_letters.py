"""Letters to applicants: issued from the application, kept and locked, readable by
python-docx, LibreOffice and pdftotext, and given to the applicant through the portal."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from io import BytesIO
from urllib.parse import unquote

import docx
import pytest

from gongkai.web.applications import letter_services as ls
from gongkai.web.applications import services as s
from gongkai.web.applications.models import IssuedLetter, LetterWording

BASIS = "《中华人民共和国政府信息公开条例》第三十六条第（二）项"


@pytest.fixture
def replied(county, register, as_of):
    app = register(received_on=date(2024, 9, 27))
    return s.application_reply(
        application=app,
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis=BASIS,
        service_method="post",
        actor=county.clerk_edu,
        as_of=as_of,
    )


def _bytes(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_reply_letter_is_filled_rendered_and_kept(county, replied, as_of, tmp_path):
    issued = s.letter_issue(application=replied, kind="reply", actor=county.clerk_edu, as_of=as_of)
    document = docx.Document(BytesIO(_bytes(issued.docx)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.splitlines()[0] == "政府信息公开申请答复书"
    for expected in (
        "张三：",
        "2024年9月27日",
        replied.tracking_code,
        "申请公开2024年学校划片方案",
        BASIS,
        "测试县教育局",
        "2024年10月10日",  # the reply's date in the ledger, not the day it was printed
        "依申〔2024〕1号",
        "六十日内",
    ):
        assert expected in text, expected
    section = document.sections[0]
    assert (
        round(section.page_width.mm),
        round(section.top_margin.mm),
        round(section.left_margin.mm),
    ) == (210, 37, 28)
    pdf = re.sub(r"\s+", "", _pdf_text(_bytes(issued.pdf), tmp_path))
    assert (
        "政府信息公开申请答复书" in pdf
        and replied.tracking_code in pdf
        and "第三十六条第（二）项" in pdf
    )


def test_docx_letter_converts_with_libreoffice(county, replied, as_of, tmp_path):
    issued = s.letter_issue(application=replied, kind="reply", actor=county.clerk_edu, as_of=as_of)
    src = tmp_path / "letter.docx"
    src.write_bytes(_bytes(issued.docx))
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
        timeout=180,
    )
    assert "政府信息公开申请答复书" in re.sub(
        r"\s+", "", _pdf_text((tmp_path / "letter.pdf").read_bytes(), tmp_path)
    )


def test_a_letter_needs_its_event(county, register, as_of):
    app = register(received_on=date(2024, 9, 27))
    with pytest.raises(s.ServiceError) as err:
        s.letter_issue(application=app, kind="reply", actor=county.clerk_edu, as_of=as_of)
    assert not IssuedLetter.objects.exists() and err.value.message


def test_a_units_own_wording_is_used_and_a_bad_one_refused(county, replied, as_of):
    ls.letter_wording_save(
        unit=county.edu,
        kind="reply",
        notes="相关信息请于{发文日期}起到本机关政务服务窗口领取。",
        closing="特此答复。",
        signature="{机关名称}（政府信息公开专用章）",
        contact="联系人：李四　联系电话：0311-1234567",
        actor=county.office,
    )
    issued = s.letter_issue(application=replied, kind="reply", actor=county.clerk_edu, as_of=as_of)
    text = _docx_text(issued)
    assert "相关信息请于2024年10月10日起到本机关政务服务窗口领取。" in text
    assert "测试县教育局（政府信息公开专用章）" in text
    assert "（联系人：李四　联系电话：0311-1234567）" in text
    assert BASIS in text  # the statutory text is still there
    with pytest.raises(s.ServiceError) as err:
        ls.letter_wording_save(
            unit=county.edu,
            kind="reply",
            notes="",
            closing="",
            signature="{机关名称}",
            contact="电话：{phone}",
            actor=county.office,
        )
    assert "「{phone}」不是可用的占位符" in err.value.message and "{机关名称}" in err.value.message
    assert LetterWording.objects.get(unit=county.edu, kind="reply").contact.startswith("联系人")


def test_wording_falls_back_to_the_county_then_the_default(county, register, as_of):
    ls.letter_wording_save(
        unit=county.gov,
        kind="reply",
        notes="",
        closing="此复。",
        signature="{机关名称}",
        contact="县政务公开办　0311-7654321",
        actor=county.office,
    )
    ls.letter_numbering_save(
        unit=county.gov, pattern="测政依申〔{年份}〕{序号}号", actor=county.office
    )
    edu = _reply(register(received_on=date(2024, 9, 27)), county, as_of)
    text = _docx_text(s.letter_issue(application=edu, kind="reply", actor=None, as_of=as_of))
    assert "此复。" in text and "县政务公开办　0311-7654321" in text
    assert "测政依申〔2024〕1号" in text  # the county's pattern, the unit's own counter
    correction = s.application_correction_notice(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 9, 30),
        deadline=date(2024, 10, 18),
        note="申请的文件名称",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    text = _docx_text(
        s.letter_issue(application=correction, kind="correction", actor=None, as_of=as_of)
    )
    assert "特此告知。" in text and "此复。" not in text  # no county wording: the default
    assert "测政依申〔2024〕2号" in text


def _reply(app, county, as_of, outcome="apply.result.grant", **kw):
    return s.application_reply(
        application=app,
        on=date(2024, 10, 10),
        outcome=outcome,
        legal_basis=kw.pop("legal_basis", BASIS),
        service_method="post",
        actor=county.clerk_edu,
        as_of=as_of,
        **kw,
    )


def _docx_text(issued) -> str:
    return "\n".join(p.text for p in docx.Document(BytesIO(_bytes(issued.docx))).paragraphs)


def test_issued_letters_stay_as_issued_and_a_reprint_keeps_its_number(county, replied, as_of):
    first = s.letter_issue(application=replied, kind="reply", actor=county.clerk_edu, as_of=as_of)
    before = _bytes(first.pdf)
    ls.letter_wording_save(
        unit=county.edu,
        kind="reply",
        notes="新的文字。",
        closing="",
        signature="",
        contact="",
        actor=county.office,
    )
    again = s.letter_issue(application=replied, kind="reply", actor=county.clerk_edu, as_of=as_of)
    first.refresh_from_db()
    assert again.pk == first.pk and again.number == first.number == "依申〔2024〕1号"
    assert _bytes(first.pdf) == before and "新的文字" not in _docx_text(first)
    assert IssuedLetter.objects.count() == 1


def test_the_applicant_gets_the_reply_letter_through_the_status_page(
    client, county, replied, as_of
):
    s.letter_issue(application=replied, kind="reply", actor=county.clerk_edu, as_of=as_of)
    page = client.post(
        "/open/status/", {"tracking_code": replied.tracking_code, "phone_last4": "8000"}
    ).content.decode()
    link = re.search(r'href="(/open/letter/[^"]+)"', page)
    assert link is not None
    response = client.get(link.group(1))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # saved under the letter's Chinese name, not an English word
    assert unquote(response["Content-Disposition"]).endswith("-政府信息公开申请答复书.pdf")
    assert client.get(link.group(1)[:-3] + "xx/").status_code == 404


def test_staff_issue_and_download_from_the_application_page(client, county, replied):
    client.force_login(county.clerk_edu)
    page = client.get(f"/applications/{replied.pk}/").content.decode()
    assert f"/applications/{replied.pk}/letters/reply/" in page
    client.post(f"/applications/{replied.pk}/letters/reply/")
    issued = IssuedLetter.objects.get()
    response = client.get(f"/applications/{replied.pk}/letters/{issued.pk}.docx")
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert unquote(response["Content-Disposition"]).endswith(
        f"{replied.tracking_code}-政府信息公开申请答复书.docx"
    )
    client.force_login(county.clerk_env)
    assert client.get(f"/applications/{replied.pk}/letters/{issued.pk}.docx").status_code == 404


def test_an_estimated_due_date_is_marked_in_the_letter(county, register, tmp_path):
    # Received Fri 2026-12-18, extended by 10 working days on 2027-01-05: the new due date
    # counts over 2027, whose arrangement is not in the bundled data, so it is 预计.
    app = register(submitted_on=date(2026, 12, 18), as_of=date(2026, 12, 18))
    app = s.application_extend(
        application=app,
        on=date(2027, 1, 5),
        days=10,
        approved_by=county.reviewer_edu,
        actor=county.reviewer_edu,
        as_of=date(2027, 1, 5),
        reason="需要调取档案",
    )
    assert app.due_provisional is True
    issued = s.letter_issue(
        application=app, kind="extension", actor=county.reviewer_edu, as_of=date(2027, 1, 5)
    )
    text = _pdf_text(_bytes(issued.pdf), tmp_path)
    due = app.due_on
    assert due is not None
    assert f"{due.year}年{due.month}月{due.day}日（预计）" in re.sub(r"\s+", "", text)
