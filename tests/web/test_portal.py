"""The public portal's forms: applying online, uploads, and the status page."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.web.applications.models import Application

FORM = {
    "category": "np",
    "applicant_name": "赵六",
    "id_number": "130101199001015557",
    "phone": "139-1234-0001",
    "description": "申请公开某文件",
    "form_wanted": "electronic",
}


def test_applying_online_answers_with_a_tracking_code_and_waits_for_confirmation(client, county):
    response = client.post(f"/open/apply/{county.edu.code}/", FORM, follow=True)
    assert response.redirect_chain == [(f"/open/apply/{county.edu.code}/done/", 302)]
    app = Application.objects.get()
    assert app.tracking_code in response.content.decode()
    assert (app.channel, app.status, app.received_on, app.phone) == (
        "online",
        "awaiting_confirmation",
        None,
        "13912340001",
    )
    assert "赵六" not in response.content.decode()
    # Reloading the answer files nothing again and still shows the code.
    again = client.get(f"/open/apply/{county.edu.code}/done/").content.decode()
    assert app.tracking_code in again and Application.objects.count() == 1


def test_the_tracking_code_is_shown_only_to_the_browser_that_applied(client, county):
    from django.test import Client

    client.post(f"/open/apply/{county.edu.code}/", FORM)
    code = Application.objects.get().tracking_code
    other = Client().get(f"/open/apply/{county.edu.code}/done/").content.decode()
    assert code not in other and "本浏览器没有刚提交的申请" in other
    # nor on another unit's answer page to the same browser
    assert code not in client.get(f"/open/apply/{county.env.code}/done/").content.decode()


def test_identity_upload_is_checked_by_content_and_size(client, county):
    fake = SimpleUploadedFile("id.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    body = client.post(
        f"/open/apply/{county.edu.code}/", {**FORM, "identity_document": fake}
    ).content.decode()
    assert "JPEG" in body and not Application.objects.exists()
    big = SimpleUploadedFile(
        "id.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), content_type="image/png"
    )
    body = client.post(
        f"/open/apply/{county.edu.code}/", {**FORM, "identity_document": big}
    ).content.decode()
    assert "5 MB" in body and not Application.objects.exists()
    good = SimpleUploadedFile("id.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    client.post(f"/open/apply/{county.edu.code}/", {**FORM, "identity_document": good})
    app = Application.objects.get()
    assert app.identity_document.name.startswith("identity/") and app.identity_document.size == 108
    # kept privately: not under MEDIA_ROOT, so never served as a media file
    from django.conf import settings

    from gongkai.web.storage import PrivateStorage, is_local

    assert isinstance(app.identity_document.storage, PrivateStorage)
    if is_local(app.identity_document.storage):
        assert str(settings.MEDIA_ROOT) not in app.identity_document.path


def test_bad_phone_is_refused_at_the_field(client, county):
    body = client.post(
        f"/open/apply/{county.edu.code}/", {**FORM, "phone": "打电话"}
    ).content.decode()
    assert 'class="errorlist"' in body and not Application.objects.exists()


def test_status_needs_the_right_phone_digits(client, county):
    client.post(f"/open/apply/{county.edu.code}/", FORM)
    app = Application.objects.get()
    right = client.post(
        "/open/status/", {"tracking_code": app.tracking_code.lower(), "phone_last4": "0001"}
    ).content.decode()
    assert 'id="status-text"' in right
    # an application not yet confirmed shows when it was filed, and how
    assert f"<dd>{app.submitted_on.isoformat()}（网上申请）</dd>" in right
    wrong = client.post(
        "/open/status/", {"tracking_code": app.tracking_code, "phone_last4": "9999"}
    ).content.decode()
    assert 'id="status-text"' not in wrong


def test_catalogue_search_finds_chinese_text_and_only_published_items(client, county):
    from datetime import date

    from gongkai.web.proactive.models import CatalogueItem

    def item(n: int, title: str, status: str = "published", **kw):
        return CatalogueItem.objects.create(
            unit=county.edu,
            index_no=f"T-EDU/2024-{n}",
            publisher="测试县教育局",
            title=title,
            topic=11,
            published_on=date(2024, 3, n),
            status=status,
            secrecy_reviewed=status != "draft",
            **kw,
        )

    item(1, "关于2024年义务教育招生工作的通知")
    item(2, "测试县教育局2024年部门预算", doc_number="测教〔2024〕8号")
    item(3, "关于招生划片调整的草稿", status="draft")
    body = client.get("/open/catalogue/?q=招生").content.decode()
    assert "义务教育招生工作" in body and "部门预算" not in body and "草稿" not in body
    body = client.get("/open/catalogue/?q=测教〔2024〕8号").content.decode()
    assert "部门预算" in body and "招生工作" not in body
    body = client.get("/open/catalogue/?q=教育 预算").content.decode()  # every word must match
    assert "部门预算" in body and "招生工作" not in body


def test_directory_shows_two_levels_and_each_unit_its_sub_units(client, county):
    from gongkai.web.units.models import UnitKind
    from gongkai.web.units.services import unit_create

    school = unit_create(
        name="测试县第一中学", code="T-EDU-S1", kind=UnitKind.OTHER, parent=county.edu
    )
    home = client.get("/open/").content.decode()
    assert county.gov.name in home and county.edu.name in home
    assert school.name not in home  # the third level is reached through its parent's page
    edu = client.get(f"/open/units/{county.edu.code}/").content.decode()
    assert school.name in edu and f"/open/units/{school.code}/" in edu
    # the page's title is the unit's name: the list of sub-units is in the page, not the title
    title = edu.split("<title>")[1].split("</title>")[0]
    assert title.startswith(county.edu.name) and "<" not in title and school.name not in title
    assert edu.count(f"/open/units/{school.code}/") == 1
    assert county.gov.name in edu  # "part of"
    page = client.get(f"/open/units/{school.code}/").content.decode()
    assert county.edu.name in page


def test_catalogue_unit_filter_offers_two_levels_and_the_chosen_unit(client, county):
    from gongkai.web.units.models import UnitKind
    from gongkai.web.units.services import unit_create

    school = unit_create(
        name="测试县第一中学", code="T-EDU-S1", kind=UnitKind.OTHER, parent=county.edu
    )
    page = client.get("/open/catalogue/").content.decode()
    assert f'value="{county.edu.code}"' in page and f'value="{school.code}"' not in page
    chosen = client.get(f"/open/catalogue/?unit={school.code}").content.decode()
    assert f'value="{school.code}" selected' in chosen
