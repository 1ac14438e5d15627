"""Shared by the benchmarks that count instructions: one command under callgrind."""

from __future__ import annotations

import re
import subprocess


def instructions(argv: list[str], *, check: bool = False) -> int:
    """The instructions callgrind counts for ``argv`` (its children not followed);
    exits with valgrind's own words if it printed no count, or, with ``check``, if the
    command failed (``gongkai audit`` exits 1 when it finds errors, which is no failure)."""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        capture_output=True,
        text=True,
    )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None or (check and out.returncode != 0):
        raise SystemExit(
            f"{argv[0]} under valgrind failed or gave no count (exit {out.returncode}):\n"
            f"{out.stderr[-2000:]}"
        )
    return int(found.group(1))
