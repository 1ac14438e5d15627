"""The security tests run on the web tests' unit tree and services (tests/web/conftest.py):
on SQLite by default, on PostgreSQL when DATABASE_URL names it (`make test` runs both)."""

from __future__ import annotations

from web.conftest import _fast_password_hashing, as_of, county, register

__all__ = ["_fast_password_hashing", "as_of", "county", "register"]
