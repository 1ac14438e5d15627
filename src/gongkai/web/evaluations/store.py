"""Each collected evaluation's store (``gongkai collect``'s folder: ``manifest.jsonl``,
``files/``, ``cache/pages/``), kept between runs in the private storage under
``collected/<evaluation>/``, so that a run again fetches only what the store lacks.

The collector works on a folder of the local disk. A run copies the kept store into its
work folder (:func:`store_materialise`), collects into it, and writes back every file it
added or changed (:func:`store_keep`) — also when the collection failed part way, so that
what was fetched is not fetched again. On the local disk or in an S3-compatible bucket
alike, through Django's storage API.

The store belongs to its evaluation: :func:`store_delete` removes it with the evaluation,
and ``gongkai manage sweep_uploads`` removes a store whose evaluation is gone
(:data:`gongkai.web.applications.private_files.TREES`).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path, PurePosixPath

from django.core.files import File

from gongkai.web.applications.models import private_storage
from gongkai.web.storage import is_local, walk

#: The private storage's folder of the stores, one sub-folder per evaluation.
STORES = "collected"


def store_folder(pk: int) -> str:
    return f"{STORES}/{pk}"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def store_materialise(*, pk: int, into: Path) -> dict[str, str]:
    """Copy evaluation ``pk``'s kept store into the folder ``into``; the digest of each
    file copied, by its name relative to the store."""
    storage = private_storage()
    prefix = store_folder(pk) + "/"
    copied: dict[str, str] = {}
    into.mkdir(parents=True, exist_ok=True)
    for name in walk(storage, store_folder(pk)):
        relative = PurePosixPath(name[len(prefix) :])
        if not name.startswith(prefix) or ".." in relative.parts or relative.is_absolute():
            continue  # not a name the store writes
        target = into.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        copied[relative.as_posix()] = _digest(target)
    return copied


def store_keep(*, pk: int, folder: Path, copied: dict[str, str]) -> int:
    """Write back to the storage every file of the store in ``folder`` that is not as
    :func:`store_materialise` copied it (``copied``); how many were written."""
    storage = private_storage()
    written = 0
    if not folder.is_dir():
        return 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name.startswith("."):
            continue  # a half-written file (.NAME.tmp) is not kept
        relative = path.relative_to(folder).as_posix()
        if copied.get(relative) == _digest(path):
            continue
        name = f"{store_folder(pk)}/{relative}"
        if storage.exists(name):
            storage.delete(name)
        with path.open("rb") as fh:
            saved = storage.save(name, File(fh, name=path.name))
        if saved != name:  # the storage renamed it: the store would not find it
            storage.delete(saved)
            raise OSError(f"the storage kept {name} as {saved}")
        written += 1
    return written


def store_delete(*, pk: int) -> int:
    """Remove evaluation ``pk``'s kept store; how many files were removed."""
    storage = private_storage()
    names = list(walk(storage, store_folder(pk)))
    for name in names:
        storage.delete(name)
    if is_local(storage):  # and its emptied folders
        shutil.rmtree(storage.path(store_folder(pk)), ignore_errors=True)
    return len(names)


def store_size(*, pk: int) -> tuple[int, int]:
    """(files, bytes) of evaluation ``pk``'s kept store."""
    storage = private_storage()
    files = size = 0
    for name in walk(storage, store_folder(pk)):
        files += 1
        size += storage.size(name)
    return files, size
