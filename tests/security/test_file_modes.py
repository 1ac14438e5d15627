"""Issue 13, item 12: the database file and the applicants' identity documents were
readable by every local user (0644, in 0755 directories). Now var/ and every directory
gongkai makes are 0700 and every file 0600 — the SQLite database (with its -wal and -shm),
the secret key, identity documents, issued letters and backups — whatever the umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.web.applications import services as s
from gongkai.web.applications.models import Application
from gongkai.web.backup import backup
from support import FILES_ON_S3

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
FORM = {
    "category": "np",
    "applicant_name": "赵六",
    "id_number": "130101199001015557",
    "phone": "13912340001",
    "description": "申请公开某文件",
    "form_wanted": "electronic",
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes_under(root: Path) -> dict[str, int]:
    """Every directory and file under root (root included) that others may use, with its
    mode: what the tests want empty."""
    found = {}
    for path in [root, *root.rglob("*")]:
        if _mode(path) & 0o077:
            found[str(path.relative_to(root.parent))] = oct(_mode(path))
    return found


@pytest.fixture
def umask_022():
    """The usual umask, under which files are made 0644 and directories 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _manage(home: Path, *args: str) -> None:
    env = {**os.environ, "GONGKAI_HOME": str(home)}
    for name in ("DATABASE_URL", "GONGKAI_SECRET_KEY", "GONGKAI_DEBUG"):
        env.pop(name, None)  # the defaults: SQLite in var/, a key made in var/
    out = subprocess.run(
        [sys.executable, "-m", "gongkai.cli.main", "manage", *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_new_installation_is_readable_by_gongkais_user_alone(tmp_path):
    _manage(tmp_path, "migrate")
    var = tmp_path / "var"
    assert (var / "gongkai.sqlite3").stat().st_size > 0  # the database, in WAL mode
    assert (var / "secret.key").exists()
    assert _mode(var) == 0o700 and _mode(var / "gongkai.sqlite3") == 0o600
    assert _modes_under(var) == {}  # -wal, -shm and static/ included


def test_an_existing_installation_is_closed_to_others(tmp_path):
    """Made before this fix: var/ 0755 and the database 0644."""
    _manage(tmp_path, "migrate")
    var = tmp_path / "var"
    var.chmod(0o755)
    (var / "gongkai.sqlite3").chmod(0o644)
    _manage(tmp_path, "migrate")  # settings loaded, a connection made
    assert _mode(var) == 0o700 and _mode(var / "gongkai.sqlite3") == 0o600


@pytest.mark.skipif(
    FILES_ON_S3, reason="file modes are the local disk's; on S3 the bucket is private"
)
def test_identity_documents_and_letters_are_private(
    client, county, register, as_of, settings, tmp_path, umask_022
):
    settings.VAR = tmp_path / "var"  # var/private moves with it (PrivateStorage)
    response = client.post(
        f"/open/apply/{county.edu.code}/",
        {**FORM, "identity_document": SimpleUploadedFile("身份证.png", PNG)},
    )
    assert response.status_code == 302  # to the answer with the tracking code
    app = Application.objects.get(applicant_name="赵六")
    document = Path(app.identity_document.path)
    assert document.read_bytes() == PNG and _mode(document) == 0o600

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
    for f in (letter.pdf, letter.docx):
        assert _mode(Path(f.path)) == 0o600

    # var/private, identity/<year>/, letters/<year>/: every directory made for them is 0700
    assert _modes_under(settings.VAR / "private") == {}


def test_a_backup_is_private(county, register, tmp_path, umask_022):
    register(received_on=date(2024, 9, 27))
    archive = tmp_path / "backup.zip"
    backup(archive)
    assert _mode(archive) == 0o600
