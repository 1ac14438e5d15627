"""Issue 13, item 11: sixteen simultaneous wrong logins for one account, against a limit of
five. Each attempt is counted before the password is checked, under a lock on its key
(PostgreSQL: an advisory lock; SQLite: the write lock its IMMEDIATE transactions take), so
exactly five are checked and eleven are refused — never six.

Sixteen threads, each with its own client and its own database connection, released at
once; checking a password is made slow (0.2 s) so that every attempt is in flight before
the first one is counted the old way."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.backends import ModelBackend
from django.db import connections
from django.test import Client

from gongkai.web.throttle.models import Hit

N = 16


def _race(monkeypatch, url: str, username: str) -> tuple[list[int], int]:
    checked = []
    lock = threading.Lock()
    authenticate = ModelBackend.authenticate

    def slow_authenticate(self, request, username=None, password=None, **kwargs):
        with lock:
            checked.append(username)
        time.sleep(0.2)
        return authenticate(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", slow_authenticate)
    barrier = threading.Barrier(N)
    answers: list[int] = []

    def attempt(i: int) -> None:
        client = Client()
        try:
            barrier.wait()
            # a different spelling of the same name in each thread
            response = client.post(url, {"username": " " * i + username, "password": "wrong"})
            with lock:
                answers.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return sorted(answers), len(checked)


@pytest.mark.django_db(transaction=True)  # each thread has its own connection
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_simultaneous_wrong_logins_are_checked_only_up_to_the_limit(county, monkeypatch, url):
    answers, checked = _race(monkeypatch, url, "admin")
    assert answers == [200] * 5 + [429] * (N - 5)
    assert checked == 5
    assert Hit.objects.filter(key__startswith="login:").count() == 5
