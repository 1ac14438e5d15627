"""Trigram indexes for the portal's catalogue search, on PostgreSQL only.

The search (``portal.selectors.catalogue_search``) matches each word as a substring with
``icontains``, which Django writes on PostgreSQL as ``UPPER("col"::text) LIKE UPPER(…)``;
a GIN index of pg_trgm's ``gin_trgm_ops`` over that same expression serves it (Chinese
text included: pg_trgm makes trigrams of any characters the database's locale counts as
letters, which C.UTF-8 and zh_CN.UTF-8 do). Words of one or two characters have no whole
trigram, and PostgreSQL then reads the table as before.

On SQLite both operations do nothing (``TrigramExtension`` checks the vendor itself).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = ("title", "index_no", "doc_number", "body")


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS catalogue_trgm_{column} ON proactive_catalogueitem "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS catalogue_trgm_{column}")


class Migration(migrations.Migration):
    dependencies = [("proactive", "0006_pairs_and_channels")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(_create, _drop, elidable=False),
    ]
