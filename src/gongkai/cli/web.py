"""Commands that need the database: ``serve``, ``manage``, ``demo``, ``report``.

Django is imported only inside these commands, so that ``gongkai audit`` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date

import click


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as err:  # a setting from the environment: say which
        raise click.ClickException(str(err)) from None


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (gongkai manage migrate, createsuperuser, …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args])
    sys.exit(0)


def _as_of(value: str | None) -> date:
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(
                f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--as-of"
            ) from None
    from django.utils import timezone

    return timezone.localdate()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@click.command()
@click.option("--as-of", help="Today's date for the demo (YYYY-MM-DD); default: today.")
@click.option("--seed", type=int, default=2023, show_default=True)
@click.option(
    "--applications",
    type=click.IntRange(min=0),
    help="Instead of 示例县: make the city 示例市 with this many applications (bulk inserts).",
)
@click.option(
    "--units",
    type=click.IntRange(min=1),
    default=3000,
    show_default=True,
    help="With --applications: the number of units of 示例市.",
)
def demo(as_of: str | None, seed: int, applications: int | None, units: int) -> None:
    """Load the demo county 示例县 (migrating the database first if needed).

    8 departments and 6 townships, about 3,000 applications for 2023–2025 across every
    outcome, channel and applicant category, catalogue documents, Table 2 counts,
    reconsideration and litigation cases, and open applications in the current year.

    With --applications N: instead, the city 示例市 of --units U units (counties of 15 units)
    and N applications since 2023, made with bulk inserts for measuring at scale
    (a million applications take minutes).
    """
    setup_django()
    _migrate()
    if applications is not None:
        _demo_bulk(applications, units, _as_of(as_of), seed)
        return
    from gongkai.web.demo import demo_loaded

    if demo_loaded():
        click.echo("示例县 is already loaded.")
        return
    _load_demo(_as_of(as_of), seed)


def _load_demo(as_of: date, seed: int = 2023) -> None:
    """Load 示例县 in one transaction; a failure leaves nothing and ends with its reason."""
    from gongkai.web.demo import load_demo

    try:
        result = load_demo(as_of=as_of, seed=seed)
    except Exception as err:  # a clean message at the edge, never a traceback
        raise click.ClickException(
            f"loading the demo failed, nothing was loaded: {err.__class__.__name__}: {err}"
        ) from None
    click.echo(f"Loaded 示例县: {result.units} units, {result.applications} applications.")
    click.echo(
        "Demo accounts (password for all: "
        + result.users[0][1]
        + "): "
        + ", ".join(u for u, _ in result.users)
    )


def _demo_bulk(applications: int, units: int, as_of: date, seed: int) -> None:
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TimeRemainingColumn,
    )

    from gongkai.web.demo import DEMO_PASSWORD
    from gongkai.web.demo_bulk import BulkError, load_bulk

    started = time.perf_counter()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("示例市", total=applications)
        try:
            result = load_bulk(
                applications=applications,
                units=units,
                as_of=as_of,
                seed=seed,
                progress=lambda n: bar.advance(task, n),
            )
        except BulkError as err:
            raise click.ClickException(str(err)) from err
        except Exception as err:  # a clean message at the edge, never a traceback
            raise click.ClickException(f"loading 示例市 failed: {err}") from err
    click.echo(
        f"Loaded 示例市: {result.units} units, {result.applications} applications, "
        f"{result.events} ledger entries, {result.appeals} cases "
        f"in {time.perf_counter() - started:.1f} s."
    )
    click.echo(f"Accounts (password {DEMO_PASSWORD}): {', '.join(result.users)}")


#: Seconds gunicorn keeps an idle connection open for the client's next request.
KEEPALIVE = 5


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True, help="Processes."
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Threads per process: the requests each process serves at once.",
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Seconds a process may stay silent before gunicorn restarts it.",
)
@click.option(
    "--client-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds a client may send or read nothing before its connection is closed.",
)
@click.option(
    "--demo/--no-demo",
    "with_demo",
    default=False,
    help="Load the demo county first if it is not loaded.",
)
def serve(
    host: str,
    port: int,
    workers: int,
    threads: int,
    timeout: int,
    client_timeout: float,
    with_demo: bool,
) -> None:
    """Run the web application with gunicorn (migrating the database first).

    gunicorn's threaded workers, each connection closed when its client stalls for
    --client-timeout seconds: a slow client holds one thread for that long at most, never
    the site. In production put nginx in front (docs/deploy.md).
    """
    setup_django()
    _migrate()
    from django.core.management import call_command

    if with_demo:
        from gongkai.web.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_loaded

        if not demo_loaded():
            click.echo("Loading the demo county 示例县 …")
            _load_demo(_as_of(None))
        click.echo(
            f"Log in at http://{host}:{port}/ (password {DEMO_PASSWORD} for every demo account):"
        )
        for name, label in DEMO_ACCOUNTS:
            click.echo(f"  {name:<16} {label}")
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.conf import settings

    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "gongkai.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--worker-class",
        "gongkai.web.serving.ThreadWorker",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        str(timeout),
        "--keep-alive",
        str(KEEPALIVE),
        "--no-control-socket",  # gongkai does not use it, and two servers would share it
        "--access-logfile",
        "-",
    ]
    from gongkai.web.serving import ENV

    os.environ[ENV] = f"{client_timeout:g}"  # read by each worker
    if settings.TRUSTED_PROXIES:
        # gunicorn believes X-Forwarded-Proto from the same proxies as gongkai's
        # X-Forwarded-For (by default it believes the loopback addresses).
        args += ["--forwarded-allow-ips", ",".join(settings.TRUSTED_PROXIES)]
    os.execvp(sys.executable, args)


@click.group()
def report() -> None:
    """Annual reports compiled from the records."""


@report.command("compile")
@click.option("--unit", "code", help="The unit's code; without it, every unit, one per line.")
@click.option(
    "--subtree", is_flag=True, help="The unit and all units under it (a county's roll-up)."
)
@click.option("--year", type=int, required=True)
@click.option("--format", "output", type=click.Choice(["json"]), default="json", show_default=True)
def report_compile(code: str | None, subtree: bool, year: int, output: str) -> None:
    """Print the compiled report in the audit JSON form (one JSON object per line)."""
    setup_django()
    from gongkai.web.reports.services import ReportError, report_json
    from gongkai.web.units.models import Unit

    if code is not None:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise click.ClickException(f"no unit with code {code!r}")
        units = [unit]
    else:
        units = list(Unit.objects.order_by("path"))
    for unit in units:
        try:
            click.echo(
                json.dumps(report_json(unit=unit, year=year, subtree=subtree), ensure_ascii=False)
            )
        except ReportError as err:
            raise click.ClickException(err.message) from None


@report.command("push")
@click.option("--year", type=int, required=True)
@click.option("--to", "url", required=True, help="The receiving gongkai's address (https://…).")
@click.option(
    "--token",
    required=True,
    envvar="GONGKAI_PUSH_TOKEN",
    help="The token the receiver's office issued for this unit (or GONGKAI_PUSH_TOKEN).",
)
@click.option("--unit", "code", help="The unit's code; default: the one unit at the top.")
@click.option(
    "--scope",
    type=click.Choice(["subtree", "unit"]),
    default="subtree",
    show_default=True,
    help="subtree: the unit's roll-up report; unit: the unit alone.",
)
def report_push(year: int, url: str, token: str, code: str | None, scope: str) -> None:
    """Send the unit's published report of --year to another gongkai (a city's or a
    province's), and print what its rules found."""
    setup_django()
    from gongkai.web.api.push import PushError, push_unit
    from gongkai.web.api.push import report_push as push

    try:
        pushed = push(unit=push_unit(code=code), year=year, scope=scope, url=url, token=token)
    except PushError as err:
        raise click.ClickException(str(err)) from None
    answer = pushed.answer
    kept = "a new version" if answer.get("created") else "the same as the version it holds"
    click.echo(
        f"{pushed.unit.name} {year}: received by {url} as version {answer.get('version')} ({kept})."
    )
    findings = answer.get("findings") or []
    click.echo(f"The receiver's rules found {len(findings)}:")
    for f in findings:
        click.echo(f"  {f.get('id')} [{f.get('severity')}] {f.get('message')}")
