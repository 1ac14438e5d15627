"""Files kept in the private storage (applicants' identity documents, issued letters,
import files): ``var/private`` or the S3-compatible bucket (gongkai.web.storage).

A file and the record that names it cannot be written in one step: the file goes to
disk, the record to the database. The order that leaves nothing half-done is the file
first, inside the transaction that records it (:func:`removed_on_rollback`): if the
transaction does not commit, the file is removed; a committed record always finds its
file. What no ``except`` can cover — the process killed (``kill -9``, power lost) after
the file was written and before the commit — leaves a file that no record names, and
:func:`private_files_sweep` (``gongkai manage sweep_uploads``) removes such files once
they are older than any transaction could be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import models, transaction

from gongkai.web.applications.models import private_storage
from gongkai.web.storage import PrivateStorage, walk

#: A file younger than this may belong to a transaction still running: never swept.
SWEEP_MIN_AGE = timedelta(hours=1)

#: Folders of the private storage that hold a tree of files per record rather than files
#: named by a field (an evaluation's collected store, ``collected/<pk>/…``): the folder →
#: a function giving the keys (the first segment under the folder) of the records that
#: exist. Filled in by the apps that own them (their ``AppConfig.ready``).
TREES: dict[str, Callable[[], set[str]]] = {}


@contextmanager
def removed_on_rollback() -> Iterator[list[str]]:
    """A transaction whose private files are removed unless it commits. Append the name
    of every file written to private storage to the list it yields, as soon as it is
    written; any exception (the database's, a signal's ``SystemExit``) removes them and
    goes on. Used as the outermost transaction, this covers the commit itself; inside a
    caller's transaction, a rollback of the caller's after this block leaves the files to
    the sweep."""
    written: list[str] = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        storage = private_storage()
        for name in written:
            storage.delete(name)
        raise


def private_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every file field whose files are kept in private storage."""
    found = []
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, models.FileField) and isinstance(field.storage, PrivateStorage):
                found.append((model, field))
    return found


@dataclass(frozen=True)
class Sweep:
    """What :func:`private_files_sweep` found: the files it removed (names relative to
    private storage, with their sizes), and how many it kept because a record names
    them or they are too young."""

    removed: list[tuple[str, int]]
    named: int
    young: int


def private_files_sweep(
    *, now: datetime, min_age: timedelta = SWEEP_MIN_AGE, dry_run: bool = False
) -> Sweep:
    """Remove the files under the private folders of the file fields (``identity/``,
    ``letters/``, ``imports/``) that no record names and that were last written more than ``min_age``
    before ``now``. ``dry_run``: remove nothing, report the same."""
    storage = private_storage()
    named: set[str] = set()
    folders: set[str] = set()
    for model, field in private_file_fields():
        if isinstance(field.upload_to, str):
            folders.add(field.upload_to.split("/", 1)[0])
        named.update(
            model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
        )
    cutoff = now - min_age
    removed: list[tuple[str, int]] = []
    kept_named = young = 0

    def sweep(name: str, *, kept: bool) -> None:
        nonlocal kept_named, young
        if kept:
            kept_named += 1
        elif storage.get_modified_time(name) > cutoff:
            young += 1
        else:
            size = storage.size(name)
            if not dry_run:
                storage.delete(name)
            removed.append((name, size))

    for folder in sorted(folders):
        for name in walk(storage, folder):
            sweep(name, kept=name in named)
    for folder, alive in sorted(TREES.items()):
        keys = alive()
        for name in walk(storage, folder):
            sweep(name, kept=name.split("/")[1] in keys)
    return Sweep(removed=removed, named=kept_named, young=young)
