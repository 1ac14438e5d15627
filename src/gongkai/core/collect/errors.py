"""The exceptions of the collector (``gongkai collect``).

::

    GongkaiError            (gongkai.core.errors)
     └── CollectError       a sites list that cannot be read (the message names the line)
          └── FetchError    one URL that could not be fetched: robots.txt forbids it, the
                            server failed after every retry, the file is over the size
                            limit, it is not what it says it is; ``reason`` is the text
                            written to failures.jsonl

A :class:`FetchError` never ends a run: the crawl records it and goes on with the rest.
"""

from __future__ import annotations

from gongkai.core.errors import GongkaiError

__all__ = ["CollectError", "FetchError"]


class CollectError(GongkaiError):
    """Input to the collector that cannot be used (a sites list without its columns …)."""


class FetchError(CollectError):
    """One URL that could not be fetched; ``reason`` says why, for failures.jsonl."""

    def __init__(self, reason: str, *, url: str = "") -> None:
        self.reason = reason
        self.url = url
        super().__init__(f"{url}: {reason}" if url else reason)
