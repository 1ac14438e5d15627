"""Issue 13, item 10: malformed query and form values answered 500 (`/catalogue/counts/?year=abc`,
`/reports/<unit>/99999/`, the consultation-answered POST with `event=abc`). Every URL of
the site (walked from the URL resolver, as tests/web/test_permissions.py does) now gets
junk in every parameter it reads — its path's, its query's, each field of each form it
shows — as the county's office and as anonymous, and must answer without a 5xx.

The parameters a URL reads are found, not listed: a first request records every key the
view looks up in ``request.GET``/``POST``/``FILES`` (forms read theirs the same way), and
the page's own forms add their fields (with the values they carry, so that a junk value
in one field reaches the code behind the others)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters
from django.utils.datastructures import MultiValueDict

from gongkai.web.applications import services as apps
from gongkai.web.applications.extensions import extension_request
from gongkai.web.proactive.models import (
    CatalogueItem,
    Column,
    ImportJob,
    ItemStatus,
    LexiconEntry,
    ReadingRoom,
)
from gongkai.web.reports import services as reports
from support import NARRATIVE
from web.test_permissions import PAGES, PUBLIC

JUNK = [
    "abc",
    "-1",
    "99999999999999999999",
    "",
    "9" * 5000,  # a very long string
    "测试\u202e𠀀😀",  # unicode: CJK, a right-to-left override, astral characters
    "../../etc/passwd",
    "NaN",
    "\x00",
]
#: What a person types into an empty field of each kind, so that a junk value in one field
#: reaches the code behind the others' checks.
FILL = {
    "date": "2024-10-10",
    "number": "1",
    "email": "someone@example.com",
    "text": "x",
    "textarea": "x",
}
#: Values that may stand in a path parameter, by converter.
PATH_JUNK = {
    "int": ["0", "1999", "99999", "99999999999999999999"],
    "str": ["abc", "测试\u202e😀", "..", "9" * 500, "\x00"],
    "slug": ["abc", "-1", "9" * 500],
}
#: Django's own pages: where they are reached, with the keyword arguments they need.
FRAMEWORK_URLS = {
    "login": "/accounts/login/",
    "logout": "/accounts/logout/",
    "password_change": "/accounts/password_change/",
    "password_change_done": "/accounts/password_change/done/",
    "password_reset": "/accounts/password_reset/",
    "password_reset_done": "/accounts/password_reset/done/",
    "password_reset_confirm": "/accounts/reset/MQ/set-password/",
    "password_reset_complete": "/accounts/reset/done/",
}


@pytest.fixture
def world(county, register, as_of):
    """One of everything a URL can name: an application of 教育局 in consultation with a
    letter issued, a published catalogue item, a published report."""
    app = register(unit=county.edu, received_on=date(2024, 9, 27))
    app = apps.application_consultation_start(
        application=app, on=date(2024, 10, 8), party="第三方", actor=county.clerk_edu, as_of=as_of
    )
    letter = apps.letter_issue(
        application=app, kind="consultation", actor=county.clerk_edu, as_of=as_of
    )
    item = CatalogueItem.objects.create(
        unit=county.edu,
        index_no="T-EDU/2024-1",
        publisher="测试县教育局",
        title="招生方案",
        topic=11,
        published_on=date(2024, 3, 1),
        status=ItemStatus.PUBLISHED,
        secrecy_reviewed=True,
    )
    v = reports.report_version_open(unit=county.edu, year=2024, scope="unit", actor=county.office)
    v = reports.report_save_narrative(version=v, actor=county.clerk_edu, **NARRATIVE)
    v = reports.report_submit(version=v, actor=county.clerk_edu)
    for step in (reports.report_approve, reports.report_publish):
        v = step(version=v, actor=county.office)
    job = ImportJob.objects.create(filename="c.xlsx", sha256="0" * 64, created_by=county.office)
    case = apps.appeal_create(
        application=app,
        kind="review",
        result="pending",
        filed_on=date(2024, 10, 20),
        decided_on=None,
        actor=county.clerk_edu,
        as_of=as_of,
    )
    extension = extension_request(
        application=app,
        on=date(2024, 10, 9),
        days=10,
        reason="需调取档案",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    column = Column.objects.create(unit=county.edu, name="工作动态", category="news", rule_days=14)
    entry = LexiconEntry.objects.create(wrong="示列县", correct="测试县", category="own_name")
    room = ReadingRoom.objects.create(
        unit=county.edu, name="查阅点", address="路1号", hours="工作日"
    )
    return SimpleNamespace(
        app=app,
        item=item,
        unit=county.edu,
        county=county,
        letter=letter,
        job=job,
        case=case,
        extension=extension,
        column=column,
        entry=entry,
        room=room,
    )


# --- Which keys a view reads


class _Recorder:
    keys: set[str] | None = None


def _recording(method):
    def wrapper(self, key, *args, **kwargs):
        if _Recorder.keys is not None and isinstance(self, QueryDict) and isinstance(key, str):
            _Recorder.keys.add(key)
        return method(self, key, *args, **kwargs)

    return wrapper


@pytest.fixture
def recorder(monkeypatch):
    """Records the keys looked up in any request's GET or POST."""
    for name in ("__getitem__", "get", "getlist", "__contains__", "pop"):
        monkeypatch.setattr(MultiValueDict, name, _recording(getattr(MultiValueDict, name)))
    return _Recorder


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _Forms(HTMLParser):
    """The forms of a page, each with its fields and the values they carry (a select's
    first or selected option, a checked box's value)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url, self.forms, self.names = url, [], set()
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.url
            if action.startswith("?"):
                action = self.url.split("?")[0] + action
            self._form = Form(a.get("method", "get").upper(), action)
            self.forms.append(self._form)
        elif tag == "a" and "?" in a.get("href", ""):
            self.names.update(re.findall(r"[?&]([^=&#]+)=", a["href"]))
        name = a.get("name")
        if self._form is None or not name or tag not in ("input", "select", "textarea", "button"):
            if (
                tag == "option"
                and self._form is not None
                and self._select
                and (self._select not in self._form.fields or "selected" in a)
            ):
                self._form.fields[self._select] = a.get("value", "")
            return
        if tag == "select":
            self._select = name
            return
        if a.get("type") in ("checkbox", "radio") and "checked" not in a:
            self._form.fields.setdefault(name, "")
            return
        if tag == "button" and name in self._form.fields:
            return
        kind = "textarea" if tag == "textarea" else a.get("type", "text")
        self._form.fields[name] = a.get("value") or FILL.get(kind, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


# --- The URLs


def _patterns(resolver=None, prefix="") -> Iterator[tuple[str, str]]:
    """(name, route) of every named URL but the admin's and the JSON API's (whose every
    operation gets generated junk from its own schema: tests/web/test_api_contract.py)."""
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin" or p.namespace == "api-v1":
                continue
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield p.name, prefix + str(p.pattern)


def _urls(world) -> dict[str, str]:
    urls = {name: build(world) for name, (_, build) in PAGES.items()}
    urls |= {name: build(world) for name, build in PUBLIC.items()}
    urls |= FRAMEWORK_URLS
    urls["letter_download"] = f"/applications/{world.app.pk}/letters/{world.letter.pk}.pdf"
    urls["import_job"] = f"/catalogue/counts/imports/{world.job.pk}/"
    return urls


def _converter(param: str) -> str:
    return param[1:-1].split(":")[0] if ":" in param else "str"


def _path_variants(route: str, url: str) -> Iterator[str]:
    """The URL with each of its path parameters replaced by junk of its converter's kind."""
    parts = re.split(r"(<[^>]+>)", route)
    params = [p for p in parts if p.startswith("<")]
    regex = "".join(
        f"({get_converters()[_converter(p)].regex})" if p.startswith("<") else re.escape(p)
        for p in parts
    )
    m = re.fullmatch(regex, url.lstrip("/"))
    if m is None:
        return
    for i, param in enumerate(params):
        for junk in PATH_JUNK.get(_converter(param), PATH_JUNK["int"]):
            values = iter([*m.groups()[:i], junk, *m.groups()[i + 1 :]])
            yield "/" + "".join(next(values) if x.startswith("<") else x for x in parts)


_addresses = (f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in itertools.count(1))


def _send(client: Client, method: str, url: str, data: dict[str, Any]) -> int:
    extra = {"REMOTE_ADDR": next(_addresses)}  # no limit on attempts gets in the way
    if method == "GET":
        return client.get(url, data, **extra).status_code
    return client.post(url, data, **extra).status_code


# --- The faults as reported


def test_the_reported_urls_answer_without_5xx(client, world):
    client.force_login(world.county.office)
    assert client.get("/catalogue/counts/?year=abc").status_code == 200
    assert client.get("/catalogue/counts/?year=99999999999999999999").status_code == 200
    assert client.get(f"/reports/{world.unit.code}/99999/").status_code == 404
    assert client.get(f"/open/reports/{world.unit.code}/99999/").status_code == 404
    assert client.post("/calendar/99999/delete/").status_code == 404
    url = f"/applications/{world.app.pk}/consultation-answered/"
    consultation = world.app.events.get(kind="consultation").pk
    for event, version in (("abc", world.app.version), (consultation, "abc")):
        response = client.post(url, {"event": event, "on": "2024-10-10", "version": version})
        assert response.status_code == 302
    world.app.refresh_from_db()
    assert world.app.status == "consulting"  # nothing was answered


def test_a_nul_character_is_refused_with_a_chinese_400_page(client, world):
    for response in (
        client.get("/open/catalogue/", {"q": "a\x00b"}),
        client.get("/open/units/\x00/"),
        client.post("/open/status/", {"tracking_code": "\x00", "phone_last4": "1234"}),
    ):
        assert response.status_code == 400
        body = response.content.decode()
        assert "请求无效" in body and 'href="/open/"' in body
        assert "default-src 'self'" in response["Content-Security-Policy"]


def test_backup_to_a_missing_folder_exits_1_with_the_reason(county, tmp_path):
    from click.testing import CliRunner

    from gongkai.cli.main import cli

    target = tmp_path / "no-such-folder" / "x.zip"
    result = CliRunner().invoke(cli, ["backup", str(target)])
    assert result.exit_code == 1
    assert f"the folder {target.parent} does not exist" in result.output
    assert "Traceback" not in result.output and not target.parent.exists()


# --- Junk everywhere


def _method(name: str) -> str:
    return PAGES[name][0] if name in PAGES else "GET"


@pytest.mark.parametrize("who", ["office", None])
def test_no_junk_value_in_any_parameter_of_any_url_answers_5xx(world, recorder, who):
    routes = dict(_patterns())
    client = Client(raise_request_exception=False)
    failures: list[str] = []
    sent = 0

    def login() -> None:
        if who is not None:
            client.force_login(getattr(world.county, who))

    def send(method: str, url: str, data: dict[str, Any]) -> None:
        nonlocal sent
        sent += 1
        status = _send(client, method, url, data)
        if status >= 500:
            shown = {k: (v[:20] + "…" if len(v) > 20 else v) for k, v in data.items()}
            failures.append(f"{status} {method} {url[:120]} {shown}")
        if url.startswith(FRAMEWORK_URLS["logout"]):
            login()

    for name, url in sorted(_urls(world).items()):
        login()
        # What the view reads, by method, and the forms its page shows.
        read: dict[str, set[str]] = {}
        forms: list[Form] = []
        for method in ("GET", "POST"):
            _Recorder.keys = set()
            status = _send(client, method, url, {})
            read[method] = _Recorder.keys - {"csrfmiddlewaretoken"}
            _Recorder.keys = None
            if url.startswith(FRAMEWORK_URLS["logout"]):
                login()
            if method == "GET" and status == 200:
                parser = _Forms(url)
                parser.feed(client.get(url).content.decode(errors="replace"))
                forms = parser.forms
                read[method] |= parser.names
        # Junk in every key read, all at once and each alone.
        for method, keys in read.items():
            for junk in JUNK:
                if keys:
                    send(method, url, dict.fromkeys(keys, junk))
                if len(keys) > 1:
                    for key in sorted(keys):
                        send(method, url, {key: junk})
        # Junk in each field of each form, the others as the page filled them.
        for form in forms:
            fields = {k: v for k, v in form.fields.items() if k != "csrfmiddlewaretoken"}
            for key, junk in itertools.product(sorted(fields), JUNK):
                send(form.method, form.action, {**fields, key: junk})
        # Junk in each path parameter.
        if name in routes:
            for variant in _path_variants(routes[name], url):
                send(_method(name), variant, {})
    print(f"{sent} requests as {who or 'anonymous'}")
    # Every URL was reached (a new URL needs its entry in test_permissions.PAGES).
    assert set(routes) <= set(_urls(world))
    assert not failures, f"{len(failures)} of {sent} requests answered 5xx:\n" + "\n".join(
        failures[:1000]
    )
