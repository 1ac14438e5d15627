"""``gongkai remind``: each clerk's and reviewer's digest of the replies due, overdue and
waiting on the applicant, by e-mail (gongkai.web.reminders). Django is imported only
when the command runs."""

from __future__ import annotations

import click

from gongkai.cli.web import _as_of, setup_django


@click.command()
@click.option("--dry-run", is_flag=True, help="Print the digests instead of sending them.")
@click.option("--as-of", help="Today's date (YYYY-MM-DD); default: today.")
@click.option(
    "--force",
    is_flag=True,
    help="Send also to the people already sent this day's digest (by default skipped).",
)
def remind(dry_run: bool, as_of: str | None, force: bool) -> None:
    """Send each clerk and reviewer one e-mail listing the applications of their units
    whose reply is due within 3 working days, overdue, or waiting on the applicant.

    People with nothing to report, or no e-mail address, get no mail; nor do those already
    sent the digest of the same day (the --as-of day) by an earlier run, unless --force
    is given: running it twice a day sends nobody two. The SMTP server is
    set by GONGKAI_EMAIL_HOST, GONGKAI_EMAIL_PORT, GONGKAI_EMAIL_HOST_USER,
    GONGKAI_EMAIL_HOST_PASSWORD, GONGKAI_EMAIL_USE_TLS and GONGKAI_DEFAULT_FROM_EMAIL.
    Run it once a working day (docs/reminders.md has a cron line and a systemd timer).
    """
    setup_django()
    from gongkai.web.reminders.services import ReminderError, reminder_list, reminders_send

    today = _as_of(as_of)
    if dry_run:
        rendered = reminder_list(as_of=today, force=force)
        for r in rendered:
            click.echo("=" * 72)
            to = r.to or "(no e-mail address: not sent)"
            if r.skipped:
                to += " (already sent this day's digest: skipped)"
            click.echo(f"To: {to}")
            click.echo(f"Subject: {r.subject}")
            click.echo()
            click.echo(r.body.rstrip())
        if rendered:
            click.echo("=" * 72)
    else:
        try:
            rendered = reminders_send(as_of=today, force=force)
        except ReminderError as err:
            raise click.ClickException(err.message) from None
    verb = "would get" if dry_run else "got"
    for r in rendered:
        who = r.digest.user.username
        if r.skipped:
            click.echo(
                f"{who} <{r.to}> {'would be' if dry_run else 'was'} skipped: already sent "
                f"the digest of {today.isoformat()} (--force sends it again)"
            )
        elif r.to:
            click.echo(
                f"{who} <{r.to}> {verb} {r.digest.count} items "
                f"({len(r.digest.overdue)} overdue, {len(r.digest.due_soon)} due soon, "
                f"{len(r.digest.waiting)} waiting on the applicant)"
            )
        else:
            click.echo(f"{who}: {r.digest.count} items, no e-mail address: not sent")
    sent = sum(1 for r in rendered if r.sends)
    skipped = sum(1 for r in rendered if r.skipped)
    click.echo(
        f"{'Dry run: ' if dry_run else ''}{sent} digests {'to send' if dry_run else 'sent'}, "
        f"{skipped} skipped (already sent this day), "
        f"{len(rendered) - sent - skipped} without an address, as of {today.isoformat()}."
    )
