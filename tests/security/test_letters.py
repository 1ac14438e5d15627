"""Issue 13, item 4: the supervisor (read-only) read applicants' personal data through
letters — the detail page hides the applicant's name from them, but the letter it links
answered 200 with it. A letter now obeys the detail page's rule
(``unit_can_view_personal_data``: the unit's staff, never a supervisor)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import docx
import pytest

from gongkai.web.applications import services as s

NAME = "欧阳保密"


@pytest.fixture
def letter(county, register, as_of):
    app = register(received_on=date(2024, 9, 27), applicant_name=NAME)
    app = s.application_reply(
        application=app,
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
        service_method="post",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    return s.letter_issue(application=app, kind="reply", actor=county.clerk_edu, as_of=as_of)


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_letters_name_the_applicant_only_to_the_units_staff(client, county, letter, fmt):
    app = letter.application
    for who in ("clerk_edu", "office"):  # the unit's staff see the name, on the page and
        client.force_login(getattr(county, who))  # in the letter
        assert NAME in client.get(f"/applications/{app.pk}/").content.decode()
        response = client.get(f"/applications/{app.pk}/letters/{letter.pk}.{fmt}")
        assert response.status_code == 200
        if fmt == "docx":
            assert NAME in _text(response.content)
    client.force_login(county.supervisor)
    page = client.get(f"/applications/{app.pk}/")
    assert page.status_code == 200 and NAME not in page.content.decode()  # the page's rule
    # ... which lists the letter without links it could not follow
    assert letter.title in page.content.decode()
    assert f"/letters/{letter.pk}.{fmt}" not in page.content.decode()
    response = client.get(f"/applications/{app.pk}/letters/{letter.pk}.{fmt}")
    assert response.status_code == 404  # ... and the letter's
    assert NAME.encode() not in response.content and not response.content.startswith(
        (b"%PDF", b"PK")
    )
