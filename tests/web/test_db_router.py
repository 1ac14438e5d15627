"""A read replica (DATABASE_REPLICA_URL): the public pages read from it, writes and every
other read go to the primary (gongkai.web.db_router).

Two PostgreSQL databases of the local server play the parts: the primary, migrated and
given a published document, and a copy of it made then (``CREATE DATABASE … TEMPLATE``,
what a replica holds until it replays the primary's later changes). A gongkai process with
both configured then writes a second document and reads: the public catalogue shows the
replica's rows, the staff-side reads and the write are the primary's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import run_gongkai

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (DATABASE_URL=postgres://…)",
)

SERVER = "postgres://postgres@127.0.0.1:5432"
PRIMARY, REPLICA = "gongkai_cache_primary", "gongkai_cache_replica"

SEED = """
import django; django.setup()
from datetime import date
from gongkai.web.proactive.models import CatalogueItem
from gongkai.web.units.models import UnitKind
from gongkai.web.units.services import unit_create
unit = unit_create(name="副本县人民政府", code="R", kind=UnitKind.GOVERNMENT)
CatalogueItem.objects.create(unit=unit, index_no="R/1", publisher="副本县人民政府",
    title="复制之前发布的文件", topic=1, published_on=date(2024, 3, 1), status="published",
    secrecy_reviewed=True)
"""

CHECK = """
import json
import django; django.setup()
from datetime import date
from django.db import connections, transaction
from django.test import Client
from gongkai.web.db_router import replica_reads
from gongkai.web.proactive.models import CatalogueItem
from gongkai.web.units.models import Unit
item = CatalogueItem.objects.create(unit=Unit.objects.get(code="R"), index_no="R/2",
    publisher="副本县人民政府", title="复制之后发布的文件", topic=1,
    published_on=date(2024, 3, 2), status="published", secrecy_reviewed=True)
page = Client().get("/open/catalogue/").content.decode()
with replica_reads():
    in_block = CatalogueItem.objects.count()
    with transaction.atomic():
        in_transaction = CatalogueItem.objects.count()
print(json.dumps({
    "written_to": item._state.db,
    "page_before": "复制之前发布的文件" in page,
    "page_after": "复制之后发布的文件" in page,
    "staff_read": CatalogueItem.objects.count(),
    "replica_read": in_block,
    "read_in_transaction": in_transaction,
    "aliases": sorted(connections.settings),
}))
"""


def _psql(database: str, sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _python(code: str, home: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **os.environ,
            **env,
            "GONGKAI_HOME": str(home),
            "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
            "GONGKAI_ALLOWED_HOSTS": "testserver",
        },
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_public_pages_read_the_replica_and_writes_go_to_the_primary(tmp_path):
    for name in (REPLICA, PRIMARY):
        _psql("postgres", f"DROP DATABASE IF EXISTS {name}")
    _psql("postgres", f"CREATE DATABASE {PRIMARY}")
    primary = {"DATABASE_URL": f"{SERVER}/{PRIMARY}"}
    migrated = run_gongkai("manage", "migrate", "--noinput", home=tmp_path, env=primary)
    assert migrated.returncode == 0, migrated.stderr
    _python(SEED, tmp_path, primary)
    _psql("postgres", f"CREATE DATABASE {REPLICA} TEMPLATE {PRIMARY}")
    try:
        out = _python(CHECK, tmp_path, {**primary, "DATABASE_REPLICA_URL": f"{SERVER}/{REPLICA}"})
        seen = json.loads(out.strip().splitlines()[-1])
        assert seen == {
            "written_to": "default",
            "page_before": True,  # the public page: the replica's rows
            "page_after": False,
            "staff_read": 2,  # any read outside the public pages: the primary's
            "replica_read": 1,
            "read_in_transaction": 2,  # a transaction reads what it may have written
            "aliases": ["default", "replica"],
        }
        assert _psql(PRIMARY, "SELECT count(*) FROM proactive_catalogueitem") == "2"
        assert _psql(REPLICA, "SELECT count(*) FROM proactive_catalogueitem") == "1"
        # Without a replica configured, the same page reads the primary.
        alone = _python(CHECK.replace('index_no="R/2"', 'index_no="R/3"'), tmp_path, primary)
        assert json.loads(alone.strip().splitlines()[-1])["page_after"] is True
    finally:
        for name in (REPLICA, PRIMARY):
            _psql("postgres", f"DROP DATABASE IF EXISTS {name}")
