"""Issue 15, deliver 4: each kind of letter carries what the clerk entered for its step,
the step's date and its document number — read back from the DOCX (python-docx) and the
PDF (pdfplumber) as issued."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import docx
import pdfplumber
import pytest

from gongkai.web.applications import letter_services as ls
from gongkai.web.applications import services as s
from gongkai.web.applications.letter_models import DeliveryMethod, LetterDelivery
from gongkai.web.audit.models import AuditLog

BASIS = "《中华人民共和国政府信息公开条例》第十五条"
WITHHELD = "会议纪要中涉及第三方个人信息（姓名、联系电话）的内容"
ITEMS = "所需文件的名称或者文号\n文件的大致形成时间"


def _read(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def _texts(issued) -> tuple[str, str]:
    """(DOCX text, PDF text), each without white space (PDF lines break anywhere)."""
    document = docx.Document(BytesIO(_read(issued.docx)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]  # the seal
    d = "\n".join([p.text for p in document.paragraphs] + cells)
    with pdfplumber.open(BytesIO(_read(issued.pdf))) as pdf:
        p = "".join(page.extract_text() or "" for page in pdf.pages)
    squash = lambda t: re.sub(r"\s+", "", t)  # noqa: E731
    return squash(d), squash(p)


def _both(issued, *expected: str, absent: tuple[str, ...] = ()) -> None:
    for text in _texts(issued):
        for e in expected:
            assert re.sub(r"\s+", "", e) in text, e
        for a in absent:
            assert a not in text, a


@pytest.fixture
def numbered(county):
    ls.letter_numbering_save(
        unit=county.edu, pattern="测教依申〔{年份}〕{序号}号", actor=county.office
    )


def test_partial_reply_states_what_is_withheld_and_why(county, register, as_of, numbered):
    app = s.application_reply(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 10, 11),
        outcome="apply.result.partial",
        legal_basis=BASIS + "。",
        withheld=WITHHELD,
        service_method="post",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    issued = s.letter_issue(application=app, kind="reply", actor=county.clerk_edu, as_of=as_of)
    assert issued.number == "测教依申〔2024〕1号" and issued.issued_on == date(2024, 10, 11)
    _both(
        issued,
        "政府信息公开申请答复书",
        "测教依申〔2024〕1号",
        f"其中，{WITHHELD}不予公开，依据为{BASIS}。",
        "第三十七条",
        "2024年10月11日",
        "（印章）",
        "2024年9月27日收到您提出的",
        absent=("2024年11月20日", "。。", "（单位）"),
    )


def test_an_organisations_letter_addresses_it_as_such(county, register, as_of, numbered):
    app = s.application_correction_notice(
        application=register(
            received_on=date(2024, 9, 27), category="le_com", applicant_name="某某有限公司"
        ),
        on=date(2024, 9, 30),
        deadline=date(2024, 10, 21),
        note=ITEMS,
        actor=county.clerk_edu,
        as_of=as_of,
    )
    issued = s.letter_issue(application=app, kind="correction", actor=county.clerk_edu, as_of=as_of)
    _both(issued, "某某有限公司：", "收到贵单位提出的", absent=("（单位）",))


def test_correction_notice_lists_the_items_typed(county, register, as_of, numbered):
    app = s.application_correction_notice(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 9, 30),
        deadline=date(2024, 10, 21),
        note=ITEMS,
        actor=county.clerk_edu,
        as_of=as_of,
    )
    issued = s.letter_issue(application=app, kind="correction", actor=county.clerk_edu, as_of=as_of)
    _both(
        issued,
        "政府信息公开申请补正告知书",
        "测教依申〔2024〕1号",
        "（一）所需文件的名称或者文号。",
        "（二）文件的大致形成时间。",
        "请您于2024年10月21日前",
        "2024年9月30日",
        absent=("特征性描述",),  # the boilerplate is not printed instead of the items
    )


def test_extension_notice_gives_the_reason_days_and_new_due_date(county, register, as_of, numbered):
    app = s.application_extend(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 10, 15),
        days=15,
        reason="所申请的信息需要调取档案",
        approved_by=county.reviewer_edu,
        actor=county.reviewer_edu,
        as_of=as_of,
    )
    issued = s.letter_issue(application=app, kind="extension", actor=None, as_of=as_of)
    due = app.due_on
    _both(
        issued,
        "政府信息公开申请延期答复告知书",
        "因所申请的信息需要调取档案，本机关不能在规定期限内作出答复。",
        "延长15个工作日",
        f"于{due.year}年{due.month}月{due.day}日前作出答复",
        "2024年10月15日",
        "测教依申〔2024〕1号",
    )


@pytest.mark.parametrize(
    ("party_kind", "party", "title", "wording", "absent"),
    [
        (
            "agency",
            "测试县财政局",
            "政府信息公开征求其他机关意见函",
            ("征求贵机关意见", "第三十四条", "视为同意公开"),
            ("可能损害你方合法权益", "第三十二条", "第三方"),
        ),
        (
            "third_party",
            "某某建设有限公司",
            "政府信息公开征求第三方意见函",
            ("可能损害第三方合法权益", "第三十二条", "征求你方意见"),
            ("贵机关", "第三十四条"),
        ),
    ],
)
def test_consultation_letter_names_its_addressee_with_the_right_wording(
    county, register, as_of, numbered, party_kind, party, title, wording, absent
):
    app = s.application_consultation_start(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 10, 8),
        party=party,
        party_kind=party_kind,
        actor=county.clerk_edu,
        as_of=as_of,
    )
    issued = s.letter_issue(application=app, kind="consultation", actor=None, as_of=as_of)
    _both(
        issued,
        title,
        f"{party}：",
        *wording,
        "2024年10月8日",
        "测教依申〔2024〕1号",
        absent=(*absent, "张三", "13800138000"),  # nor the applicant's name or phone
    )


@pytest.mark.parametrize("ending", ["。", "！", "？", ".", ""])
def test_the_request_is_quoted_with_one_full_stop(county, register, as_of, ending):
    app = register(received_on=date(2024, 9, 27), description="2024年城区学校划片计划表" + ending)
    app = s.application_reply(
        application=app,
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis=BASIS,
        service_method="direct",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    issued = s.letter_issue(application=app, kind="reply", actor=None, as_of=as_of)
    docx_text, pdf_text = _texts(issued)
    for text in (docx_text, pdf_text):
        assert "申请获取“2024年城区学校划片计划表”。" in text
        assert "表。”" not in text and "”。。" not in text


def test_letter_numbers_count_per_unit_and_year(county, register, as_of):
    apps = [register(received_on=date(2024, 9, 27)) for _ in range(3)]
    env = register(unit=county.env, received_on=date(2024, 9, 27), actor=county.clerk_env)
    numbers = []
    for app in [*apps, env]:
        app = s.application_reply(
            application=app,
            on=date(2024, 10, 10),
            outcome="apply.result.grant",
            legal_basis=BASIS,
            service_method="direct",
            actor=None,
            as_of=as_of,
        )
        numbers.append(
            s.letter_issue(application=app, kind="reply", actor=None, as_of=as_of).number
        )
    assert numbers == ["依申〔2024〕1号", "依申〔2024〕2号", "依申〔2024〕3号", "依申〔2024〕1号"]
    audit = AuditLog.objects.filter(action="letter.issue").order_by("pk").last()
    assert audit is not None and audit.data["number"] == "依申〔2024〕1号"


def test_a_number_pattern_without_its_counter_is_refused(county):
    with pytest.raises(s.ServiceError) as err:
        ls.letter_numbering_save(
            unit=county.edu, pattern="测教依申〔{年份}〕号", actor=county.office
        )
    assert "{序号}" in err.value.message
    with pytest.raises(s.ServiceError) as err:
        ls.letter_numbering_save(
            unit=county.edu, pattern="测教〔{yr}〕{序号}号", actor=county.office
        )
    assert "「{yr}」不是可用的占位符" in err.value.message


def test_delivery_is_recorded_checked_and_audited(county, register, as_of):
    app = s.application_reply(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis=BASIS,
        service_method="post",
        actor=None,
        as_of=as_of,
    )
    issued = s.letter_issue(application=app, kind="reply", actor=None, as_of=as_of)
    for kw, message in (
        ({"method": "post", "on": date(2024, 10, 11)}, str(ls.E_DELIVERY_TRACKING)),
        ({"method": "email", "on": date(2024, 10, 9)}, "2024-10-10"),
        ({"method": "email", "on": date(2024, 11, 21)}, "2024-11-21"),
        ({"method": "post", "on": date(2024, 10, 11), "tracking_number": "快递 1"}, None),
    ):
        with pytest.raises(s.ServiceError) as err:
            ls.letter_delivery_record(letter=issued, actor=county.clerk_edu, as_of=as_of, **kw)
        assert message is None or message in err.value.message
    assert not LetterDelivery.objects.exists()
    d = ls.letter_delivery_record(
        letter=issued,
        method=DeliveryMethod.POST,
        on=date(2024, 10, 11),
        tracking_number="ea123456789cn",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    assert d.tracking_number == "EA123456789CN"
    row = AuditLog.objects.get(action="letter.deliver")
    assert row.data["method"] == "post" and row.data["tracking_number"] == "EA123456789CN"
    assert row.actor == county.clerk_edu


def test_delivery_from_the_application_page(client, county, register, as_of):
    app = s.application_reply(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis=BASIS,
        service_method="post",
        actor=None,
        as_of=as_of,
    )
    client.force_login(county.clerk_edu)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "政府信息公开申请答复书" in page  # the button to issue it, with the step's date
    event = app.events.get(kind="reply")
    client.post(f"/applications/{app.pk}/letters/reply/", {"event": event.pk})
    issued = app.letters.get()
    url = f"/applications/{app.pk}/letters/{issued.pk}/delivery/"
    client.post(url, {"method": "post", "on": "2024-10-11", "tracking_number": ""})
    assert not issued.deliveries.exists()
    client.post(url, {"method": "post", "on": "2024-10-11", "tracking_number": "EA123456789CN"})
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "EA123456789CN" in page and "依申〔2024〕1号" in page and "2024-10-11" in page
    client.force_login(county.clerk_env)  # another unit's clerk records nothing
    assert client.post(url, {"method": "email", "on": "2024-10-12"}).status_code == 404
    assert issued.deliveries.count() == 1
