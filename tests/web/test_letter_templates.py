"""Issue 15, deliver 4: the office words its letters' free parts on a page with a preview
of a sample application's letter; unknown placeholders are refused in Chinese; only an
office (or an admin) reaches the page."""

from __future__ import annotations

from gongkai.web.applications.letter_models import LetterNumbering, LetterWording
from gongkai.web.audit.models import AuditLog

URL = "/letter-templates/"


def _post(client, **kw):
    data = {
        "unit": "T-EDU",
        "kind": "reply",
        "notes": "",
        "closing": "特此答复。",
        "signature": "{机关名称}",
        "contact": "联系人：王五　电话：0311-0000000",
        "pattern": "测教依申〔{年份}〕{序号}号",
    }
    data.update(kw)
    return client.post(URL, data)


def test_the_office_sees_the_preview_of_a_sample_letter(client, county):
    client.force_login(county.office)
    page = client.get(URL, {"unit": "T-EDU", "kind": "correction"}).content.decode()
    assert "政府信息公开申请补正告知书" in page  # the preview
    assert "依申〔2026〕1号" in page  # the default pattern, this year's first number
    assert "（印章）" in page and "测试县教育局" in page
    assert "GK2C4E6G8J3L" in page


def test_preview_shows_what_is_typed_without_saving(client, county):
    client.force_login(county.office)
    page = _post(client, notes="请携带本人身份证件领取。", preview="1").content.decode()
    assert "请携带本人身份证件领取。" in page and "测教依申〔2026〕1号" in page
    assert not LetterWording.objects.exists()
    live = client.post(
        "/letter-templates/preview/",
        {"unit": "T-EDU", "kind": "reply", "notes": "现场查阅。", "pattern": "X〔{年份}〕{序号}号"},
    )
    assert live.status_code == 200 and "现场查阅。" in live.content.decode()
    assert "X〔2026〕1号" in live.content.decode()


def test_save_keeps_the_wording_and_the_pattern_and_audits_them(client, county):
    client.force_login(county.office)
    response = _post(client, save="1")
    assert response.status_code == 302
    w = LetterWording.objects.get(unit=county.edu, kind="reply")
    assert w.contact == "联系人：王五　电话：0311-0000000"
    assert LetterNumbering.objects.get(unit=county.edu).pattern == "测教依申〔{年份}〕{序号}号"
    row = AuditLog.objects.get(action="letter.wording")
    assert row.data["before"] is None and row.data["after"]["closing"] == "特此答复。"
    assert AuditLog.objects.filter(action="letter.numbering").count() == 1


def test_an_unknown_placeholder_is_refused_with_a_chinese_message(client, county):
    client.force_login(county.office)
    page = _post(client, contact="电话：{phone}", save="1").content.decode()
    assert "「{phone}」不是可用的占位符" in page
    page = _post(client, closing="特此{答复", save="1").content.decode()
    assert "大括号须成对" in page
    page = _post(client, pattern="测教〔{年份}〕号", save="1").content.decode()
    assert "须含顺序号占位符 {序号}" in page
    assert not LetterWording.objects.exists() and not LetterNumbering.objects.exists()


def test_only_an_office_words_letters(client, county):
    for who in ("clerk_edu", "reviewer_edu", "supervisor", "outsider"):
        client.force_login(getattr(county, who))
        assert client.get(URL).status_code == 404
        assert _post(client, save="1").status_code == 404
        assert "/letter-templates/" not in client.get("/").content.decode()
    assert not LetterWording.objects.exists()
    client.force_login(county.office)
    assert "/letter-templates/" in client.get("/").content.decode()
