"""Backup and restore of the whole database and the files its rows refer to.

An archive is a ZIP file:

- ``data/<app_label>.<model>.jsonl`` — every row of every model, one JSON object per line
  in Django's ``jsonl`` serialization, written while the rows are read in chunks (a
  million applications never sit in memory at once);
- ``files/<app_label>.<model>.<field>/<name>`` — every file a ``FileField`` names: the
  applicants' identity documents and the issued letters kept under ``var/private``, and
  catalogue attachments;
- ``manifest.json`` — the format and its version, the migrations applied to the source
  database, and for every member its row count (data) or size (files) and its sha256.

Content types and permissions are written with their natural keys (``app_label``,
``model``, ``codename``) and so are references to them, because a migrated database
already has its own rows for them, numbered in its own way. Every other row keeps its
primary key.

Left out, on purpose (:data:`SKIPPED`): sessions and the throttle's hit counters.

A restore loads everything in one transaction: a damaged archive (not a ZIP, a member
whose checksum differs, another migration state, a row that does not load — named by
member and line) changes nothing. PostgreSQL sequences are reset afterwards. Backups
from SQLite restore into PostgreSQL and back: the rows travel as JSON, not as SQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DatabaseError, IntegrityError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from gongkai import __version__

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Rows read, and rows inserted, per round trip.
CHUNK = 2000

#: Tables not in the archive, and why.
SKIPPED = {
    "sessions.session": (
        "logins in progress: signed with the server's secret key and short-lived; "
        "after a restore everybody logs in again"
    ),
    "throttle.hit": (
        "counts of recent attempts (failed logins, online applications, status lookups) "
        "that expire within the hour"
    ),
}
#: Models whose rows a migrated database makes itself; matched by natural key.
NATURAL = ("contenttypes.contenttype", "auth.permission")
#: Tables a migration fills (the wording lexicon that ships): a database holding only
#: these rows is still empty to a restore, which replaces them with the backup's own.
SEEDED = ("proactive.lexiconentry",)


class BackupError(Exception):
    """A backup or restore refused, with the reason for the person who asked."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass
class BackupResult:
    path: Path
    rows: dict[str, int]
    files: int
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    rows: dict[str, int]
    files: int


def backup_models() -> list[type[models.Model]]:
    """Every model whose rows go into the archive, content types and users first (the
    natural keys of later rows are looked up in them while loading)."""
    first: list[type[models.Model]] = [ContentType, Permission, Group, apps.get_model("auth.User")]
    rest = [
        m
        for m in apps.get_models()
        if m not in first
        and m._meta.label_lower not in SKIPPED
        and m._meta.managed
        and not m._meta.proxy
    ]
    return first + rest


def _uses_natural_keys(model: type[models.Model]) -> bool:
    targets = {ContentType, Permission}
    return any(f.related_model in targets for f in [*model._meta.fields, *model._meta.many_to_many])


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.fields if isinstance(f, models.FileField)]


def migration_state(alias: str = "default") -> list[list[str]]:
    applied = MigrationRecorder(connections[alias]).applied_migrations()
    return sorted([app, name] for app, name in applied)


# --- Backup


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds,
    and a restored row would then differ from the original)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class _Member:
    """A text stream into one archive member that counts its sha256 and buffers writes
    (the serializer writes in many small pieces)."""

    def __init__(self, raw: Any) -> None:
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0
        self._buf: list[str] = []
        self._len = 0

    def write(self, text: str) -> int:
        self._buf.append(text)
        self._len += len(text)
        if self._len > 1 << 20:
            self.flush()
        return len(text)

    def flush(self) -> None:
        data = "".join(self._buf).encode()
        self._buf, self._len = [], 0
        self.raw.write(data)
        self.sha.update(data)
        self.size += len(data)


def _counted(rows: Iterable[Any], counter: list[int]) -> Iterator[Any]:
    for row in rows:
        counter[0] += 1
        yield row


@contextmanager
def _snapshot(alias: str) -> Iterator[None]:
    """One consistent view of the database for the whole backup, without blocking writers:
    PostgreSQL's REPEATABLE READ, SQLite's deferred read transaction (the settings make
    SQLite's transactions take the write lock at BEGIN, which a backup must not do)."""
    connection = connections[alias]
    outermost = not connection.in_atomic_block
    if connection.vendor == "sqlite":
        connection.ensure_connection()  # the mode is read from the settings on connecting
        mode = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=alias):
                connection.transaction_mode = mode  # type: ignore[attr-defined]
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic(using=alias):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup(path: str | os.PathLike[str], *, using: str = "default") -> BackupResult:
    """Write the archive at ``path`` (through a temporary file beside it, so that an
    interrupted backup never leaves a half-written archive under that name)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose another name or remove it first.")
    if not path.parent.is_dir():
        raise BackupError(f"{path}: the folder {path.parent} does not exist; create it first.")
    tmp = path.with_name(f".{path.name}.partial")
    result = BackupResult(path=path, rows={}, files=0)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "gongkai": __version__,
        "created_at": timezone.now().isoformat(),
        "database": connections[using].vendor,
        "skipped": SKIPPED,
        "models": {},
        "files": [],
    }
    try:
        with (
            _private_file(tmp) as archive,
            zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
            _snapshot(using),
        ):
            manifest["migrations"] = migration_state(using)
            for model in backup_models():
                label = model._meta.label_lower
                member = f"data/{label}.jsonl"
                counter = [0]
                with zf.open(_info(member), "w", force_zip64=True) as raw:
                    out = _Member(raw)
                    rows = model._base_manager.using(using).order_by("pk").iterator(CHUNK)
                    serializers.serialize(
                        "jsonl",
                        _counted(rows, counter),
                        stream=out,
                        use_natural_foreign_keys=_uses_natural_keys(model),
                        use_natural_primary_keys=label in NATURAL,
                        cls=ExactEncoder,
                    )
                    out.flush()
                manifest["models"][label] = {
                    "member": member,
                    "rows": counter[0],
                    "sha256": out.sha.hexdigest(),
                }
                result.rows[label] = counter[0]
                for f in _file_fields(model):
                    names = (
                        model._base_manager.using(using)
                        .exclude(**{f.attname: ""})
                        .order_by(f.attname)
                        .values_list(f.attname, flat=True)
                        .distinct()
                        .iterator(CHUNK)
                    )
                    for name in names:
                        entry = _backup_file(zf, f, name)
                        if entry is None:
                            result.missing_files.append(f"{label}.{f.name}: {name}")
                        else:
                            manifest["files"].append(entry)
                            result.files += 1
            manifest["missing_files"] = result.missing_files
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(tmp, path)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):  # not writable, disk full …
            raise BackupError(f"{path}: cannot be written ({err.strerror or err}).") from None
        raise
    return result


def _private_file(path: Path) -> IO[bytes]:
    """``path`` opened for writing, readable by gongkai's user alone (mode 0600): an archive
    holds the database and the applicants' identity documents."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a leftover of an interrupted backup kept its mode
    return os.fdopen(fd, "wb")


def _info(member: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(member, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _backup_file(zf: zipfile.ZipFile, f: models.FileField, name: str) -> dict[str, Any] | None:
    storage = f.storage
    if not storage.exists(name):
        return None
    key = f"{f.model._meta.label_lower}.{f.name}"
    member = f"files/{key}/{name}"
    sha, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as src, zf.open(_info(member), "w", force_zip64=True) as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
            sha.update(chunk)
            size += len(chunk)
    return {"member": member, "field": key, "name": name, "size": size, "sha256": sha.hexdigest()}


# --- Restore


def _read_manifest(zf: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{path}: not a gongkai backup (no {MANIFEST}).") from None
    except (ValueError, zipfile.BadZipFile, zlib.error) as err:
        raise BackupError(f"{path}: {MANIFEST} is damaged ({err}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a gongkai backup ({MANIFEST} has no format {FORMAT!r}).")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{path}: backup format version {manifest.get('version')!r}; "
            f"this gongkai reads version {FORMAT_VERSION}."
        )
    names = set(zf.namelist())
    for entry in [*manifest.get("models", {}).values(), *manifest.get("files", [])]:
        if entry.get("member") not in names:
            raise BackupError(f"{path}: member {entry.get('member')} is missing from the archive.")
    return manifest


def _check_migrations(manifest: dict[str, Any], alias: str) -> None:
    theirs = {tuple(m) for m in manifest.get("migrations", [])}
    ours = {tuple(m) for m in migration_state(alias)}
    if theirs == ours:
        return
    only_theirs = sorted("{}.{}".format(*m) for m in theirs - ours)
    only_ours = sorted("{}.{}".format(*m) for m in ours - theirs)
    parts = []
    if only_theirs:
        parts.append("applied in the backup only: " + ", ".join(only_theirs[:5]))
    if only_ours:
        parts.append("applied in this database only: " + ", ".join(only_ours[:5]))
    raise BackupError(
        "The backup was made at another migration state than this database ("
        + "; ".join(parts)
        + "). Restore it with the gongkai version that made it, then upgrade."
    )


def _data_tables(alias: str) -> list[str]:
    """The tables a restore fills (or --replace empties), with the many-to-many ones;
    sessions and throttle hits are emptied by --replace too."""
    tables: list[str] = []
    for model in [*backup_models(), *(apps.get_model(label) for label in SKIPPED)]:
        if model._meta.label_lower in NATURAL:
            continue
        tables.append(model._meta.db_table)
        tables += [
            f.remote_field.through._meta.db_table
            for f in model._meta.local_many_to_many
            if f.remote_field.through._meta.auto_created
        ]
    return tables


def _is_empty(alias: str) -> bool:
    return not any(
        m._base_manager.using(alias).exists()
        for m in backup_models()
        if m._meta.label_lower not in NATURAL and m._meta.label_lower not in SEEDED
    )


def _seeded_tables() -> list[str]:
    return [apps.get_model(label)._meta.db_table for label in SEEDED]


def _referenced_files(alias: str) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for model in backup_models():
        for f in _file_fields(model):
            key = f"{model._meta.label_lower}.{f.name}"
            names = model._base_manager.using(alias).exclude(**{f.attname: ""})
            found.update((key, n) for n in names.values_list(f.attname, flat=True).iterator(CHUNK))
    return found


def _field_of(key: str) -> models.FileField:
    label, _, name = key.rpartition(".")
    f = apps.get_model(label)._meta.get_field(name)
    assert isinstance(f, models.FileField)
    return f


def restore(
    path: str | os.PathLike[str], *, replace: bool = False, using: str = "default"
) -> RestoreResult:
    """Load an archive into this (migrated) database; see the module's docstring."""
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file.") from None
    except (OSError, zipfile.BadZipFile) as err:
        raise BackupError(
            f"{path}: not a gongkai backup (not a readable ZIP file: {err})."
        ) from None
    connection = connections[using]
    with zf:
        manifest = _read_manifest(zf, path)
        _check_migrations(manifest, using)
        settings.VAR.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=settings.VAR, prefix=".restore-") as staging:
            with transaction.atomic(using=using):
                old_files: set[tuple[str, str]] = set()
                if not _is_empty(using):
                    if not replace:
                        raise BackupError(
                            "This database already holds records; restore into an empty "
                            "database, or give --replace to replace everything in it."
                        )
                    old_files = _referenced_files(using)
                    if connection.vendor == "postgresql":
                        # TRUNCATE refuses tables with foreign-key checks still pending in
                        # this transaction; run them now (they are deferred otherwise).
                        connection.check_constraints()
                    connection.ops.execute_sql_flush(
                        connection.ops.sql_flush(no_style(), _data_tables(using))
                    )
                else:  # what the migrations put there makes way for the backup's rows
                    connection.ops.execute_sql_flush(
                        connection.ops.sql_flush(no_style(), _seeded_tables())
                    )
                rows = {}
                for label, entry in manifest["models"].items():
                    rows[label] = _load_member(zf, label, entry, using)
                try:
                    connection.check_constraints(table_names=_data_tables(using))
                except IntegrityError as err:
                    raise BackupError(f"{path}: the rows do not fit together: {err}") from None
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), backup_models()):
                        cursor.execute(sql)
                staged = [_stage_file(zf, entry, Path(staging)) for entry in manifest["files"]]
            # Committed: now the files (a failure here leaves the records restored and
            # names the file; restoring again with --replace repairs it).
            for entry, tmp in staged:
                f = _field_of(entry["field"])
                if f.storage.exists(entry["name"]):
                    f.storage.delete(entry["name"])
                with open(tmp, "rb") as fh:
                    saved = f.storage.save(entry["name"], File(fh))
                if saved != entry["name"]:
                    raise BackupError(f"{entry['member']}: stored as {saved}, not {entry['name']}.")
            restored = {(e["field"], e["name"]) for e in manifest["files"]}
            for key, name in old_files - restored:
                _field_of(key).storage.delete(name)
    return RestoreResult(rows=rows, files=len(staged))


def _stage_file(zf: zipfile.ZipFile, entry: dict[str, Any], staging: Path) -> tuple[dict, Path]:
    member = entry["member"]
    tmp = staging / hashlib.sha256(member.encode()).hexdigest()
    sha = hashlib.sha256()
    try:
        with zf.open(member) as src, open(tmp, "wb") as dst:
            while chunk := src.read(1 << 20):
                sha.update(chunk)
                dst.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise BackupError(f"{member}: damaged ({err}).") from None
    if sha.hexdigest() != entry.get("sha256"):
        raise BackupError(
            f"{member}: the checksum differs from the manifest's; the archive is damaged."
        )
    return entry, tmp


def _load_member(zf: zipfile.ZipFile, label: str, entry: dict[str, Any], alias: str) -> int:
    member = entry["member"]
    try:
        model = apps.get_model(label)
    except LookupError:
        raise BackupError(f"{member}: no model {label} in this gongkai.") from None
    natural = label in NATURAL
    sha = hashlib.sha256()
    batch: list[Any] = []
    first_line, count = 0, 0
    try:
        with zf.open(member) as fh:
            for lineno, raw in enumerate(fh, 1):
                sha.update(raw)
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw)
                    if not isinstance(data, dict) or data.get("model") != label:
                        raise ValueError(f"a row of {data.get('model')!r}, not of {label}")
                    objs = list(PythonDeserializer([data], using=alias))
                except Exception as err:  # any way a row can fail to load: name where
                    raise BackupError(f"{member} line {lineno}: {err}") from None
                count += 1
                if natural:
                    for obj in objs:
                        obj.save(using=alias)
                    continue
                if not batch:
                    first_line = lineno
                batch += objs
                if len(batch) >= CHUNK:
                    _insert(model, batch, alias, member, first_line, lineno)
                    batch = []
            if batch:
                _insert(model, batch, alias, member, first_line, lineno)
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise BackupError(f"{member}: damaged ({err}).") from None
    if sha.hexdigest() != entry.get("sha256"):
        raise BackupError(
            f"{member}: the checksum differs from the manifest's; the archive is damaged."
        )
    if count != entry.get("rows"):
        raise BackupError(f"{member}: {count} rows, the manifest says {entry.get('rows')}.")
    return count


def _insert(
    model: type[models.Model], batch: list[Any], alias: str, member: str, first: int, last: int
) -> None:
    """Insert rows as they are: ``raw=True`` keeps the stored values of ``auto_now`` fields
    (``bulk_create`` would stamp them with the current time)."""
    connection = connections[alias]
    fields = model._meta.local_concrete_fields
    objs = [d.object for d in batch]
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    try:
        for i in range(0, len(objs), size):
            model._base_manager.using(alias)._insert(  # type: ignore[attr-defined]
                objs[i : i + size], fields=fields, using=alias, raw=True
            )
        for f in model._meta.local_many_to_many:
            through: Any = f.remote_field.through
            src, dst = f.m2m_field_name() + "_id", f.m2m_reverse_field_name() + "_id"
            links = [
                through(**{src: d.object.pk, dst: pk})
                for d in batch
                for pk in d.m2m_data.get(f.name, [])
            ]
            through._base_manager.using(alias).bulk_create(links)
    except DatabaseError as err:
        raise BackupError(f"{member} lines {first}-{last}: {err}") from None
