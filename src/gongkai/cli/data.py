"""Commands that move the whole database or a file of records: ``backup``, ``restore``,
``import counts``. The work is done in ``gongkai.web`` (it needs the ORM); Django is
imported only inside the commands."""

from __future__ import annotations

from pathlib import Path

import click

from gongkai.cli.web import setup_django


def migrate_database() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write the whole database and the files it refers to (issued letters, identity
    documents, attachments) to the ZIP archive FILE, with a manifest of checksums.

    Sessions and the throttle's counters are left out (see README)."""
    setup_django()
    from gongkai.web.backup import BackupError
    from gongkai.web.backup import backup as run_backup

    try:
        result = run_backup(file)
    except BackupError as err:
        raise click.ClickException(err.message) from None
    for name in result.missing_files:
        click.echo(f"warning: a record names a file that does not exist: {name}", err=True)
    click.echo(
        f"Backed up {sum(result.rows.values())} rows of {len(result.rows)} tables "
        f"and {result.files} files to {result.path}."
    )


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Empty a database that holds records first (in the same transaction).",
)
def restore(file: Path, replace: bool) -> None:
    """Load the archive FILE made by `gongkai backup` into this database (migrated first).

    All or nothing: a damaged archive, one made at another migration state, or a row
    that does not load changes nothing. A database that holds records is refused unless
    --replace is given."""
    setup_django()
    migrate_database()
    from gongkai.web.backup import BackupError
    from gongkai.web.backup import restore as run_restore

    try:
        result = run_restore(file, replace=replace)
    except BackupError as err:
        raise click.ClickException(err.message) from None
    click.echo(
        f"Restored {sum(result.rows.values())} rows of {len(result.rows)} tables "
        f"and {result.files} files from {file}."
    )


#: A large import reports its progress every this many rows.
PROGRESS_EVERY = 1000


@click.group("import")
def import_() -> None:
    """Import records from files."""


@import_.command("counts")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", help="The user the audit log names (default: none).")
def import_counts(file: Path, username: str | None) -> None:
    """Import Table 2 counts from an XLSX sheet (columns 单位代码, 年度, 行政许可, 行政处罚,
    行政强制, 行政事业性收费（万元）; the first row is the header).

    All rows or none: every row is checked first, without holding the database's write
    lock, then all are written in one short transaction. Every bad row and cell is named
    and nothing is saved (exit 1)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from gongkai.web.proactive.services import ImportRejected, active_counts_import
    from gongkai.web.units.models import Unit

    actor = None
    if username is not None:
        actor = get_user_model().objects.filter(username=username).first()
        if actor is None:
            raise click.ClickException(f"no user {username!r}")

    def progress(checked: int, total: int) -> None:
        if total > PROGRESS_EVERY and checked % PROGRESS_EVERY == 0:
            click.echo(
                f"checked {checked} of {total} rows (nothing is written until all are checked)",
                err=True,
            )

    try:
        with file.open("rb") as fh:
            result = active_counts_import(
                file=fh,
                filename=file.name,
                allowed_units=Unit.objects.all(),
                actor=actor,
                progress=progress,
            )
    except ImportRejected as err:
        click.echo(
            f"{err.filename}: nothing was imported; fix these rows and run it again:", err=True
        )
        for row in err.errors:
            click.echo(f"  {row}", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Imported {result.rows} rows of Table 2 counts from {file.name} "
        f"({result.created} added, {result.updated} changed, {result.unchanged} unchanged; "
        f"written in one transaction of {result.write_seconds:.2f} s)."
    )
