"""A normative document and its interpretation (政策解读): published together, or one
alone only with a reason recorded; linked both ways on the portal; the annual report
page warns of normative documents of the year without one."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive import services as s
from gongkai.web.proactive.interpretation import (
    E_ALONE,
    E_PARTNER_STALE,
    normative_without_interpretation,
)
from gongkai.web.proactive.models import CatalogueItem, DocKind, ItemStatus
from gongkai.web.units.models import Unit

pytestmark = pytest.mark.django_db


def _draft(county, n, **kw):
    data = {
        "unit": county.edu,
        "index_no": f"T-EDU/2024-P{n}",
        "publisher": "测试县教育局",
        "title": f"文件{n}",
        "topic": 1,
        "published_on": date(2024, 6, 1),
    } | kw
    return s.catalogue_item_save(item=CatalogueItem(**data), actor=county.clerk_edu)


def _review(county, item):
    return s.catalogue_item_review(item=item, secrecy_reviewed=True, actor=county.reviewer_edu)


@pytest.fixture
def pair(county):
    doc = _draft(
        county,
        1,
        title="测试县教育局关于规范校外培训的若干规定",
        kind=DocKind.NORMATIVE,
        issued_on=date(2024, 6, 1),
        doc_number="测教规〔2024〕1号",
    )
    interp = _draft(county, 2, title="《关于规范校外培训的若干规定》政策解读", interprets=doc)
    return doc, interp


def test_a_normative_document_alone_is_refused(county, pair):
    doc, _interp = pair
    _review(county, doc)
    with pytest.raises(s.ProactiveError) as err:
        s.catalogue_item_publish(item=doc, actor=county.reviewer_edu)
    assert err.value.message == str(E_ALONE)
    doc.refresh_from_db()
    assert doc.status == ItemStatus.REVIEWED


def test_published_together(county, pair):
    doc, interp = pair
    _review(county, doc)
    _review(county, interp)
    s.catalogue_item_publish(item=doc, actor=county.reviewer_edu)
    doc.refresh_from_db()
    interp.refresh_from_db()
    assert doc.status == interp.status == ItemStatus.PUBLISHED
    together = AuditLog.objects.get(action="catalogue.publish", object_id=str(interp.pk))
    assert together.data == {"together_with": doc.pk}


def test_published_alone_with_a_reason_recorded(county, pair):
    doc, interp = pair
    _review(county, interp)  # the interpretation cannot go without its document either
    with pytest.raises(s.ProactiveError):
        s.catalogue_item_publish(item=interp, actor=county.reviewer_edu)
    _review(county, doc)
    s.catalogue_item_publish(
        item=doc, actor=county.reviewer_edu, alone_reason="  紧急发布，解读随后补发  "
    )
    doc.refresh_from_db()
    interp.refresh_from_db()
    assert (doc.status, interp.status) == (ItemStatus.PUBLISHED, ItemStatus.PUBLISHED)
    # the interpretation was reviewed, so it went with the document; no reason was needed
    assert doc.published_alone_reason == ""


def test_a_document_with_no_interpretation_needs_the_reason(county):
    doc = _draft(county, 3, kind=DocKind.ORDINARY, is_policy=True)
    _review(county, doc)
    s.catalogue_item_publish(item=doc, actor=county.reviewer_edu, alone_reason="解读正在起草")
    doc.refresh_from_db()
    assert doc.status == ItemStatus.PUBLISHED and doc.published_alone_reason == "解读正在起草"
    log = AuditLog.objects.get(action="catalogue.published_alone")
    assert log.data == {"reason": "解读正在起草", "partner": None}


def test_an_ordinary_item_is_published_as_before(county):
    item = _draft(county, 4)
    _review(county, item)
    s.catalogue_item_publish(item=item, actor=county.reviewer_edu)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED


def test_the_portal_links_both_ways(client, county, pair):
    doc, interp = pair
    _review(county, doc)
    _review(county, interp)
    s.catalogue_item_publish(item=interp, actor=county.reviewer_edu)
    page = client.get(f"/open/catalogue/{doc.pk}/").content.decode()
    assert f'href="/open/catalogue/{interp.pk}/"' in page and "政策解读：" in page
    page = client.get(f"/open/catalogue/{interp.pk}/").content.decode()
    assert f'href="/open/catalogue/{doc.pk}/"' in page and "解读的文件：" in page


def test_the_report_page_warns_of_documents_without_interpretation(client, county, pair):
    doc, _interp = pair
    _review(county, doc)
    s.catalogue_item_publish(item=doc, actor=county.reviewer_edu, alone_reason="解读随后补发")
    units = Unit.objects.filter(pk=county.edu.pk)
    assert list(normative_without_interpretation(units=units, year=2024)) == [doc]
    assert not normative_without_interpretation(units=units, year=2023).exists()
    client.force_login(county.office)
    page = client.get(f"/reports/{county.edu.code}/2024/").content.decode()
    assert "本年度发布的1件行政规范性文件或政策性文件没有发布政策解读" in page
    assert doc.title in page
    page = client.get(f"/reports/{county.gov.code}/2024/?scope=subtree").content.decode()
    assert doc.title in page
    page = client.get(f"/reports/{county.gov.code}/2024/").content.decode()
    assert doc.title not in page


def test_the_form_links_an_interpretation_to_a_document_of_the_unit(client, county, pair):
    doc, _interp = pair
    client.force_login(county.clerk_edu)
    base = {
        "unit": county.edu.pk,
        "publisher": "测试县教育局",
        "title": "政策解读",
        "topic": 1,
        "kind": "ordinary",
    }
    response = client.post(
        "/catalogue/new/", base | {"index_no": "T-EDU/2024-P9", "interprets": doc.pk}
    )
    assert response.status_code == 200  # one interpretation per document
    assert "该文件已关联政策解读" in response.content.decode()
    assert not CatalogueItem.objects.filter(index_no="T-EDU/2024-P9").exists()
    other = _draft(county, 5, kind=DocKind.ORDINARY, is_policy=True)
    response = client.post(
        "/catalogue/new/", base | {"index_no": "T-EDU/2024-P10", "interprets": other.pk}
    )
    assert response.status_code == 302
    assert CatalogueItem.objects.get(index_no="T-EDU/2024-P10").interprets == other


def test_a_partner_changed_after_its_review_stops_both(county, pair):
    doc, interp = pair
    _review(county, doc)
    _review(county, interp)
    # changed by a way round the services: its content is no longer the reviewed content
    CatalogueItem.objects.filter(pk=interp.pk).update(body="改过的解读")
    with pytest.raises(s.ProactiveError) as err:
        s.catalogue_item_publish(item=doc, actor=county.reviewer_edu)
    assert err.value.message == str(E_PARTNER_STALE)
    doc.refresh_from_db()
    interp.refresh_from_db()
    assert doc.status == interp.status == ItemStatus.REVIEWED
