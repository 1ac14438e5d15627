"""``gongkai deadline``: the due date of a reply, step by step."""

from __future__ import annotations

import json
from datetime import date

import click

from gongkai.core import GongkaiError
from gongkai.core.calendar import from_chinese_calendar
from gongkai.core.deadlines import Pause, due_date


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
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def deadline(
    received: str,
    correction_received: str | None,
    extension: int,
    consultations: tuple[str, ...],
    output: str,
) -> None:
    """Print the due date of the reply to an application and how it is reached.

    The receipt day is not counted: the reply is due on the 20th working day after
    it (条例第三十三条), from the supplement's receipt after a 补正; an approved
    extension adds up to 20 working days; the working days of a consultation after
    FROM up to and including TO are left out, overlapping ones once.
    """
    try:
        result = due_date(
            from_chinese_calendar(),
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
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    for step in result.steps:
        click.echo(f"{step.day.isoformat()}  {step.text}")
