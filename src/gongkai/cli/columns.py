"""``gongkai columns check``: each unit's empty and overdue columns (栏目), and those due
within a week, against their update rules."""

from __future__ import annotations

import json

import click

from gongkai.cli.web import _as_of, setup_django

#: Text output: a word for each state.
STATE_TEXT = {"overdue": "overdue", "empty": "empty", "due_soon": "due soon", "fresh": "fresh"}


@click.group()
def columns() -> None:
    """Columns (栏目) of the catalogue and new-media accounts, and their update rules."""


@columns.command("check")
@click.option("--unit", "code", help="The unit's code (and the units under it); default: all.")
@click.option("--as-of", help="The day to check on (YYYY-MM-DD); default: today.")
@click.option("--all", "show_all", is_flag=True, help="Also list the columns that are kept fresh.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one JSON object per column and line.",
)
def check(code: str | None, as_of: str | None, show_all: bool, output: str) -> None:
    """List empty columns, overdue columns (with the days overdue) and columns due within
    a week. Exits 1 if a column is empty or overdue."""
    setup_django()
    from gongkai.core.columns import ColumnState
    from gongkai.web.proactive.columns import ATTENTION, column_list_checked
    from gongkai.web.units.models import Unit

    day = _as_of(as_of)
    units = Unit.objects.all()
    if code is not None:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise click.ClickException(f"no unit with code {code!r}")
        units = Unit.objects.filter(path__startswith=unit.path)
    rows = column_list_checked(units=units, as_of=day, states=None if show_all else ATTENTION)
    for row in rows:
        if output == "json":
            click.echo(json.dumps(row.as_json(), ensure_ascii=False))
            continue
        last = row.last_updated.isoformat() if row.last_updated else "never"
        state = STATE_TEXT[row.check.state.value]
        if row.check.state == ColumnState.OVERDUE:
            state += f" by {row.check.overdue_days} days"
        click.echo(
            f"{row.unit.code}\t{row.column.name}\t{last}\tevery {row.column.rule_days} days\t{state}"
        )
    if any(r.check.state in (ColumnState.OVERDUE, ColumnState.EMPTY) for r in rows):
        raise SystemExit(1)
