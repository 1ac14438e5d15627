"""The backup archive's vocabulary, shared by the writer (``backup``) and the reader
(``backup_restore``): the format's name and version, the tables left out or matched by
natural key, the errors and results, and which models and files go into an archive.
The archive itself is described in ``gongkai.web.backup``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.db.migrations.recorder import MigrationRecorder

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
