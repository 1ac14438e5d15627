"""A child process of ``test_letter_race``: issues the reply letters of the applications
named, through the real service, as fast as it can. Prints the numbers it got as JSON.

Usage: letter_race_worker.py PK [PK...]  (DATABASE_URL names the database; it starts when
a line arrives on stdin, so that all workers start together)."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")

import django

django.setup()

from gongkai.web.applications import services as s  # noqa: E402
from gongkai.web.applications.models import Application  # noqa: E402

AS_OF = date(2024, 11, 20)


def main(pks: list[int]) -> None:
    print("ready", flush=True)
    sys.stdin.readline()
    numbers = [
        s.letter_issue(
            application=Application.objects.get(pk=pk), kind="reply", actor=None, as_of=AS_OF
        ).number
        for pk in pks
    ]
    print(json.dumps(numbers), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]])
