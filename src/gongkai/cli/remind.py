"""``gongkai remind``: each clerk's and reviewer's digest of the replies due, overdue and
waiting on the applicant, by e-mail (gongkai.web.reminders). Django is imported only
when the command runs."""

from __future__ import annotations

import click

from gongkai.cli.web import _as_of, setup_django


@click.command()
@click.option("--dry-run", is_flag=True, help="Print the digests instead of sending them.")
@click.option("--as-of", help="Today's date (YYYY-MM-DD); default: today.")
def remind(dry_run: bool, as_of: str | None) -> None:
    """Send each clerk and reviewer one e-mail listing the applications of their units
    whose reply is due within 3 working days, overdue, or waiting on the applicant.

    People with nothing to report, or no e-mail address, get no mail. The SMTP server is
    set by GONGKAI_EMAIL_HOST, GONGKAI_EMAIL_PORT, GONGKAI_EMAIL_HOST_USER,
    GONGKAI_EMAIL_HOST_PASSWORD, GONGKAI_EMAIL_USE_TLS and GONGKAI_DEFAULT_FROM_EMAIL.
    Run it once a working day (docs/reminders.md has a cron line and a systemd timer).
    """
    setup_django()
    from gongkai.web.reminders.services import ReminderError, reminder_list, reminders_send

    today = _as_of(as_of)
    if dry_run:
        rendered = reminder_list(as_of=today)
        for r in rendered:
            click.echo("=" * 72)
            click.echo(f"To: {r.to or '(no e-mail address: not sent)'}")
            click.echo(f"Subject: {r.subject}")
            click.echo()
            click.echo(r.body.rstrip())
        if rendered:
            click.echo("=" * 72)
    else:
        try:
            rendered = reminders_send(as_of=today)
        except ReminderError as err:
            raise click.ClickException(err.message) from None
    verb = "would get" if dry_run else "got"
    for r in rendered:
        who = r.digest.user.username
        if r.to:
            click.echo(
                f"{who} <{r.to}> {verb} {r.digest.count} items "
                f"({len(r.digest.overdue)} overdue, {len(r.digest.due_soon)} due soon, "
                f"{len(r.digest.waiting)} waiting on the applicant)"
            )
        else:
            click.echo(f"{who}: {r.digest.count} items, no e-mail address: not sent")
    sent = sum(1 for r in rendered if r.to)
    click.echo(
        f"{'Dry run: ' if dry_run else ''}{sent} digests {'to send' if dry_run else 'sent'}, "
        f"{len(rendered) - sent} without an address, as of {today.isoformat()}."
    )
