"""The store's ``manifest.jsonl``: one JSON line per collected report.

Fields of a line (README, `gongkai collect`)::

    unit, year, title          the unit of the sites list, the report's year and title
    url                        the address of the report's file (the page, or its attachment)
    page                       the link on the list page (the report's page, or the file)
    fetched_at                 when the file was fetched (ISO 8601, UTC)
    published_on               the page's publication date (YYYY-MM-DD) or null
    published_on_from          where it was read: "meta", "page", "list" (beside the link) or null
    sha256, size, kind, file   the file's digest and size, html/pdf/docx/doc/wps, its path
                               in the store (relative, with "/")
    attachments                the page's other files: [{url, kind, file, sha256, size}]
    page_file                  the page itself when the report is its attachment, else null

This module reads and writes lines only: ``gongkai audit STORE`` imports it without the
collector's HTTP stack.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["MANIFEST", "FileRecord", "ManifestEntry", "read_manifest"]

MANIFEST = "manifest.jsonl"
KINDS = ("html", "pdf", "docx", "doc", "wps")


@dataclass(frozen=True)
class FileRecord:
    url: str
    kind: str
    file: str
    sha256: str
    size: int


@dataclass(frozen=True)
class ManifestEntry:
    unit: str
    year: int
    url: str
    fetched_at: str
    published_on: date | None
    sha256: str
    kind: str
    file: str
    page: str = ""
    title: str = ""
    size: int = 0
    published_on_from: str | None = None
    attachments: tuple[FileRecord, ...] = field(default_factory=tuple)
    page_file: str | None = None

    def to_json(self) -> str:
        data = asdict(self)
        data["published_on"] = self.published_on.isoformat() if self.published_on else None
        data["attachments"] = [asdict(a) for a in self.attachments]
        order = ["unit", "year", "url", "fetched_at", "published_on", "sha256", "kind", "file"]
        ordered = {k: data.pop(k) for k in order} | data
        return json.dumps(ordered, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ManifestEntry:
        published = data.get("published_on")
        return cls(
            unit=str(data["unit"]),
            year=int(data["year"]),
            url=str(data["url"]),
            fetched_at=str(data.get("fetched_at") or ""),
            published_on=date.fromisoformat(published) if published else None,
            sha256=str(data["sha256"]),
            kind=str(data["kind"]),
            file=str(data["file"]),
            page=str(data.get("page") or data["url"]),
            title=str(data.get("title") or ""),
            size=int(data.get("size") or 0),
            published_on_from=data.get("published_on_from"),
            attachments=tuple(FileRecord(**a) for a in data.get("attachments") or ()),
            page_file=data.get("page_file"),
        )


def read_manifest(store: str | Path) -> list[ManifestEntry]:
    """Every line of ``STORE/manifest.jsonl`` (none when there is no manifest). A line
    that is not a whole entry — the last one of a run killed while writing it — is
    skipped: its report is collected again by the next run."""
    path = Path(store) / MANIFEST
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            entries.append(ManifestEntry.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            continue
    return entries
