"""``gongkai manage sweep_uploads``: remove the private files no record names (left by a
process killed between writing an upload and committing its record)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gongkai.web.applications.private_files import SWEEP_MIN_AGE, private_files_sweep


class Command(BaseCommand):
    help = (
        "Remove files under var/private (identity documents, letters, imported files) that no "
        "record names "
        f"and that are older than {int(SWEEP_MIN_AGE.total_seconds() // 60)} minutes; "
        "print each one removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be removed; remove nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        sweep = private_files_sweep(now=timezone.now(), dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for name, size in sweep.removed:
            self.stdout.write(f"{verb} {name} ({size} bytes)")
        self.stdout.write(
            f"{len(sweep.removed)} orphaned files {verb}; kept {sweep.named} named by a record "
            f"and {sweep.young} younger than {int(SWEEP_MIN_AGE.total_seconds() // 60)} minutes."
        )
