"""The reply's remedy paragraph names the review body and the court: derived from the unit
tree, set by the office on the letter templates page, and a reply whose unit has none is
refused at issue with a message saying what to fill in — never printed with a gap."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from io import BytesIO

import docx
import pytest

from gongkai.web.applications import services as s
from gongkai.web.applications.letter_models import LetterCounter
from gongkai.web.applications.models import IssuedLetter
from gongkai.web.audit.models import AuditLog
from gongkai.web.units.selectors import unit_remedy

BASIS = "《中华人民共和国政府信息公开条例》第二十条"
URL = "/letter-templates/"


def _read(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def _docx_paragraphs(issued) -> list[str]:
    return [p.text for p in docx.Document(BytesIO(_read(issued.docx))).paragraphs if p.text]


def _pdf_text(issued, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(_read(issued.pdf))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", out.stdout)


def _replied(register, county, as_of, unit=None, actor=None):
    actor = actor or county.clerk_edu
    app = register(received_on=date(2024, 9, 27), unit=unit or county.edu, actor=actor)
    return s.application_reply(
        application=app,
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis=BASIS,
        service_method="post",
        actor=actor,
        as_of=as_of,
    )


def test_defaults_come_from_the_unit_tree(county):
    edu, town, gov = (unit_remedy(unit=u) for u in (county.edu, county.town, county.gov))
    assert (edu.reconsideration_body, edu.court) == ("测试县人民政府", "测试县人民法院")
    assert (town.reconsideration_body, town.court) == ("测试县人民政府", "测试县人民法院")
    assert (gov.reconsideration_body, gov.court) == (
        "",
        "",
    )  # no government above; no court guessed
    assert [str(m) for m in gov.missing] == ["行政复议机关", "管辖法院"]


def test_a_departments_reply_names_the_county_government_and_court(
    county, register, as_of, tmp_path
):
    app = _replied(register, county, as_of)
    issued = s.letter_issue(application=app, kind="reply", actor=county.clerk_edu, as_of=as_of)
    paragraphs = _docx_paragraphs(issued)
    remedy = (
        "如对本答复不服，可以自收到本答复书之日起六十日内依法向测试县人民政府申请行政复议，"
        "或者自收到本答复书之日起六个月内依法向测试县人民法院提起行政诉讼。"
    )
    assert remedy in paragraphs
    assert paragraphs.index(remedy) == paragraphs.index("特此答复。") - 1
    assert remedy in _pdf_text(issued, tmp_path)


def test_a_governments_reply_with_no_parent_asks_for_the_reconsideration_body(
    client, county, register, as_of
):
    app = _replied(register, county, as_of, unit=county.gov, actor=county.office)
    with pytest.raises(s.ServiceError) as err:
        s.letter_issue(application=app, kind="reply", actor=county.office, as_of=as_of)
    assert err.value.message == (
        "本文书须写明行政复议机关和管辖法院，「测试县人民政府」尚未填写，文书未出具。"
        "请政府信息公开工作机构在「文书模板」页的「救济途径」中填写后再出具。"
    )
    # Nothing kept, no number used up.
    assert not IssuedLetter.objects.exists() and not LetterCounter.objects.exists()

    # The application page says so beside the button, before anyone presses it.
    client.force_login(county.office)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "答复书须写明行政复议机关、管辖法院，「测试县人民政府」尚未填写" in page

    # Pressed anyway: the same message, and no letter.
    step = app.events.get(kind="reply")
    response = client.post(
        f"/applications/{app.pk}/letters/reply/", {"event": step.pk}, follow=True
    )
    assert "「测试县人民政府」尚未填写，文书未出具" in response.content.decode()
    assert not IssuedLetter.objects.exists()

    # The office fills them in on the template page; the reply is issued with them.
    response = client.post(
        URL,
        {
            "unit": "T",
            "kind": "reply",
            "save_remedy": "1",
            "reconsideration_body": "测试市人民政府",
            "litigation_court": " 测试市中级人民法院 ",
        },
    )
    assert response.status_code == 302
    row = AuditLog.objects.get(action="unit.remedy")
    assert row.data["before"] == {"reconsideration_body": "", "litigation_court": ""}
    assert row.data["after"]["litigation_court"] == "测试市中级人民法院"
    issued = s.letter_issue(application=app, kind="reply", actor=county.office, as_of=as_of)
    assert (
        "如对本答复不服，可以自收到本答复书之日起六十日内依法向测试市人民政府申请行政复议，"
        "或者自收到本答复书之日起六个月内依法向测试市中级人民法院提起行政诉讼。"
    ) in _docx_paragraphs(issued)
    assert issued.number.endswith("〔2024〕1号")


def test_a_governments_correction_notice_needs_no_bodies(county, register, as_of):
    app = s.application_correction_notice(
        application=register(received_on=date(2024, 9, 27), unit=county.gov, actor=county.office),
        on=date(2024, 9, 30),
        deadline=date(2024, 10, 21),
        note="所需文件的名称或者文号",
        actor=county.office,
        as_of=as_of,
    )
    issued = s.letter_issue(application=app, kind="correction", actor=county.office, as_of=as_of)
    assert issued.title == "政府信息公开申请补正告知书"


def test_the_offices_entry_overrides_the_default(client, county, register, as_of):
    """Where administrative cases go to a designated court (集中管辖), the office says so."""
    client.force_login(county.office)
    page = client.get(URL, {"unit": "T-EDU"}).content.decode()
    assert 'placeholder="测试县人民政府"' in page and "留空时使用：测试县人民法院。" in page
    assert "依法向测试县人民法院提起行政诉讼" in page  # the preview
    client.post(
        URL,
        {
            "unit": "T-EDU",
            "save_remedy": "1",
            "reconsideration_body": "",
            "litigation_court": "测试市某区人民法院",
        },
    )
    app = _replied(register, county, as_of)
    issued = s.letter_issue(application=app, kind="reply", actor=county.clerk_edu, as_of=as_of)
    text = "".join(_docx_paragraphs(issued))
    assert "依法向测试县人民政府申请行政复议" in text
    assert "依法向测试市某区人民法院提起行政诉讼" in text and "测试县人民法院" not in text


def test_the_template_page_warns_and_marks_the_gap(client, county):
    client.force_login(county.office)
    page = client.get(URL, {"unit": "T", "kind": "reply"}).content.decode()
    assert "无法从单位层级推定，须填写。" in page
    assert 'id="remedy-warning"' in page and "填写前，答复书不能出具。" in page
    assert "依法向〔未填写行政复议机关〕申请行政复议" in page
    assert "向申请行政复议" not in page
    assert 'id="remedy-warning"' not in client.get(URL, {"unit": "T-EDU"}).content.decode()


def test_only_the_office_sets_the_bodies(client, county):
    client.force_login(county.clerk_edu)
    response = client.post(
        URL,
        {
            "unit": "T-EDU",
            "save_remedy": "1",
            "reconsideration_body": "某某",
            "litigation_court": "",
        },
    )
    assert response.status_code == 404
    county.edu.refresh_from_db()
    assert county.edu.reconsideration_body == "" and not AuditLog.objects.filter(
        action="unit.remedy"
    )
