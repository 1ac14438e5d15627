"""Entry point of the ``gongkai`` command."""

from __future__ import annotations

import importlib

import click

from gongkai import __version__

#: Each command and where it is defined: a module is imported only when its command
#: runs (or when ``--help`` lists them all), so that ``gongkai audit`` does not pay for
#: the deadline calendar, the renderers or the web commands.
COMMANDS = {
    "audit": "gongkai.cli.audit:audit",
    "collect": "gongkai.cli.collect:collect",
    "evaluate": "gongkai.cli.evaluate:evaluate",
    "bulletin": "gongkai.cli.evaluate:bulletin",
    "deadline": "gongkai.cli.deadline:deadline",
    "render": "gongkai.cli.render:render",
    "manage": "gongkai.cli.web:manage",
    "serve": "gongkai.cli.web:serve",
    "demo": "gongkai.cli.web:demo",
    "report": "gongkai.cli.web:report",
    "backup": "gongkai.cli.data:backup",
    "restore": "gongkai.cli.data:restore",
    "import": "gongkai.cli.data:import_",
    "worker": "gongkai.cli.worker:worker",
    "remind": "gongkai.cli.remind:remind",
    "ledger": "gongkai.cli.ledger:ledger",
    "columns": "gongkai.cli.columns:columns",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's "lazily loading
    subcommands" pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, attr = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongkai")
def cli() -> None:
    """gongkai (公开): government information disclosure work.

    Audit published annual reports (政府信息公开工作年度报告) against the national
    format and its consistency rules.
    """


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
