"""Issue 16, point 4: shared file storage. With ``GONGKAI_STORAGE=s3`` every private file
(identity documents, letters, import files) is kept in an S3-compatible bucket — here
moto's server mode on the loopback (tests/s3_server.py) — never on the local disk and
never with a public ACL; the permission-checked views still decide who gets a file, and
with signed URLs on they hand out a URL signed for 60 seconds instead of the bytes.
The guarantees of the local disk hold on S3 too: a file of a transaction that does not
commit is removed, and the sweep removes old files no record names.

``make test`` also runs the file-handling web and security tests with the whole session's
files on a moto server (``GONGKAI_STORAGE=s3 pytest -p s3_server``)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.web import settings as conf
from gongkai.web.applications import services as s
from gongkai.web.applications.models import Application, IssuedLetter, private_storage
from gongkai.web.applications.private_files import private_files_sweep, removed_on_rollback
from gongkai.web.audit.models import AuditLog
from gongkai.web.proactive.imports import import_job_create
from gongkai.web.proactive.models import Attachment, CatalogueItem
from s3_server import S3Server
from support import run_gongkai

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
FORM = {
    "applicant_name": "欧阳存储",
    "id_number": "130101199001018889",
    "phone": "13912348888",
    "category": "np",
    "description": "申请公开某文件",
    "form_wanted": "electronic",
}
BASIS = "《中华人民共和国政府信息公开条例》第三十六条第（二）项"
PUBLIC = ("http://acs.amazonaws.com/groups/global/AllUsers", "AuthenticatedUsers")


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server, settings, monkeypatch, tmp_path):
    """The settings of ``GONGKAI_STORAGE=s3`` (as settings.py makes them from the
    environment) on a fresh bucket of the moto server; the local var/ is this test's own,
    to show that nothing lands there."""
    bucket = s3_server.bucket(f"gongkai-{uuid.uuid4().hex[:12]}")
    for key, value in s3_server.environ(bucket).items():
        monkeypatch.setenv(key, value)
    settings.VAR = tmp_path / "var"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": conf.s3_options("files"),
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": conf.s3_options("private"),
        },
    }
    client = s3_server.client()

    def objects() -> list[str]:
        listing = client.list_objects_v2(Bucket=bucket)
        return sorted(o["Key"] for o in listing.get("Contents", []))

    def body(key: str) -> bytes:
        return client.get_object(Bucket=bucket, Key=key)["Body"].read()

    def public_grants(key: str) -> list[dict]:
        grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        return [g for g in grants if any(p in g["Grantee"].get("URI", "") for p in PUBLIC)]

    return SimpleNamespace(
        bucket=bucket,
        endpoint=s3_server.endpoint,
        objects=objects,
        body=body,
        public_grants=public_grants,
        local=tmp_path / "var",
    )


def _apply(client, county) -> Application:
    response = client.post(
        f"/open/apply/{county.edu.code}/",
        {**FORM, "identity_document": SimpleUploadedFile("身份证.png", PNG)},
    )
    assert response.status_code == 302  # to the answer with the tracking code
    return Application.objects.get(applicant_name=FORM["applicant_name"])


def _files_under(path) -> list:
    """The files kept under ``path`` (var/), its cache/ left out: the public pages' cache
    generation and rendered documents are each machine's own and can be made again."""
    if not path.exists():
        return []
    cache = path / "cache"
    return sorted(p for p in path.rglob("*") if p.is_file() and cache not in p.parents)


def test_an_identity_document_is_kept_in_the_bucket_and_only_the_units_staff_get_it(
    client, county, s3
):
    app = _apply(client, county)
    key = f"private/{app.identity_document.name}"
    assert app.identity_document.name.startswith(f"identity/{timezone.localdate().year}/")
    assert s3.objects() == [key] and s3.body(key) == PNG
    assert s3.public_grants(key) == []  # the bucket's private ACL, nothing public
    assert _files_under(s3.local / "private") == []  # nothing on this machine's disk

    url = f"/applications/{app.pk}/identity-document/"
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    for who in (county.outsider, county.clerk_env, county.reviewer_env):
        client.force_login(who)
        assert client.get(url).status_code == 404
    client.force_login(county.clerk_edu)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    views = AuditLog.objects.filter(action="application.identity_view", object_id=str(app.pk))
    assert views.count() == 1


@pytest.fixture
def replied(county, register, as_of):
    app = register(received_on=date(2024, 9, 27))
    return s.application_reply(
        application=app,
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis=BASIS,
        service_method="post",
        actor=county.clerk_edu,
        as_of=as_of,
    )


def test_letters_are_kept_in_the_bucket_for_the_staff_and_the_applicant(
    client, county, replied, s3
):
    client.force_login(county.clerk_edu)
    client.post(f"/applications/{replied.pk}/letters/reply/")
    issued = IssuedLetter.objects.get()
    pdf, docx = f"private/{issued.pdf.name}", f"private/{issued.docx.name}"
    assert s3.objects() == sorted([pdf, docx])
    assert s3.body(pdf).startswith(b"%PDF") and s3.body(docx).startswith(b"PK")
    assert s3.public_grants(pdf) == [] and s3.public_grants(docx) == []
    assert _files_under(s3.local / "private") == []

    response = client.get(f"/applications/{replied.pk}/letters/{issued.pk}.pdf")
    assert response.status_code == 200 and response.content == s3.body(pdf)
    client.force_login(county.clerk_env)
    assert client.get(f"/applications/{replied.pk}/letters/{issued.pk}.pdf").status_code == 404

    client.logout()  # the applicant, through the status page (tracking code + phone)
    page = client.post(
        "/open/status/", {"tracking_code": replied.tracking_code, "phone_last4": "8000"}
    ).content.decode()
    link = page.split('href="/open/letter/', 1)[1].split('"', 1)[0]
    response = client.get(f"/open/letter/{link}")
    assert response.status_code == 200 and response.content == s3.body(pdf)
    assert client.get(f"/open/letter/{link[:-3]}xx/").status_code == 404


def test_with_signed_urls_the_staff_are_sent_to_a_url_that_expires_in_60_seconds(
    client, county, s3, settings
):
    settings.GONGKAI_S3_SIGNED_URLS = True
    app = _apply(client, county)
    url = f"/applications/{app.pk}/identity-document/"
    client.force_login(county.outsider)
    refused = client.get(url)
    assert refused.status_code == 404 and "Location" not in refused

    client.force_login(county.clerk_edu)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    parts = urlsplit(signed)
    assert signed.startswith(f"{s3.endpoint}/{s3.bucket}/private/identity/")
    query = parse_qs(parts.query)
    assert query["X-Amz-Expires"] == ["60"]
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(signed_at - timezone.now()) < timedelta(seconds=5)
    assert query["response-content-disposition"] == [
        f'attachment; filename="{app.tracking_code}-identity.png"'
    ]
    assert "X-Amz-Signature" in query and s3.bucket not in parts.netloc
    assert conf.s3_options("private")["secret_key"] not in signed

    fetched = httpx.get(signed)  # the browser, following the redirect, within the minute
    assert fetched.status_code == 200 and fetched.content == PNG
    assert fetched.headers["content-type"] == "image/png"
    assert fetched.headers["content-disposition"].startswith("attachment")
    # Each redirect is a view: written to the audit log like a streamed one.
    assert AuditLog.objects.filter(action="application.identity_view").count() == 1

    # A minute later the view signs a new URL (the old one is past its X-Amz-Expires).
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        again = parse_qs(urlsplit(client.get(url)["Location"]).query)
    assert again["X-Amz-Date"] != query["X-Amz-Date"]
    assert again["X-Amz-Signature"] != query["X-Amz-Signature"]


def test_a_transaction_that_does_not_commit_leaves_nothing_in_the_bucket(county, s3):
    storage = private_storage()
    with pytest.raises(RuntimeError), removed_on_rollback() as written:
        name = storage.save("identity/2026/half.pdf", ContentFile(b"%PDF-1.4 half"))
        written.append(name)
        assert s3.objects() == [f"private/{name}"]
        raise RuntimeError("the database failed")
    assert s3.objects() == []


def test_the_sweep_removes_old_orphans_from_the_bucket(county, register, s3):
    app = s.application_attach_identity(
        application=register(), upload=SimpleUploadedFile("id.png", PNG)
    )
    storage = private_storage()
    orphan = storage.save("identity/2026/GKORPHAN0001-id.pdf", ContentFile(b"%PDF-1.4 left"))
    elsewhere = storage.save("other/GKORPHAN0002-id.pdf", ContentFile(b"%PDF-1.4 other"))
    # The store's clock says when an object was written (moto's, in its own process,
    # runs on the real time, not the session's frozen one): the sweep is called as of it.
    now = storage.get_modified_time(orphan)

    early = private_files_sweep(now=now)  # written just now: could be a running transaction
    assert (early.removed, early.named, early.young) == ([], 1, 1)
    dry = private_files_sweep(now=now + timedelta(hours=2), dry_run=True)
    assert dry.removed == [(orphan, 13)] and len(s3.objects()) == 3
    swept = private_files_sweep(now=now + timedelta(hours=2))
    assert swept.removed == [(orphan, 13)] and swept.named == 1
    assert s3.objects() == sorted([f"private/{app.identity_document.name}", f"private/{elsewhere}"])


def test_import_files_and_catalogue_attachments_are_in_the_bucket(county, s3):
    job = import_job_create(file=BytesIO(b"PK\x03\x04 counts"), filename="counts.xlsx", user=None)
    assert f"private/{job.file.name}" in s3.objects()
    with job.file.open("rb") as fh:
        assert fh.read() == b"PK\x03\x04 counts"
    name = storages["default"].save("catalogue/2026/notice.pdf", ContentFile(b"%PDF-1.4"))
    assert f"files/{name}" in s3.objects() and s3.public_grants(f"files/{name}") == []
    assert _files_under(s3.local) == []


def test_a_storage_setting_that_cannot_work_stops_the_start_with_its_name(tmp_path):
    """gongkai demo (any command that loads the settings) stops before touching anything,
    naming what is wrong, rather than keeping files on a disk other servers do not see."""
    cases = {
        "nfs": "GONGKAI_STORAGE: 'nfs' is neither local nor s3",
        "s3": "GONGKAI_STORAGE=s3 needs GONGKAI_S3_BUCKET, GONGKAI_S3_SECRET_KEY",
    }
    for value, message in cases.items():
        home = tmp_path / value
        home.mkdir()
        env = {"GONGKAI_STORAGE": value, "GONGKAI_S3_ACCESS_KEY": "k"}
        env |= {"GONGKAI_S3_BUCKET": "", "GONGKAI_S3_SECRET_KEY": "", "GONGKAI_S3_ENDPOINT_URL": ""}
        done = run_gongkai("demo", home=home, env=env)
        assert done.returncode == 1 and done.stderr.strip() == f"Error: {message}"
        assert not (home / "var" / "gongkai.sqlite3").exists()


@pytest.mark.parametrize("where", ["local", "s3"])
def test_a_catalogue_attachment_is_served_to_those_who_see_the_item(
    client, county, settings, tmp_path, request, where
):
    """The item's page links to a view that checks who asks (it linked to /media/…,
    which nothing serves); the file comes from the storage that keeps it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    s3 = request.getfixturevalue("s3") if where == "s3" else None
    if s3 is None:  # the local disk, even in a session whose files are on S3
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {"BACKEND": "gongkai.web.storage.LocalPrivateStorage"},
        }
    item = CatalogueItem.objects.create(
        unit=county.edu,
        index_no="T-EDU/2024-9",
        publisher="测试县教育局",
        title="招生方案",
        topic=11,
        published_on=date(2024, 3, 1),
    )
    attachment = Attachment(item=item, name="招生方案附件")
    attachment.file.save("notice.pdf", ContentFile(b"%PDF-1.4 notice"))
    if s3 is not None:
        assert f"files/{attachment.file.name}" in s3.objects()
    else:
        assert (tmp_path / "media" / attachment.file.name).read_bytes() == b"%PDF-1.4 notice"
    url = f"/catalogue/{item.pk}/attachments/{attachment.pk}/"

    client.force_login(county.clerk_edu)
    assert f'href="{url}"' in client.get(f"/catalogue/{item.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 notice"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E6%8B%9B%E7%94%9F%E6%96%B9%E6%A1%88%E9%99%84%E4%BB%B6.pdf"
    )
    assert client.get(f"/catalogue/{item.pk}/attachments/{attachment.pk + 1}/").status_code == 404
    for who in (county.outsider, county.clerk_env):
        client.force_login(who)
        assert client.get(url).status_code == 404

    settings.GONGKAI_S3_SIGNED_URLS = True  # on the local disk: no URL to sign, the bytes
    client.force_login(county.clerk_edu)
    response = client.get(url)
    if s3 is None:
        assert response.status_code == 200 and response.content == b"%PDF-1.4 notice"
    else:
        assert response.status_code == 302
        signed = response["Location"]
        assert signed.startswith(f"{s3.endpoint}/{s3.bucket}/files/catalogue/")
        assert parse_qs(urlsplit(signed).query)["X-Amz-Expires"] == ["60"]
        assert httpx.get(signed).content == b"%PDF-1.4 notice"


def test_a_letter_whose_record_fails_leaves_nothing_in_the_bucket(
    county, replied, as_of, s3, monkeypatch
):
    """Both files of the letter reach the bucket before the audit row fails; the
    transaction's end removes them there, as on the local disk."""
    from django.db import DatabaseError

    from gongkai.web.applications import letter_services

    seen: list[list[str]] = []

    def broken(**kwargs):
        seen.append(s3.objects())
        raise DatabaseError("the audit log could not be written")

    monkeypatch.setattr(letter_services, "audit_record", broken)
    with pytest.raises(DatabaseError):
        s.letter_issue(application=replied, kind="reply", actor=county.clerk_edu, as_of=as_of)
    assert len(seen[0]) == 2 and all(k.startswith("private/letters/") for k in seen[0])
    assert s3.objects() == [] and not IssuedLetter.objects.exists()
