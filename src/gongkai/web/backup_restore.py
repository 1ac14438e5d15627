"""Restore of a backup archive (see ``gongkai.web.backup``): the checks that refuse a
damaged archive or another migration state, and the load of every row and file in one
transaction."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.management.color import no_style
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DatabaseError, IntegrityError, connections, models, transaction

from gongkai.web.backup_format import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    NATURAL,
    SEEDED,
    SKIPPED,
    BackupError,
    RestoreResult,
    _file_fields,
    backup_models,
    migration_state,
)

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
