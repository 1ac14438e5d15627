"""``gongkai deadline``: the due date of a reply, step by step."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import click

from gongkai.core import GongkaiError
from gongkai.core.calendar import WorkCalendar, from_chinese_calendar
from gongkai.core.deadlines import Pause, due_date

#: What each calendar is called when the command says which it used.
SOURCES = {
    "database": "数据库中的工作日历（内置数据、办公室录入的年度安排和调整）",
    "bundled": "内置工作日历（chinese_calendar {first}—{last}年），其他年份按放假办法预计",
}


def _database_configured() -> bool:
    """A database is configured: ``DATABASE_URL``, or the default SQLite file exists."""
    if os.environ.get("DATABASE_URL"):
        return True
    home = Path(os.environ.get("GONGKAI_HOME", Path.cwd()))
    return (home / "var" / "gongkai.sqlite3").exists()


def _calendar(use_database: bool) -> tuple[WorkCalendar, str]:
    """The calendar the web application uses when a database is configured (so that the
    office's entries count here too), else the bundled data with the provisional rule."""
    if use_database and _database_configured():
        from gongkai.cli.web import setup_django

        setup_django()
        from django.db import DatabaseError

        from gongkai.web.workdays.services import work_calendar

        try:
            return work_calendar(), "database"
        except DatabaseError as err:
            raise click.ClickException(
                f"the database's calendar cannot be read ({err}); "
                "run `gongkai manage migrate`, or --no-database for the bundled calendar"
            ) from None
    return from_chinese_calendar(), "bundled"


def _source_text(source: str) -> str:
    years = sorted(from_chinese_calendar().years)
    return SOURCES[source].format(first=years[0], last=years[-1])


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=what) from None


def _pause(value: str) -> Pause:
    start, sep, end = value.partition(":")
    if not sep:
        raise click.BadParameter(
            f"{value!r}: expected FROM:TO, e.g. 2024-10-08:2024-10-15", param_hint="--consultation"
        )
    return Pause(_date(start, "--consultation"), _date(end, "--consultation"))


@click.command()
@click.option(
    "--received",
    required=True,
    metavar="DATE",
    help="The day the application was received (YYYY-MM-DD).",
)
@click.option(
    "--correction-received",
    metavar="DATE",
    help="The day the supplemented (补正) application was received.",
)
@click.option(
    "--extension",
    type=click.IntRange(0, None),
    default=0,
    show_default=True,
    metavar="DAYS",
    help="Approved extension in working days (at most 20).",
)
@click.option(
    "--consultation",
    "consultations",
    multiple=True,
    metavar="FROM:TO",
    help="A consultation (third party or other organ); repeatable.",
)
@click.option(
    "--database/--no-database",
    "use_database",
    default=True,
    show_default=True,
    help="Use the database's calendar when a database is configured (DATABASE_URL, or "
    "var/gongkai.sqlite3 under GONGKAI_HOME); --no-database: the bundled calendar only.",
)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def deadline(
    received: str,
    correction_received: str | None,
    extension: int,
    consultations: tuple[str, ...],
    use_database: bool,
    output: str,
) -> None:
    """Print the due date of the reply to an application and how it is reached.

    The receipt day is not counted: the reply is due on the 20th working day after
    it (条例第三十三条), from the supplement's receipt after a 补正; an approved
    extension adds up to 20 working days; the working days of a consultation after
    FROM up to and including TO are left out, overlapping ones once.

    A year whose holiday arrangement is not announced is counted by the statutory
    holidays of the 放假办法, and the due date is then an estimate ("provisional": true).
    """
    calendar, source = _calendar(use_database)
    try:
        result = due_date(
            calendar,
            received=_date(received, "--received"),
            correction_received=_date(correction_received, "--correction-received")
            if correction_received
            else None,
            extension_days=extension,
            pauses=[_pause(c) for c in consultations],
        )
    except GongkaiError as err:
        raise click.ClickException(str(err)) from None
    if output == "json":
        click.echo(json.dumps({**result.as_dict(), "calendar": source}, ensure_ascii=False))
        return
    for step in result.steps:
        click.echo(f"{step.day.isoformat()}  {step.text}")
    click.echo(f"日历：{_source_text(source)}")
