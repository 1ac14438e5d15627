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
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, transaction
from django.utils import timezone

from gongkai import __version__
from gongkai.web.backup_format import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    NATURAL,
    SKIPPED,
    BackupError,
    BackupResult,
    RestoreResult,
    _file_fields,
    _uses_natural_keys,
    backup_models,
    migration_state,
)
from gongkai.web.backup_restore import restore

__all__ = [
    "SKIPPED",
    "BackupError",
    "BackupResult",
    "RestoreResult",
    "backup",
    "backup_models",
    "restore",
]


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
