"""``gongkai audit``: read reports, check them, print the findings."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from gongkai.core import (
    AnnualReport,
    Finding,
    ParseError,
    Severity,
    audit_record,
    check,
    read_report,
)

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
_LEVEL = {
    Severity.ERROR: "[red]错误[/red]",
    Severity.WARNING: "[yellow]警告[/yellow]",
    Severity.INFO: "提示",
}


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--prior",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The same body's report for the previous year (enables R5 and R9). Needs exactly one FILE.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a table of findings per report; json: one JSON object per input file per line.",
)
def audit(files: tuple[Path, ...], prior: Path | None, output: str) -> None:
    """Audit annual reports (政府信息公开工作年度报告) against the format and its rules.

    Exit status: 0 when no finding is an error, 1 when one is, 2 when an input
    cannot be read as a report (the other inputs are still audited).
    """
    if prior is not None and len(files) != 1:
        raise click.UsageError("--prior goes with exactly one FILE")
    prior_report: AnnualReport | None = None
    if prior is not None:
        try:
            prior_report = read_report(prior)
        except ParseError as err:
            raise click.BadParameter(str(err), param_hint="--prior") from None

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    status = EXIT_OK
    for path in files:
        try:
            report = read_report(path)
        except ParseError as err:
            status = EXIT_UNUSABLE
            if output == "json":
                click.echo(json.dumps(_unusable(path, err), ensure_ascii=False))
            else:
                console.print(f"[bold]{path}[/bold]\n[red]无法读取[/red]：{err}\n")
            continue
        findings = check(report, prior_report)
        if status == EXIT_OK and any(f.severity is Severity.ERROR for f in findings):
            status = EXIT_ERRORS
        if output == "json":
            click.echo(json.dumps(audit_record(report, findings), ensure_ascii=False))
        else:
            _print_text(console, report, findings)
    sys.exit(status)


def _unusable(path: Path, err: ParseError) -> dict[str, object]:
    return {
        "source": str(path),
        "format": None,
        "body": None,
        "year": None,
        "cells": {},
        "findings": [],
        "error": {"message": err.message, "line": err.line},
    }


def _where(f: Finding) -> str:
    loc = f.location
    parts = [p for p in (loc.table_label, loc.row_label, loc.column_label) if p]
    if loc.section:
        parts.append(loc.section)
    if loc.line:
        parts.append(f"第{loc.line}行")
    return " / ".join(parts)


def _print_text(console: Console, report: AnnualReport, findings: list[Finding]) -> None:
    fmt = f"{report.format.value}年格式" if report.format else "格式未知"
    head = f"[bold]{report.source}[/bold]  {report.body or '（机关未知）'} {report.year or '（年度未知）'}年度  {fmt}"
    console.print(head)
    if not findings:
        console.print("  未发现问题\n")
        return
    table = Table(show_lines=False, expand=False)
    for name in ("级别", "编号", "规则", "位置", "说明"):
        table.add_column(name, overflow="fold")
    for f in findings:
        table.add_row(
            _LEVEL[f.severity], f.id, f.rule, _where(f), f"{f.message}\n[dim]{f.hint}[/dim]"
        )
    console.print(table)
    counts = {s: sum(f.severity is s for f in findings) for s in Severity}
    console.print(
        f"  错误 {counts[Severity.ERROR]} 项，警告 {counts[Severity.WARNING]} 项，提示 {counts[Severity.INFO]} 项\n"
    )
