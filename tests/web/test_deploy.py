"""Production settings: `manage.py check --deploy` is clean, and every page carries a
Content-Security-Policy that keeps other origins out."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "GONGKAI_HOME": str(tmp_path),
        "GONGKAI_HTTPS": "1",
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("GONGKAI_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "gongkai.cli.main",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_without_https_the_deploy_check_says_what_is_missing(tmp_path):
    env = {
        **os.environ,
        "GONGKAI_HOME": str(tmp_path),
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("GONGKAI_HTTPS", None)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "gongkai.cli.main",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0 and "SECURE_HSTS_SECONDS" in out.stdout + out.stderr


def test_pages_carry_a_content_security_policy(client, county):
    for url in ("/open/", "/accounts/login/"):
        csp = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp


@pytest.mark.django_db
def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert client.post("/healthz").status_code == 405
