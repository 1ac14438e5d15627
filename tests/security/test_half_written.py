"""Issue 13, item 7: kill -9 left half-written applications. Registering an online
application and saving its identity upload were two transactions: killed between them,
the application was committed without its upload (the applicant saw no tracking code),
or the file stayed on disk with no record naming it. Now both are one transaction, the
file written before the commit and removed if the transaction fails; a process killed in
between leaves only a file no record names, which ``gongkai manage sweep_uploads``
removes once it is an hour old."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
import uuid
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client, override_settings
from django.utils import timezone

from gongkai.web.applications import services as s
from gongkai.web.applications.models import Application
from gongkai.web.applications.private_files import private_files_sweep
from gongkai.web.applications.services import intake
from gongkai.web.audit.models import AuditLog
from support import FILES_ON_S3, database_url

FORM = {
    "category": "np",
    "applicant_name": "赵六",
    "id_number": "130101199001015557",
    "phone": "13912340001",
    "description": "申请公开某文件",
    "form_wanted": "electronic",
}
#: A 3 MB identity document, as in the report.
PDF = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
pytestmark = pytest.mark.skipif(
    FILES_ON_S3,
    reason="the local disk's var/private (tests/web/test_s3_storage.py: the same on S3)",
)
SERVER = Path(__file__).with_name("apply_server.py")


@pytest.fixture
def private(settings, tmp_path) -> Path:
    """var/private of this test alone (the sweep must never see another's files)."""
    settings.VAR = tmp_path / "var"
    return tmp_path / "var" / "private"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _fail_after_the_file_is_written(monkeypatch, private: Path) -> list[tuple[Path, int]]:
    """A database error in the upload's transaction, once its file is on disk."""
    seen: list[tuple[Path, int]] = []
    real = intake.audit_record  # where the upload is kept (the services package's intake)

    def audit(**kw):
        if kw["action"] == "application.identity_upload":
            seen.extend((p, p.stat().st_size) for p in _files(private / "identity"))
            assert seen, "the file was not written before the failure"
            raise DatabaseError("disk I/O error (injected)")
        return real(**kw)

    monkeypatch.setattr(intake, "audit_record", audit)
    return seen


def test_a_failure_after_the_file_is_written_leaves_neither_row_nor_file(
    county, private, monkeypatch
):
    seen = _fail_after_the_file_is_written(monkeypatch, private)
    client = Client(raise_request_exception=False)
    upload = SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/open/apply/{county.edu.code}/", {**FORM, "identity_document": upload})
    assert response.status_code == 500
    assert len(seen) == 1 and seen[0][1] == len(PDF)  # it was written …
    assert _files(private) == []  # … and removed with the transaction
    assert not Application.objects.exists()  # the application went with it
    assert not AuditLog.objects.filter(action__startswith="application.").exists()


def test_an_application_and_its_upload_are_saved_together(client, county, private):
    upload = SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/open/apply/{county.edu.code}/", {**FORM, "identity_document": upload}, follow=True
    )
    app = Application.objects.get()
    assert app.tracking_code in response.content.decode()
    assert _files(private) == [private / app.identity_document.name]
    assert (private / app.identity_document.name).read_bytes() == PDF
    assert set(AuditLog.objects.values_list("action", flat=True)) >= {
        "application.register",
        "application.identity_upload",
    }


def test_a_replaced_document_is_removed_once_the_replacement_is_committed(
    county, private, django_capture_on_commit_callbacks
):
    first = SimpleUploadedFile("a.pdf", PDF[:100], content_type="application/pdf")
    app = s.application_register_online(
        unit=county.edu,
        channel="online",
        submitted_on=timezone.localdate(),
        received_on=None,
        actor=None,
        as_of=timezone.localdate(),
        identity_document=first,
        **FORM,
    )
    old = private / app.identity_document.name
    with django_capture_on_commit_callbacks(execute=True):
        app = s.application_attach_identity(
            application=app, upload=SimpleUploadedFile("b.pdf", PDF[:200])
        )
    assert _files(private) == [private / app.identity_document.name] != [old]


def _age(path: Path, now, hours: float) -> None:
    t = (now - timedelta(hours=hours)).timestamp()
    os.utime(path, (t, t))


def test_the_sweep_removes_orphans_and_keeps_named_and_young_files(county, private, register):
    now = timezone.now()
    app = register()
    app = s.application_attach_identity(
        application=app, upload=SimpleUploadedFile("id.pdf", PDF[:1000])
    )
    named = private / app.identity_document.name
    orphan = named.with_name("GKORPHAN0001-id.pdf")
    young = named.with_name("GKYOUNG00001-id.pdf")
    elsewhere = private / "other" / "GKORPHAN0002-id.pdf"  # not a folder of a file field
    for path in (orphan, young, elsewhere):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 left behind")
    for path, hours in ((named, 5), (orphan, 2), (young, 0.5), (elsewhere, 5)):
        _age(path, now, hours)

    dry = private_files_sweep(now=now, dry_run=True)
    assert [n for n, _ in dry.removed] == [orphan.relative_to(private).as_posix()]
    assert orphan.exists()

    out = StringIO()
    call_command("sweep_uploads", stdout=out)  # gongkai manage sweep_uploads
    report = out.getvalue()
    assert f"removed {orphan.relative_to(private).as_posix()} (20 bytes)" in report
    assert "1 orphaned files removed; kept 1 named by a record and 1 younger than 60" in report
    assert not orphan.exists()
    assert named.exists() and young.exists() and elsewhere.exists()
    assert private_files_sweep(now=now).removed == []


# --- The server killed (SIGKILL) in the middle of the request


def _post_apply(base: str, code: str) -> None:
    """The applicant's browser: the form (for its CSRF token), then the form posted with a
    3 MB upload."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/open/apply/{code}/"
    page = opener.open(url, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in {**FORM, "csrfmiddlewaretoken": token.group(1)}.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="identity_document"; '
        f'filename="id.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + PDF
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url},
    )
    try:
        opener.open(request, timeout=60).read()
    except OSError:  # the server died under it: the connection is reset
        return
    raise AssertionError("the server answered; it should have been killed first")


@pytest.mark.django_db(transaction=True)  # the server process must see the units
def test_a_server_killed_mid_request_leaves_no_application_and_the_sweep_takes_the_file(
    county, tmp_path
):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "DATABASE_URL": database_url(), "GONGKAI_HOME": str(home)}
    server = subprocess.Popen(
        [sys.executable, str(SERVER)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline()
        assert line.startswith("port "), line + server.stderr.read()
        base = f"http://127.0.0.1:{int(line.split()[1])}"
        applicant = threading.Thread(target=_post_apply, args=(base, county.edu.code))
        applicant.start()
        line = server.stdout.readline()  # the file is written, the transaction still open
        assert line.startswith("written "), line + server.stderr.read()
        written = home / "var" / "private" / line.split(maxsplit=1)[1].strip()
        assert written.stat().st_size == len(PDF)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        applicant.join(timeout=60)
        assert not applicant.is_alive()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        server.stdout.close()
        server.stderr.close()
    assert server.returncode == -signal.SIGKILL

    assert not Application.objects.exists()  # never an application without its upload
    assert written.exists()  # the kill left the file: the sweep's work
    written_at = datetime.fromtimestamp(written.stat().st_mtime, tz=UTC)
    with override_settings(VAR=home / "var"):
        early = private_files_sweep(now=written_at + timedelta(minutes=30))
        assert early.removed == [] and early.young == 1 and written.exists()
        later = private_files_sweep(now=written_at + timedelta(minutes=61))
    assert [name for name, _ in later.removed] == [
        written.relative_to(home / "var" / "private").as_posix()
    ]
    assert not written.exists()


def test_a_letter_whose_record_fails_leaves_no_file(private, county, register, as_of, monkeypatch):
    """The letter's DOCX and PDF are written before its record: a failure after both
    were written removes them, and no record is kept."""
    from gongkai.web.applications import letter_services, services
    from gongkai.web.applications.models import IssuedLetter

    app = register(received_on=date(2024, 9, 27))
    app = services.application_reply(
        application=app,
        on=date(2024, 10, 10),
        outcome="apply.result.grant",
        legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
        service_method="post",
        actor=county.clerk_edu,
        as_of=as_of,
    )

    def broken(**kwargs):
        raise DatabaseError("the audit log could not be written")

    monkeypatch.setattr(letter_services, "audit_record", broken)  # where letter_issue is
    with pytest.raises(DatabaseError):
        services.letter_issue(application=app, kind="reply", actor=county.clerk_edu, as_of=as_of)
    assert not IssuedLetter.objects.exists()
    assert not [p for p in _files(private) if "letters" in p.parts]
    monkeypatch.undo()
    issued = services.letter_issue(
        application=app, kind="reply", actor=county.clerk_edu, as_of=as_of
    )
    kept = [p for p in _files(private) if "letters" in p.parts]
    assert sorted(p.name for p in kept) == sorted(
        Path(n).name for n in (issued.docx.name, issued.pdf.name)
    )
