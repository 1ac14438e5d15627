"""No English word in the Chinese UI: every staff page (the PAGES of test_permissions), the
public portal, the audit log and the administration (its index, every changelist, add
form and a change form of each model) is rendered in zh-hans for each role, and its
visible text (tags, scripts, styles and <code> left out; placeholders, titles and button
labels kept) must hold no run of Latin letters but the few shown on purpose."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from test_permissions import PAGES, PUBLIC

from gongkai.web.proactive.models import CatalogueItem, ItemStatus
from gongkai.web.proactive.services import catalogue_item_save
from gongkai.web.reports import services as reports

#: Latin words shown on purpose: file formats, text encodings, product names (gongkai
#: itself, Excel, Word) and the keys named in Django's own Chinese (按住 Control 键或 Mac 上的
#: Command 键); everything else must be translated.
ALLOWED = {
    *("PDF", "DOCX", "XLSX", "HTML", "CSV", "JSON", "MD", "ID", "URL", "SVG", "ZIP", "MB"),
    *("GBK", "UTF", "gongkai", "Excel", "Word"),
    "YAML",  # the scoring scheme's file format (the evaluation workspace)
    *("Control", "Command", "Mac", "LDAP"),
}


class _Text(HTMLParser):
    SKIP = {"script", "style", "code", "textarea", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1
        a = dict(attrs)
        for name in ("placeholder", "title"):
            if a.get(name):
                self.parts.append(a[name] or "")
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.parts.append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def english_words(html: str, data: list[str]) -> set[str]:
    parser = _Text()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for value in sorted(data, key=len, reverse=True):  # the test's own data, not UI text
        text = text.replace(value, " ")
    text = re.sub(r"https?://\S+|/[\w./?=&-]*", " ", text)  # addresses shown as such
    text = re.sub(r"\bGK[A-HJ-NP-Z2-9]{10}\b", " ", text)  # tracking codes (查询码)
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED}


def test_the_scanner_finds_english_and_skips_code() -> None:
    html = (
        '<p>单位 Unit <code>report.edit</code></p><script>var x = "y";</script>'
        '<input type="submit" value="Save"><input placeholder="搜索"><a href="/x/">PDF</a>'
    )
    assert english_words(html, []) == {"Unit", "Save"}


@pytest.fixture
def world(county, register):
    app = register(unit=county.edu, received_on=date(2024, 9, 27))
    item = catalogue_item_save(
        item=CatalogueItem(
            unit=county.edu,
            index_no="T-EDU/2024-1",
            publisher="测试县教育局",
            title="招生方案",
            topic=11,
            published_on=date(2024, 3, 1),
        ),
        actor=county.office,
    )
    published = catalogue_item_save(
        item=CatalogueItem(
            unit=county.edu,
            index_no="T-EDU/2024-2",
            publisher="测试县教育局",
            title="收费标准",
            topic=8,
            published_on=date(2024, 3, 2),
        ),
        actor=county.office,
    )
    CatalogueItem.objects.filter(pk=published.pk).update(
        status=ItemStatus.PUBLISHED, secrecy_reviewed=True
    )
    v = reports.report_version_open(unit=county.edu, year=2024, scope="unit", actor=county.office)
    v = reports.report_save_narrative(
        version=v, sec1="总体情况", sec5="问题", sec6="其他", actor=county.office
    )
    v = reports.report_submit(version=v, actor=county.reviewer_edu)
    for step in (reports.report_approve, reports.report_publish):
        v = step(version=v, actor=county.office)
    users = [county.clerk_edu, county.reviewer_edu, county.office, county.supervisor, county.admin]
    data = [app.tracking_code, "T-EDU", "T-ENV", "T-TOWN", "T-EDU/2024-1", "T-EDU/2024-2"]
    data += [u.username for u in (*users, county.clerk_env, county.reviewer_env, county.outsider)]
    return SimpleNamespace(app=app, item=item, unit=county.edu, county=county, data=data)


def _check(client, url: str, data: list[str]) -> str | None:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return None
    words = english_words(response.content.decode(), data)
    return f"{url}: {sorted(words)}" if words else None


STAFF_PAGES = sorted(n for n, (m, _) in PAGES.items() if m == "GET")


@pytest.mark.parametrize("who", ["clerk_edu", "reviewer_edu", "office", "supervisor", "admin"])
def test_staff_pages_are_all_chinese(client, world, who):
    client.force_login(getattr(world.county, who))
    urls = [PAGES[n][1](world) for n in STAFF_PAGES]
    urls += ["/applications/?unit=T-EDU", f"/catalogue/{world.item.pk}/edit/", "/?unit=T-EDU"]
    found = [f for url in urls if (f := _check(client, url, world.data))]
    assert not found, "English in the Chinese UI:\n" + "\n".join(found)


@pytest.mark.parametrize("who", [None, "office"])
def test_public_pages_are_all_chinese(client, world, who):
    if who:
        client.force_login(getattr(world.county, who))
    urls = [PUBLIC[n](world) for n in sorted(PUBLIC)] + ["/"]
    found = [f for url in urls if (f := _check(client, url, world.data))]
    assert not found, "English in the Chinese UI:\n" + "\n".join(found)


def test_admin_is_all_chinese(client, world):
    for user in get_user_model().objects.all():  # no password hash (md5 …) on the page
        user.set_unusable_password()
        user.save()
    client.force_login(world.county.admin)
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            )
    found = [f for url in dict.fromkeys(urls) if (f := _check(client, url, world.data))]
    assert not found, "English in the Chinese admin:\n" + "\n".join(found)
