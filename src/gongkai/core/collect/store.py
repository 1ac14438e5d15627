"""The collector's store: a folder that a run can stop in at any moment and resume.

::

    STORE/
      manifest.jsonl     one line per report collected (gongkai.core.collect.manifest)
      failures.jsonl     every failure of the last run: {unit, url, reason, stage, year, at}
      files/UNIT/        the raw files: YEAR-<hash of the URL>.html|pdf|docx|doc|wps
      cache/pages/       the list pages last fetched, with their ETag and Last-Modified
                         (validators.json), for conditional requests

A file is written under a temporary name and renamed into place; a report's manifest
line is appended only once all its files are in place. A report is collected again only
when it has no manifest line or one of its files is missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from pathlib import Path
from typing import Any

from gongkai.core.collect.manifest import MANIFEST, ManifestEntry, read_manifest

__all__ = ["FAILURES", "Store", "sha256"]

FAILURES = "failures.jsonl"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe(name: str) -> str:
    """A unit's name as a folder name: no path separators or control characters."""
    cleaned = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", name).strip(" .")
    return cleaned[:80] or "_"


class Store:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._pages = self.root / "cache" / "pages"
        self._validators_path = self._pages / "validators.json"
        self._validators: dict[str, dict[str, str]] = {}
        if self._validators_path.exists():
            try:
                self._validators = json.loads(self._validators_path.read_text("utf-8"))
            except ValueError:
                self._validators = {}
        self._entries: dict[tuple[str, str], ManifestEntry] = {}
        for entry in read_manifest(self.root):
            self._entries[(entry.unit, entry.page)] = entry
        # failures.jsonl tells of the last run only: a failure since put right goes.
        (self.root / FAILURES).write_text("", encoding="utf-8")

    # -- reports ------------------------------------------------------------------------

    def collected(self, unit: str, page: str) -> ManifestEntry | None:
        """The manifest line of a report already collected whole, or None."""
        entry = self._entries.get((unit, page))
        if entry is None:
            return None
        files = [entry.file, *(a.file for a in entry.attachments)]
        if entry.page_file:
            files.append(entry.page_file)
        if all((self.root / f).is_file() for f in files):
            return entry
        return None

    def entries(self) -> list[ManifestEntry]:
        return list(self._entries.values())

    def add(self, entry: ManifestEntry) -> None:
        with self._lock:
            with (self.root / MANIFEST).open("a", encoding="utf-8") as f:
                f.write(entry.to_json() + "\n")
                f.flush()
                os.fsync(f.fileno())
            self._entries[(entry.unit, entry.page)] = entry

    def write_file(self, unit: str, year: int, url: str, kind: str, data: bytes) -> str:
        """Write a fetched file; its path relative to the store (with "/")."""
        folder = self.root / "files" / _safe(unit)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{year}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:12]}.{kind}"
        _write_atomic(folder / name, data)
        return (folder / name).relative_to(self.root).as_posix()

    # -- failures -----------------------------------------------------------------------

    def fail(self, record: dict[str, Any]) -> None:
        with self._lock, (self.root / FAILURES).open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")

    # -- list pages, for conditional requests --------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the cached copy of a list page, when it is cached."""
        with self._lock:
            v = self._validators.get(url)
        if not v or not (self._pages / v["file"]).is_file():
            return None, None
        return v.get("etag"), v.get("last_modified")

    def cached_page(self, url: str) -> bytes:
        with self._lock:
            name = self._validators[url]["file"]
        return (self._pages / name).read_bytes()

    def keep_page(self, url: str, data: bytes, etag: str | None, last_modified: str | None) -> None:
        if not etag and not last_modified:
            return  # nothing to make the next request conditional with
        self._pages.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha1(url.encode("utf-8")).hexdigest() + ".html"
        _write_atomic(self._pages / name, data)
        with self._lock:
            v = {"file": name}
            if etag:
                v["etag"] = etag
            if last_modified:
                v["last_modified"] = last_modified
            self._validators[url] = v
            _write_atomic(
                self._validators_path,
                json.dumps(self._validators, ensure_ascii=False, indent=0).encode("utf-8"),
            )


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with tmp.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
