"""The project's template filters and the list helpers on models, against what Django's
own filters print."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.text import Truncator
from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.web.applications.models import BRIEF, Application, Status


def _render(source: str, **context: object) -> str:
    return Template("{% load gongkai %}" + source).render(Context(context))


@given(st.dates())
def test_iso_date_prints_a_date_as_django_date_filter_does(day: date) -> None:
    assert _render("{{ d|iso_date }}", d=day) == _render('{{ d|date:"Y-m-d" }}', d=day)


def test_iso_date_of_a_datetime_is_the_local_day() -> None:
    # 20:00 UTC is already the next day in Asia/Shanghai (settings.TIME_ZONE).
    moment = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    assert _render("{{ d|iso_date }}", d=moment) == "2026-11-27"
    assert _render('{{ d|date:"Y-m-d" }}', d=moment) == "2026-11-27"


@pytest.mark.parametrize("value", [None, "", "2026-11-26", 0])
def test_iso_date_of_anything_else_is_empty_and_default_applies(value: object) -> None:
    assert _render('{{ d|iso_date|default:"—" }}', d=value) == "—"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_status_label_is_the_status_display(language: str) -> None:
    with translation.override(language):
        for status in Status:
            app = Application(status=status)
            assert app.status_label == app.get_status_display()
    with translation.override("zh-hans"):
        assert Application(status=Status.IN_PROGRESS).status_label == "办理中"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Mn", "Mc", "Me"))))
def test_description_brief_cuts_as_truncatechars(language: str, text: str) -> None:
    # Truncator also skips combining marks and normalises to NFC; requests are typed text.
    assume(unicodedata.normalize("NFC", text) == text)
    with translation.override(language):
        brief = Application(description=text).description_brief
        assert brief == Truncator(text).chars(BRIEF)
    assert len(brief) <= BRIEF
    assert brief == text or len(text) > BRIEF
