"""The ``gongkai`` group: every command is there, and a command imports only its own."""

from __future__ import annotations

import json
import subprocess
import sys

import click
from click.testing import CliRunner

from gongkai.cli.main import COMMANDS, cli
from support import SEED


def test_every_command_is_found_under_its_own_name():
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command)
        assert command.name == name
    assert cli.get_command(ctx, "no-such-command") is None


def test_help_lists_every_command_with_its_summary():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1].split()
    for name in COMMANDS:
        assert name in listed
    assert "Audit annual reports" in result.output


def test_audit_does_not_import_the_other_commands():
    code = (
        "import json, sys\n"
        "from gongkai.cli.main import cli\n"
        f"try: cli(['audit', '--quiet', {str(SEED)!r}])\n"
        "except SystemExit: pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('gongkai.cli', 'django', 'gongkai.core.deadlines')))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out.strip().splitlines()[-1])
    assert "gongkai.cli.audit" in loaded
    for other in (
        "gongkai.cli.web",
        "gongkai.cli.data",
        "gongkai.cli.deadline",
        "gongkai.cli.render",
        "django",
        "gongkai.core.deadlines",
    ):
        assert other not in loaded
