"""Issue 13, item 13: an uploaded identity document could be opened by nobody in the web
application — the admin linked it to /media/identity/… (404: var/private is never served
as media) and the unit's staff got no link. Now the unit's staff (the rule of the
application page's personal data, ``unit_can_view_personal_data``) open it through a
view that checks who asks (404 for anyone else, as the staff pages refuse), sends it as
an attachment with the type its first bytes show, and writes each view to the audit log
without personal data. The admin links to that view."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.web.applications import services as s
from gongkai.web.applications.models import Application
from gongkai.web.audit.models import AuditLog

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n" + b"%\xe2\xe3\xcf\xd3\n" * 20
UPLOAD_NAME = "欧阳保密身份证.png"  # the applicant's own name for the file: personal data
SECRET = {
    "applicant_name": "欧阳保密",
    "id_number": "130101199001019996",
    "phone": "13912345678",
}
FORM = {**SECRET, "category": "np", "description": "申请公开某文件", "form_wanted": "electronic"}
VIEW = "application.identity_view"


@pytest.fixture
def private_var(settings, tmp_path):
    settings.VAR = tmp_path / "var"  # var/private moves with it: nothing left behind


def _apply(client, county, content: bytes = PNG, name: str = UPLOAD_NAME) -> Application:
    response = client.post(
        f"/open/apply/{county.edu.code}/",
        {**FORM, "identity_document": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302  # to the answer with the tracking code
    client.logout()
    return Application.objects.get(applicant_name=SECRET["applicant_name"])


def _url(app: Application) -> str:
    return f"/applications/{app.pk}/identity-document/"


def _get(client, url: str):
    """The response, its body read (the test client closes a file sent once it is read)."""
    response = client.get(url)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    else:
        response.body = response.content
    return response


def _views(app: Application) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=VIEW, object_id=str(app.pk)))


@pytest.mark.parametrize("who", ["clerk_edu", "office", "admin"])
def test_the_units_staff_open_the_document_and_each_view_is_logged(
    client, county, private_var, who
):
    app = _apply(client, county)
    user = getattr(county, who)
    client.force_login(user)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert f'href="{_url(app)}"' in page  # linked beside the other personal data

    for n in (1, 2):
        response = _get(client, _url(app))
        assert response.status_code == 200 and response.body == PNG
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == (
            f'attachment; filename="{app.tracking_code}-identity.png"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "no-store" in response["Cache-Control"]
        assert len(_views(app)) == n  # every view, not the first only

    row = _views(app)[0]
    assert (row.actor, row.object_type, row.unit) == (user, "applications.application", app.unit)
    logged = json.dumps(
        [row.action, row.object_type, row.object_id, row.data, str(row)], ensure_ascii=False
    )
    for value in [*SECRET.values(), UPLOAD_NAME, Path(app.identity_document.name).name]:
        assert value not in logged


@pytest.mark.parametrize("who", ["supervisor", "clerk_env", "reviewer_env", "outsider"])
def test_nobody_else_gets_a_link_or_the_document(client, county, private_var, who):
    app = _apply(client, county)
    client.force_login(getattr(county, who))
    page = client.get(f"/applications/{app.pk}/")
    assert page.status_code == (200 if who == "supervisor" else 404)  # the page's own rule
    assert _url(app) not in page.content.decode()
    response = _get(client, _url(app))
    assert response.status_code == 404 and PNG[:8] not in response.body
    assert _views(app) == []  # a refusal shows nothing, so it logs no view


def test_anonymous_is_sent_to_log_in(client, county, private_var):
    app = _apply(client, county)
    response = client.get(_url(app))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _views(app) == []


def test_the_type_is_told_by_the_content(client, county, private_var):
    app = _apply(client, county, content=PDF, name="scan.png")  # a PDF, whatever its name
    client.force_login(county.clerk_edu)
    response = _get(client, _url(app))
    assert response.body == PDF and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-identity.pdf"')
    # A file that is none of the kinds an upload may be (written before the upload was
    # checked, or by hand): served as bytes to save, never as something to render.
    storage, name = app.identity_document.storage, app.identity_document.name
    storage.delete(name)  # through the storage: the local disk or the S3 bucket
    assert storage.save(name, ContentFile(b"<html><script>alert(1)</script></html>")) == name
    response = _get(client, _url(app))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].endswith('-identity.bin"')


def test_no_document_no_link_and_404(client, county, register, private_var):
    app = register(received_on=date(2024, 9, 27))
    client.force_login(county.clerk_edu)
    assert _url(app) not in client.get(f"/applications/{app.pk}/").content.decode()
    assert client.get(_url(app)).status_code == 404
    # a record whose file is gone: nothing to show, nothing logged as shown
    app = _apply(client, county)
    app.identity_document.storage.delete(app.identity_document.name)
    client.force_login(county.clerk_edu)
    assert client.get(_url(app)).status_code == 404
    assert _views(app) == []


def test_the_admin_links_to_the_views_not_to_media(client, county, register, as_of, private_var):
    app = _apply(client, county)
    replied = s.application_reply(
        application=register(received_on=date(2024, 9, 27)),
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
        service_method="post",
        actor=county.clerk_edu,
        as_of=as_of,
    )
    letter = s.letter_issue(application=replied, kind="reply", actor=county.clerk_edu, as_of=as_of)
    client.force_login(county.admin)

    page = client.get(f"/admin/applications/application/{app.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "/media/" not in body and f'href="{_url(app)}"' in body
    assert _get(client, _url(app)).body == PNG  # the link leads to the document

    page = client.get(f"/admin/applications/issuedletter/{letter.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "/media/" not in body
    for fmt in ("pdf", "docx"):
        url = f"/applications/{replied.pk}/letters/{letter.pk}.{fmt}"
        assert f'href="{url}"' in body and _get(client, url).status_code == 200
