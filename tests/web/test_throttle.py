"""Limits on failed logins, online applications and status lookups, per address."""

from __future__ import annotations

from gongkai.web.applications.models import Application

FORM = {
    "category": "np",
    "applicant_name": "赵六",
    "id_number": "130101199001015557",
    "phone": "13912340001",
    "description": "申请公开某文件",
    "form_wanted": "electronic",
}


def test_failed_logins_are_limited_per_address_and_user(client, county):
    for _ in range(5):
        assert (
            client.post(
                "/accounts/login/", {"username": "clerk_edu", "password": "wrong"}
            ).status_code
            == 200
        )
    refused = client.post("/accounts/login/", {"username": "clerk_edu", "password": "pw-clerk_edu"})
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    # another user from the same address, and the same user from elsewhere, still get in
    assert (
        client.post("/accounts/login/", {"username": "office", "password": "pw-office"}).status_code
        == 302
    )
    client.logout()
    assert (
        client.post(
            "/accounts/login/",
            {"username": "clerk_edu", "password": "pw-clerk_edu"},
            REMOTE_ADDR="10.1.1.1",
        ).status_code
        == 302
    )


def test_a_successful_login_clears_the_count(client, county):
    for _ in range(4):
        client.post("/accounts/login/", {"username": "clerk_edu", "password": "wrong"})
    assert (
        client.post(
            "/accounts/login/", {"username": "clerk_edu", "password": "pw-clerk_edu"}
        ).status_code
        == 302
    )
    client.logout()
    for _ in range(4):
        assert (
            client.post(
                "/accounts/login/", {"username": "clerk_edu", "password": "wrong"}
            ).status_code
            == 200
        )


def test_online_applications_are_limited_per_address(client, county):
    for _ in range(5):
        assert client.post(f"/open/apply/{county.edu.code}/", FORM).status_code == 302
    assert client.post(f"/open/apply/{county.edu.code}/", FORM).status_code == 429
    assert Application.objects.count() == 5
    assert (
        client.post(f"/open/apply/{county.edu.code}/", FORM, REMOTE_ADDR="10.2.2.2").status_code
        == 302
    )


def test_status_lookups_are_limited_per_address(client, county):
    for _ in range(20):
        assert (
            client.post(
                "/open/status/", {"tracking_code": "GKNOPE", "phone_last4": "0000"}
            ).status_code
            == 200
        )
    assert (
        client.post("/open/status/", {"tracking_code": "GKNOPE", "phone_last4": "0001"}).status_code
        == 429
    )
    assert client.get("/open/status/").status_code == 200  # the page itself stays open
