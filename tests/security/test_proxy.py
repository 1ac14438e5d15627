"""Issue 13, item 5: behind a proxy the limits counted every request under the proxy's
address — the whole county shared one bucket (five online applications an hour for
everyone, and anyone could lock a staff name out for all). The client's address is now
read from X-Forwarded-For, but only when the connection comes from a proxy named in
GONGKAI_TRUSTED_PROXIES, and only the part of it those proxies wrote."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from gongkai.web import settings as project_settings
from gongkai.web.applications.models import Application
from gongkai.web.throttle.services import client_address

PROXY = "127.0.0.1"  # nginx on the same machine, as docs/deploy.md sets it up
FORM = {
    "category": "np",
    "applicant_name": "赵六",
    "id_number": "130101199001015557",
    "phone": "13912340001",
    "description": "申请公开某文件",
    "form_wanted": "electronic",
}


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]


def _via_proxy(client_ip: str, forged: str = "") -> dict[str, str]:
    """The request nginx passes on: it appends the address it was connected from to
    whatever X-Forwarded-For the client sent ($proxy_add_x_forwarded_for)."""
    chain = f"{forged}, {client_ip}" if forged else client_ip
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def _apply(client, unit, **meta):
    return client.post(f"/open/apply/{unit.code}/", FORM, **meta)


def test_two_clients_behind_the_proxy_have_separate_buckets(client, county, behind_proxy):
    for _ in range(5):
        assert _apply(client, county.edu, **_via_proxy("198.51.100.7")).status_code == 302
    assert _apply(client, county.edu, **_via_proxy("198.51.100.7")).status_code == 429
    # another citizen behind the same proxy is not refused for the first one's applications
    assert _apply(client, county.edu, **_via_proxy("198.51.100.8")).status_code == 302
    assert Application.objects.count() == 6


def test_a_staff_name_is_not_locked_for_everyone_behind_the_proxy(client, county, behind_proxy):
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "office", "password": "wrong"},
            **_via_proxy("198.51.100.66"),
        )
    refused = client.post(
        "/accounts/login/",
        {"username": "office", "password": "pw-office"},
        **_via_proxy("198.51.100.66"),
    )
    assert refused.status_code == 429
    # the office itself, at its own address behind the same proxy, still logs in
    response = client.post(
        "/accounts/login/",
        {"username": "office", "password": "pw-office"},
        **_via_proxy("198.51.100.7"),
    )
    assert response.status_code == 302


def test_a_forged_x_forwarded_for_behind_the_proxy_does_not_escape(client, county, behind_proxy):
    """The client's own X-Forwarded-For ends up to the left of what the proxy appends;
    changing it each time gets no fresh bucket."""
    for n in range(5):
        meta = _via_proxy("198.51.100.7", forged=f"192.0.2.{n}, 10.0.0.{n}")
        assert _apply(client, county.edu, **meta).status_code == 302
    meta = _via_proxy("198.51.100.7", forged="192.0.2.99")
    assert _apply(client, county.edu, **meta).status_code == 429


@pytest.mark.parametrize("trusted", [[], ["10.0.0.0/8"]])
def test_a_forged_x_forwarded_for_from_an_untrusted_peer_does_not_escape(
    client, county, settings, trusted
):
    """Straight to gongkai (no proxy configured, or a peer that is not the proxy): the
    header is ignored, whatever it says — even that the client is the trusted proxy."""
    settings.TRUSTED_PROXIES = trusted
    for n in range(5):
        meta = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        assert _apply(client, county.edu, **meta).status_code == 302
    for forged in ("198.51.100.200", "10.0.0.1", "127.0.0.1", "garbage"):
        meta = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": forged}
        assert _apply(client, county.edu, **meta).status_code == 429
    assert Application.objects.count() == 5


TRUSTED = ["127.0.0.1/32", "10.0.0.0/8", "2001:db8:1::/48"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.5", "", "203.0.113.5"),
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),  # untrusted peer: header ignored
        ("127.0.0.1", "", "127.0.0.1"),  # the proxy's own request
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),
        ("127.0.0.1", "198.51.100.9, 198.51.100.1", "198.51.100.1"),  # left part forged
        ("127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"),  # two trusted hops
        ("127.0.0.1", "10.9.9.9, 10.1.2.3", "10.9.9.9"),  # every hop trusted: the first
        ("127.0.0.1", "198.51.100.1,,  ", "198.51.100.1"),  # empty entries are skipped
        ("127.0.0.1", "unknown", "127.0.0.1"),  # not an address: the proxy's bucket
        ("127.0.0.1", "198.51.100.1, unknown", "127.0.0.1"),
        ("127.0.0.1", "198.51.100.1:51234", "198.51.100.1"),  # with a port
        ("127.0.0.1", "[2001:db8::7]:443", "2001:db8::7"),
        ("127.0.0.1", "2001:0db8:0000::0007", "2001:db8::7"),  # one spelling per address
        ("127.0.0.1", "::ffff:198.51.100.1", "198.51.100.1"),  # IPv4 mapped into IPv6
        ("2001:db8:1::2", "198.51.100.1", "198.51.100.1"),  # an IPv6 proxy network
        ("::ffff:127.0.0.1", "198.51.100.1", "198.51.100.1"),
        ("2001:db8:2::2", "198.51.100.1", "2001:db8:2::2"),  # outside the network
    ],
)
def test_client_address(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = TRUSTED
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_the_setting_is_read_as_networks_and_a_bad_entry_stops_the_start(monkeypatch):
    monkeypatch.setenv("GONGKAI_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8 ,::1,")
    assert project_settings._trusted_proxies() == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    monkeypatch.delenv("GONGKAI_TRUSTED_PROXIES")
    assert project_settings._trusted_proxies() == []
    for bad in ("proxy.example", "10.0.0.5/8", "10.0.0.256"):
        monkeypatch.setenv("GONGKAI_TRUSTED_PROXIES", bad)
        with pytest.raises(ImproperlyConfigured, match="GONGKAI_TRUSTED_PROXIES"):
            project_settings._trusted_proxies()
