"""Reads of the public pages from a read replica of PostgreSQL, when one is configured.

With ``DATABASE_REPLICA_URL`` set, settings add the database alias ``replica`` and this
router. Only reads made inside :func:`replica_reads` go there — the public portal's pages
rendered for an anonymous visitor (``gongkai.web.portal.cache``), which only read published
rows — and never a read inside a transaction of the primary (a service's reads before
its writes must see the primary's rows). Everything else, every write and every migration,
stays on ``default``: the replica is a physical copy that PostgreSQL's streaming
replication keeps, never migrated by gongkai itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections

REPLICA = "replica"

_reading: ContextVar[bool] = ContextVar("gongkai_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads go to the replica (when one is configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """Django's database router (settings.DATABASE_ROUTERS) for ``default`` + ``replica``."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if _reading.get() and replica_configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database's rows, wherever they were read from

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
