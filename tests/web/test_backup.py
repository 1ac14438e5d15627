"""gongkai backup / gongkai restore: the whole database and its private files round-trip
to an identical state, across SQLite and PostgreSQL, and a bad archive changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.web.applications import services as s
from gongkai.web.applications.models import Application, EventKind, IssuedLetter
from gongkai.web.backup import BackupError, backup, restore
from gongkai.web.demo import load_demo
from support import FILES_ON_S3, database_export

AS_OF = date(2024, 11, 20)
TESTS = Path(__file__).resolve().parents[1]


def _private_files() -> dict[str, bytes]:
    """Every file the records name, by storage name, with its bytes."""
    found = {}
    for letter in IssuedLetter.objects.all():
        for f in (letter.docx, letter.pdf):
            with f.open("rb") as fh:
                found[f.name] = fh.read()
    for app in Application.objects.exclude(identity_document=""):
        with app.identity_document.open("rb") as fh:
            found[app.identity_document.name] = fh.read()
    return found


def _delete_private_files() -> None:
    for letter in IssuedLetter.objects.all():
        letter.docx.storage.delete(letter.docx.name)
        letter.pdf.storage.delete(letter.pdf.name)
    for app in Application.objects.exclude(identity_document=""):
        app.identity_document.storage.delete(app.identity_document.name)


@pytest.fixture
def county_records(db):
    """The demo county (2 applications per unit and year), two issued letters and an
    uploaded identity document, so that private files exist."""
    load_demo(as_of=AS_OF, per_unit_year=2)
    replied = Application.objects.filter(events__kind=EventKind.REPLY).order_by("pk")[:2]
    for app in replied:
        s.letter_issue(application=app, kind="reply", actor=None, as_of=AS_OF)
    s.application_attach_identity(
        application=replied[0],
        upload=SimpleUploadedFile("id.png", b"\x89PNG\r\n\x1a\n" + os.urandom(200)),
    )
    files = _private_files()
    assert len(files) == 5
    yield files
    _delete_private_files()


def test_backup_and_restore_round_trip_to_an_identical_state(county_records, tmp_path):
    before = database_export()
    archive = tmp_path / "county.zip"
    result = backup(archive)
    assert (
        result.files == 5
        and result.rows["applications.application"] == Application.objects.count() > 50
    )
    _delete_private_files()

    restored = restore(archive, replace=True)

    assert restored.rows == result.rows and restored.files == 5
    assert database_export() == before
    assert _private_files() == county_records
    # the manifest: format, migrations, counts and a checksum for every member
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert ["applications", "0001_initial"] in manifest["migrations"]
        for entry in [*manifest["models"].values(), *manifest["files"]]:
            assert hashlib.sha256(zf.read(entry["member"])).hexdigest() == entry["sha256"]
    assert manifest["models"]["audit.auditlog"]["rows"] == result.rows["audit.auditlog"]
    assert set(manifest["skipped"]) == {"sessions.session", "throttle.hit"}


def test_new_records_continue_after_the_restored_ones(county_records, tmp_path):
    backup(tmp_path / "a.zip")
    last = Application.objects.order_by("-pk").first()
    restore(tmp_path / "a.zip", replace=True)
    app = s.application_register(  # the sequences were reset: a new row gets a new number
        unit=last.unit,
        channel="in_person",
        category="np",
        applicant_name="张三",
        description="申请公开2024年学校划片方案",
        form_wanted="electronic",
        submitted_on=date(2024, 11, 19),
        as_of=AS_OF,
    )
    assert app.pk > last.pk and app.events.get().pk > last.events.order_by("pk").last().pk


def test_a_database_with_records_is_refused_without_replace(county_records, tmp_path):
    backup(tmp_path / "a.zip")
    before = database_export()
    with pytest.raises(BackupError, match=r"already holds records.*--replace"):
        restore(tmp_path / "a.zip")
    assert database_export() == before


def _rewrite(src: Path, dst: Path, change) -> None:
    """Copy an archive, passing every member's bytes through ``change(name, data)``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, change(name, zin.read(name)))


def _manifest_change(fn):
    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        fn(manifest)
        return json.dumps(manifest).encode()

    return change


def _bad_row(src: Path, member: str, line: int, text: str):
    """The member with one line replaced, and the manifest's checksum made to match."""
    with zipfile.ZipFile(src) as zf:
        lines = zf.read(member).decode().splitlines(keepends=True)
    lines[line - 1] = text + "\n"
    data = "".join(lines).encode()

    def fix(manifest):
        label = member.removeprefix("data/").removesuffix(".jsonl")
        manifest["models"][label]["sha256"] = hashlib.sha256(data).hexdigest()

    fix_manifest = _manifest_change(fix)
    return lambda name, old: data if name == member else fix_manifest(name, old)


def _flip_last_byte(member_prefix: str):
    def change(name: str, data: bytes) -> bytes:
        if name.startswith(member_prefix):
            return data[:-2] + bytes([data[-2] ^ 1]) + data[-1:]
        return data

    return change


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncated", r"not a gongkai backup \(not a readable ZIP file"),
        ("checksum", r"data/audit\.auditlog\.jsonl: the checksum differs"),
        ("file", r"files/applications\.issuedletter\.pdf/.*: the checksum differs"),
        ("migrations", r"another migration state.*backup only: applications\.9999_future"),
        ("row", r"data/applications\.event\.jsonl line 3: .*not-a-date"),
        ("count", r"data/units\.unit\.jsonl: \d+ rows, the manifest says 999"),
    ],
)
def test_a_bad_archive_changes_nothing(county_records, tmp_path, damage, message):
    good = tmp_path / "good.zip"
    backup(good)
    bad = tmp_path / "bad.zip"
    if damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "checksum":  # the last member loaded: everything else went in first
        _rewrite(  # still a well-formed row: only the checksum tells
            good,
            bad,
            lambda name, data: (
                data.replace(b'"action": "application', b'"action": "applicatioN', 1)
                if name == "data/audit.auditlog.jsonl"
                else data
            ),
        )
    elif damage == "file":
        _rewrite(good, bad, _flip_last_byte("files/applications.issuedletter.pdf/"))
    elif damage == "migrations":
        _rewrite(
            good,
            bad,
            _manifest_change(lambda m: m["migrations"].append(["applications", "9999_future"])),
        )
    elif damage == "row":
        row = '{"model": "applications.event", "pk": 1, "fields": {"on": "not-a-date"}}'
        _rewrite(good, bad, _bad_row(good, "data/applications.event.jsonl", 3, row))
    else:
        _rewrite(good, bad, _manifest_change(lambda m: m["models"]["units.unit"].update(rows=999)))
    before = database_export()

    with pytest.raises(BackupError, match=message):
        restore(bad, replace=True)  # --replace empties the database first, in the transaction

    assert database_export() == before
    assert _private_files() == county_records


# --- Across databases: a fresh SQLite database in a child process, and the test database
# (PostgreSQL in CI: SQLite → PostgreSQL and PostgreSQL → SQLite)


def _child(home: Path, code: str, *args: str) -> str:
    """Run gongkai's command line or Python code on a fresh SQLite database under ``home``."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "GONGKAI_HOME": str(home),
        # the tests' folder, and the caller's path (a worktree's src before the install's)
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])),
    }
    if code == "gongkai":
        cmd = [sys.executable, "-m", "gongkai.cli.main", *args]
    else:
        setup = (
            "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'gongkai.web.settings'); django.setup()\n"
        )
        cmd = [sys.executable, "-c", setup + code]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


EXPORT = "import json, support; print(json.dumps(support.database_export()))"


@pytest.mark.skipif(FILES_ON_S3, reason="reads the child's var/private")
@pytest.mark.django_db
def test_a_backup_restores_into_another_kind_of_database(county_records, tmp_path):
    """This database → a fresh SQLite database (gongkai restore in a child process)."""
    archive = tmp_path / "county.zip"
    backup(archive)
    home = tmp_path / "home"
    home.mkdir()

    out = _child(home, "gongkai", "restore", str(archive))

    assert "Restored" in out and "and 5 files" in out
    assert json.loads(_child(home, EXPORT)) == database_export()
    for name, data in county_records.items():
        assert (home / "var" / "private" / name).read_bytes() == data


@pytest.mark.skipif(FILES_ON_S3, reason="reads the child's var/private")
def test_a_backup_from_sqlite_restores_here(db, tmp_path):
    """A fresh SQLite database (made in a child process) → this database."""
    home = tmp_path / "home"
    home.mkdir()
    _child(home, "gongkai", "manage", "migrate", "--verbosity", "0")
    _child(
        home,
        "from datetime import date\n"
        "from gongkai.web.demo import load_demo\n"
        "from gongkai.web.applications.models import Application\n"
        "from gongkai.web.applications.services import letter_issue\n"
        "load_demo(as_of=date(2024, 11, 20), per_unit_year=2)\n"
        "app = Application.objects.filter(events__kind='reply').first()\n"
        "letter_issue(application=app, kind='reply', actor=None, as_of=date(2024, 11, 20))\n",
    )
    archive = tmp_path / "sqlite.zip"
    assert "and 2 files" in _child(home, "gongkai", "backup", str(archive))
    source = json.loads(_child(home, EXPORT))

    restore(archive)

    try:
        assert database_export() == source
        letter = IssuedLetter.objects.get()
        for f in (letter.docx, letter.pdf):
            with f.open("rb") as fh:
                assert fh.read() == (home / "var" / "private" / f.name).read_bytes()
    finally:
        _delete_private_files()
