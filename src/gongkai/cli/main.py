"""Entry point of the ``gongkai`` command."""

from __future__ import annotations

import click

from gongkai import __version__
from gongkai.cli.audit import audit
from gongkai.cli.data import backup, import_, restore
from gongkai.cli.deadline import deadline
from gongkai.cli.render import render
from gongkai.cli.web import demo, manage, report, serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongkai")
def cli() -> None:
    """gongkai (公开): government information disclosure work.

    Audit published annual reports (政府信息公开工作年度报告) against the national
    format and its consistency rules.
    """


cli.add_command(audit)
cli.add_command(deadline)
cli.add_command(render)
cli.add_command(manage)
cli.add_command(serve)
cli.add_command(demo)
cli.add_command(report)
cli.add_command(backup)
cli.add_command(restore)
cli.add_command(import_)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
