"""A child process of ``test_race``: ``N`` notes on one application through the real
service, each saved with the version read just before (as a page does). A refused save
(someone else saved meanwhile) is read again and retried, as a person would after the
refusal message. Prints the number of refusals as JSON.

Usage: race_worker.py APPLICATION_PK USER_PK NAME N  (DATABASE_URL names the database;
it starts when a line arrives on stdin, so that both workers start together)."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from gongkai.web.applications import services as s  # noqa: E402
from gongkai.web.applications.models import Application  # noqa: E402

AS_OF = date(2024, 11, 20)


def main(app_pk: int, user_pk: int, name: str, n: int) -> None:
    actor = get_user_model().objects.get(pk=user_pk)
    print("ready", flush=True)
    sys.stdin.readline()
    refusals = 0
    for i in range(n):
        while True:
            app = Application.objects.get(pk=app_pk)
            try:
                s.application_note(
                    application=app,
                    on=AS_OF,
                    text=f"{name} {i}",
                    actor=actor,
                    as_of=AS_OF,
                    expected_version=app.version,
                )
                break
            except s.ServiceError as err:
                if err.message != str(s.E_STALE):
                    raise
                refusals += 1
    print(json.dumps({"refusals": refusals}), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
