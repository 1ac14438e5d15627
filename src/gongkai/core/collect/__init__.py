"""Collecting published annual reports from government websites (``gongkai collect``).

- :mod:`~gongkai.core.collect.sites` — the sites list (``unit,url``) and the years;
- :mod:`~gongkai.core.collect.links` — what a list page links to: reports by title,
  pagination, sub-columns, a report page's attachments;
- :mod:`~gongkai.core.collect.find` — a site's list pages and the reports they link;
- :mod:`~gongkai.core.collect.dates` — a report page's publication date;
- :mod:`~gongkai.core.collect.fetch` — polite HTTP (robots.txt, per-host limit and delay,
  retries, conditional requests, size limit);
- :mod:`~gongkai.core.collect.store`, :mod:`~gongkai.core.collect.manifest` — the resumable
  store and its ``manifest.jsonl``;
- :mod:`~gongkai.core.collect.crawl` — :func:`collect`, the crawl itself.

Importing this package loads no HTTP client: ``gongkai audit STORE`` reads manifests
through it. The crawl is ``gongkai.core.collect.crawl.collect``.
"""

from gongkai.core.collect.errors import CollectError, FetchError
from gongkai.core.collect.manifest import MANIFEST, FileRecord, ManifestEntry, read_manifest
from gongkai.core.collect.sites import Site, parse_years, read_sites

__all__ = [
    "MANIFEST",
    "CollectError",
    "FetchError",
    "FileRecord",
    "ManifestEntry",
    "Site",
    "parse_years",
    "read_manifest",
    "read_sites",
]
