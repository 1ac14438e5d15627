"""Where gongkai keeps its files, through Django's storage API.

Two storages, named in ``settings.STORAGES``:

- ``private``: applicants' identity documents, issued letters, the files of catalogue
  imports, background jobs' inputs and outputs — anything that names a person or that
  only the staff may read. On the local
  disk (the default) under ``var/private``, 0600 files in 0700 directories; with
  ``GONGKAI_STORAGE=s3``, in the S3-compatible bucket under ``private/``, never with a
  public ACL. Served only by the permission-checked views (:func:`private_file_response`):
  streamed from the storage, or — with ``GONGKAI_S3_SIGNED_URLS=1`` — by a redirect to a
  presigned URL that expires after ``GONGKAI_S3_URL_SECONDS`` (60 s).
- ``default``: the catalogue's attachments (published with their items): ``var/media`` on
  the local disk, or the bucket under ``files/``.

The model fields name :class:`PrivateStorage`, which hands each call to the storage the
settings name *when it is used*, so that the same models (and migrations) serve both, and
a test can switch the settings.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header


class LocalPrivateStorage(FileSystemStorage):
    """``var/private`` under ``settings.VAR``, read each time it is used (not when the
    storage is made), so that a test can put it elsewhere with the settings. Its files
    are gongkai's user's alone (0600, in directories 0700), whatever the settings say."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700
        )

    @property
    def base_location(self) -> str:
        return str(Path(settings.VAR) / "private")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_backend() -> Storage:
    """The storage that holds the private files now (``settings.STORAGES["private"]``)."""
    return storages["private"]


@deconstructible(path="gongkai.web.storage.PrivateStorage")
class PrivateStorage(Storage):
    """The private files' storage as the model fields see it: every call goes to
    :func:`private_backend`, the local disk or the S3-compatible bucket."""

    def _open(self, name: str, mode: str = "rb") -> Any:
        return private_backend().open(name, mode)

    def _save(self, name: str, content: Any) -> str:
        return private_backend().save(name, content)

    def get_valid_name(self, name: str) -> str:
        return private_backend().get_valid_name(name)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return private_backend().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        return private_backend().generate_filename(filename)

    def path(self, name: str) -> str:
        return private_backend().path(name)

    def delete(self, name: str) -> None:
        private_backend().delete(name)

    def exists(self, name: str) -> bool:
        return private_backend().exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return private_backend().listdir(path)

    def size(self, name: str) -> int:
        return private_backend().size(name)

    def url(self, name: str | None) -> str:
        return private_backend().url(name)

    def get_modified_time(self, name: str) -> datetime:
        return private_backend().get_modified_time(name)

    def get_created_time(self, name: str) -> datetime:
        return private_backend().get_created_time(name)

    def get_accessed_time(self, name: str) -> datetime:
        return private_backend().get_accessed_time(name)


def is_local(storage: Storage) -> bool:
    """Whether the files of ``storage`` are on this machine's disk."""
    if isinstance(storage, PrivateStorage):
        storage = private_backend()
    return isinstance(storage, FileSystemStorage)


def walk(storage: Storage, folder: str) -> Iterator[str]:
    """The names of every file under ``folder`` of ``storage``, in order, at any depth.
    On the local disk a symbolic link is not followed nor named."""
    if isinstance(storage, PrivateStorage):
        storage = private_backend()
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for f in sorted(files):
        name = posixpath.join(folder, f)
        if isinstance(storage, FileSystemStorage):
            path = Path(storage.path(name))
            if path.is_symlink() or not path.is_file():
                continue
        yield name
    for d in sorted(dirs):
        if isinstance(storage, FileSystemStorage) and Path(storage.path(folder), d).is_symlink():
            continue
        yield from walk(storage, posixpath.join(folder, d))


def signed_urls(storage: Storage | None = None) -> bool:
    """Whether the files of ``storage`` (the private one by default) are handed out as
    presigned URLs: on S3, with ``GONGKAI_S3_SIGNED_URLS=1``."""
    storage = private_backend() if storage is None else storage
    return bool(getattr(settings, "GONGKAI_S3_SIGNED_URLS", False)) and not is_local(storage)


def private_file_response(
    name: str | None,
    *,
    filename: str,
    content_type: str,
    fh: File | BinaryIO | None = None,
    storage: Storage | None = None,
) -> HttpResponseBase:
    """The response that hands a file of ``storage`` (the private one by default) to
    someone a view has found may have it: the file as an attachment, never cached —
    streamed from ``fh``, or read whole from the storage (letters, attachments: a few
    MB at most); or, on S3 with signed URLs on, a redirect to a URL of the object signed
    for ``GONGKAI_S3_URL_SECONDS`` that makes the browser save it under ``filename`` with
    ``content_type``. ``fh``: the file already opened (it is closed either way)."""
    if not name:
        raise FileNotFoundError("no file")
    if storage is None or isinstance(storage, PrivateStorage):
        storage = private_backend()
    disposition = content_disposition_header(True, filename)
    if signed_urls(storage):
        if fh is not None:
            fh.close()
        backend: Any = storage  # django-storages' S3Storage.url takes these
        url = backend.url(
            name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
            expire=settings.GONGKAI_S3_URL_SECONDS,
        )
        response: HttpResponseBase = HttpResponseRedirect(url)
    elif fh is not None:
        response = FileResponse(
            fh, content_type=content_type, as_attachment=True, filename=filename
        )
    else:
        with storage.open(name, "rb") as f:
            response = HttpResponse(f.read(), content_type=content_type)
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response
