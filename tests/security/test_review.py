"""Issue 13, item 3: the 保密审查 could be bypassed — a clerk edited a catalogue item after
the reviewer marked it reviewed, it stayed reviewed, and the reviewer published text nobody
had reviewed. Now a review records the digest of the content it covered; any edit of that
content (any field but the review state, and the attachments) undoes the review, with an
audit-log row; publishing needs the digest of the content at hand; the admin goes through
the same services and cannot set the review or edit a published item."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive import services as s
from gongkai.web.proactive.models import Attachment, CatalogueItem, ItemStatus

FORM = {
    "index_no": "T-EDU/2024-7",
    "publisher": "测试县教育局",
    "doc_number": "测教〔2024〕7号",
    "title": "关于2024年秋季招生的通知",
    "written_on": "2024-03-01",
    "published_on": "2024-03-05",
    "topic": "11",
    "kind": "ordinary",
    "issued_on": "",
    "repealed_on": "",
    "body": "经审查可以公开的正文。",
}

#: One edit of each part of the content the review covers (through the staff form).
EDITS = {
    "title": "关于2024年秋季招生的通知（含内部名单）",
    "body": "经审查可以公开的正文。另附：内部掌握的名单。",
    "doc_number": "测教〔2024〕8号",
    "index_no": "T-EDU/2024-8",
    "publisher": "测试县人民政府",
    "written_on": "2024-03-02",
    "published_on": "2024-03-06",
    "topic": "12",
}


@pytest.fixture
def item(client, county):
    """A draft made by the clerk on the staff page."""
    client.force_login(county.clerk_edu)
    assert client.post("/catalogue/new/", {**FORM, "unit": county.edu.pk}).status_code == 302
    client.logout()
    return CatalogueItem.objects.get(index_no=FORM["index_no"])


def _review(client, county, item):
    client.force_login(county.reviewer_edu)
    client.post(f"/catalogue/{item.pk}/review/", {"secrecy": "on"})
    item.refresh_from_db()
    assert (item.status, item.secrecy_reviewed) == (ItemStatus.REVIEWED, True)


def _publish(client, county, item) -> CatalogueItem:
    client.force_login(county.reviewer_edu)
    client.post(f"/catalogue/{item.pk}/review/", {"step": "publish"})
    item.refresh_from_db()
    return item


def _invalidations(item) -> list[dict]:
    return list(
        AuditLog.objects.filter(
            action="catalogue.review_invalidated", object_id=str(item.pk)
        ).values_list("data", flat=True)
    )


@pytest.mark.parametrize("field", sorted(EDITS))
def test_an_edit_after_the_review_undoes_it_and_publishing_is_refused(client, county, item, field):
    _review(client, county, item)
    client.force_login(county.clerk_edu)
    response = client.post(
        f"/catalogue/{item.pk}/edit/", {**FORM, "unit": county.edu.pk, field: EDITS[field]}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.secrecy_reviewed) == (ItemStatus.DRAFT, False)
    assert _invalidations(item) == [{"changed": [field]}]
    # the reviewer cannot publish the unreviewed text ...
    assert _publish(client, county, item).status == ItemStatus.DRAFT
    assert not AuditLog.objects.filter(action="catalogue.publish").exists()
    # ... until it is reviewed again
    _review(client, county, item)
    assert _publish(client, county, item).status == ItemStatus.PUBLISHED


def test_saving_the_same_content_keeps_the_review(client, county, item):
    _review(client, county, item)
    client.force_login(county.clerk_edu)
    page = client.get(f"/catalogue/{item.pk}/edit/").content.decode()
    assert "保密审查" in page  # the edit page warns that saving a change undoes the review
    client.post(f"/catalogue/{item.pk}/edit/", {**FORM, "unit": county.edu.pk})
    item.refresh_from_db()
    assert item.status == ItemStatus.REVIEWED and _invalidations(item) == []
    assert _publish(client, county, item).status == ItemStatus.PUBLISHED


def test_a_change_made_round_the_services_is_caught_at_publication(client, county, item):
    _review(client, county, item)
    CatalogueItem.objects.filter(pk=item.pk).update(body="未经审查的正文")
    client.force_login(county.reviewer_edu)
    response = client.post(f"/catalogue/{item.pk}/review/", {"step": "publish"}, follow=True)
    with translation.override(response["Content-Language"]):
        assert str(s.E_REVIEW_STALE) in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.secrecy_reviewed) == (ItemStatus.DRAFT, False)
    assert _invalidations(item) == [{"found_by": "publish"}]


def test_the_service_refuses_to_publish_changed_content(county, item):
    s.catalogue_item_review(item=item, secrecy_reviewed=True, actor=county.reviewer_edu)
    CatalogueItem.objects.filter(pk=item.pk).update(doc_number="测教〔2024〕9号")
    with pytest.raises(s.ProactiveError) as err:
        s.catalogue_item_publish(item=item, actor=county.reviewer_edu)
    assert err.value.message == str(s.E_REVIEW_STALE)
    assert CatalogueItem.objects.get(pk=item.pk).status == ItemStatus.DRAFT


# --- The admin


def _admin_form(item, **changes) -> dict:
    data = {
        **FORM,
        "unit": item.unit_id,
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_an_admin_edit_of_reviewed_content_undoes_the_review(client, county, item):
    _review(client, county, item)
    client.force_login(county.admin)
    url = reverse("admin:proactive_catalogueitem_change", args=[item.pk])
    # what the admin's form showed before: the item reviewed, its secrecy review done
    response = client.post(
        url, _admin_form(item, body="管理员改过的正文", status="reviewed", secrecy_reviewed="on")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert (item.status, item.secrecy_reviewed) == (ItemStatus.DRAFT, False)
    assert item.body == "管理员改过的正文"
    assert _invalidations(item) == [{"changed": ["body"]}]
    assert AuditLog.objects.filter(action="catalogue.edit", object_id=str(item.pk)).exists()


def test_an_attachment_added_in_the_admin_undoes_the_review(
    client, county, item, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _review(client, county, item)
    client.force_login(county.admin)
    url = reverse("admin:proactive_catalogueitem_change", args=[item.pk])
    data = _admin_form(
        item,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-name": "内部名单",
            "attachments-0-file": SimpleUploadedFile("list.txt", b"secret names"),
            "attachments-0-item": str(item.pk),
            "status": "reviewed",
            "secrecy_reviewed": "on",
        },
    )
    assert client.post(url, data).status_code == 302
    assert Attachment.objects.filter(item=item).count() == 1
    item.refresh_from_db()
    assert (item.status, item.secrecy_reviewed) == (ItemStatus.DRAFT, False)
    assert _invalidations(item) == [{"changed": ["attachments"]}]


def test_the_review_and_publication_are_not_the_admins_to_set(client, county, item):
    client.force_login(county.admin)
    url = reverse("admin:proactive_catalogueitem_change", args=[item.pk])
    response = client.post(url, _admin_form(item, status="published", secrecy_reviewed="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert (item.status, item.secrecy_reviewed) == (ItemStatus.DRAFT, False)


def test_the_admin_cannot_create_a_reviewed_or_published_item(client, county):
    client.force_login(county.admin)
    data = _admin_form(CatalogueItem(unit=county.edu), status="published", secrecy_reviewed="on")
    assert client.post(reverse("admin:proactive_catalogueitem_add"), data).status_code == 302
    created = CatalogueItem.objects.get(index_no=FORM["index_no"])
    assert (created.status, created.secrecy_reviewed) == (ItemStatus.DRAFT, False)


def test_a_published_item_is_read_only_in_the_admin(client, county, item):
    _review(client, county, item)
    _publish(client, county, item)
    client.force_login(county.admin)
    url = reverse("admin:proactive_catalogueitem_change", args=[item.pk])
    assert client.get(url).status_code == 200
    data = _admin_form(item, body="发布后改过的正文", status="published", secrecy_reviewed="on")
    assert client.post(url, data).status_code == 403
    item.refresh_from_db()
    assert item.body == FORM["body"] and item.status == ItemStatus.PUBLISHED
