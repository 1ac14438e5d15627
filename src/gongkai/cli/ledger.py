"""``gongkai ledger export``: a year's ledger of applications (台账) as XLSX.

Django is imported only when the command runs, like the other database commands."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from gongkai.cli.web import setup_django


@click.group()
def ledger() -> None:
    """The ledger of applications (台账)."""


@ledger.command("export")
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    required=True,
    help="The year: the applications its annual report counts (received in it or carried into it).",
)
@click.option("--unit", "code", help="The unit's code; without it, every unit.")
@click.option("--subtree", is_flag=True, help="With --unit: the unit and all units under it.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The XLSX file to write.",
)
def export(year: int, code: str | None, subtree: bool, output: Path) -> None:
    """Write the ledger of YEAR to an XLSX file, in the columns offices keep: 序号, 收到日期,
    申请人类别, 申请人, 申请方式, 申请内容, 办理结果 (the Table 3 row), 答复日期, 是否延期,
    征求意见, 复议/诉讼.

    The file names applicants: keep it as a staff document. The export is recorded in the
    audit log (the filter and the number of rows, never the names).
    """
    if output.suffix.lower() != ".xlsx":
        raise click.BadParameter(
            f"{str(output)!r}: 文件名须以 .xlsx 结尾 (the file must end in .xlsx)",
            param_hint="-o/--output",
        )
    if subtree and code is None:
        raise click.UsageError("--subtree 须与 --unit 同用 (--subtree needs --unit)")
    if not output.parent.resolve().is_dir():
        raise click.ClickException(f"目录不存在 (no such directory): {output.parent.resolve()}")
    setup_django()
    from django.db import DatabaseError, transaction
    from django.utils import translation

    from gongkai.web.applications.ledger import LedgerFilter
    from gongkai.web.applications.ledger_export import ledger_export
    from gongkai.web.applications.models import Application
    from gongkai.web.audit.models import AuditLog
    from gongkai.web.units.models import Unit

    # Written beside the target and renamed into place, in the transaction of the audit
    # row: never a half-written file, nor an export recorded that did not happen.
    fd, tmp = tempfile.mkstemp(prefix=".ledger-", suffix=".xlsx", dir=output.parent.resolve())
    try:
        with transaction.atomic():
            # Each table read once before the workbook is begun: a database not migrated
            # is a message here, not an error in the middle of writing.
            Application.objects.exists(), AuditLog.objects.exists()
            unit = None
            if code is not None:
                unit = Unit.objects.filter(code=code).first()
                if unit is None:
                    raise click.ClickException(
                        f"没有代码为 {code!r} 的单位 (no unit with code {code!r})"
                    )
            flt = LedgerFilter(unit=unit, subtree=subtree, year=year)
            with os.fdopen(fd, "wb") as out, translation.override("zh-hans"):
                count = ledger_export(
                    actor=None,
                    units=Unit.objects.all(),
                    flt=flt,
                    out=out,
                    via=f"cli:{_os_user()}",
                )
            os.replace(tmp, output)
    except OSError as err:
        raise click.ClickException(f"无法写入 (cannot write) {output}: {err.strerror}") from None
    except DatabaseError as err:
        raise click.ClickException(
            f"数据库不可用 (the database is not ready: run 'gongkai manage migrate'): {err}"
        ) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    click.echo(f"{output}: {count} 件申请 ({count} applications), {year}")


def _os_user() -> str:
    """Who ran the command, as the audit log records it (the database has no user)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"
