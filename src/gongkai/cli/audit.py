"""``gongkai audit``: read reports (files, directories, globs), check them, print the
findings; in bulk, in parallel, with a progress bar, a row file and an HTML summary."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from gongkai.core import ParseError, read_report
from gongkai.core.report.batch import audit_inputs
from gongkai.core.report.bulk import BulkAudit

if TYPE_CHECKING:
    from rich.console import Console

_LEVEL = {"error": "[red]错误[/red]", "warning": "[yellow]警告[/yellow]", "info": "提示"}


@click.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--list",
    "input_list",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A CSV of inputs and their publication dates (Art. 49): columns file,published_on[,unit].",
)
@click.option(
    "--prior",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The same body's report for the previous year (R5, R9). Needs exactly one input file.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a table of findings per report; json: one JSON object per input file per line.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes to read reports with.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write one row per report to FILE (.xlsx, .csv or .jsonl).",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a self-contained HTML summary with charts.",
)
@click.option(
    "--pair/--no-pair",
    default=True,
    show_default=True,
    help="Check each report against the same body's report of the year before, when both are audited (R5, R9).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="Print nothing per report (use with --out/--html)."
)
def audit(
    inputs: tuple[str, ...],
    input_list: Path | None,
    prior: Path | None,
    output: str,
    jobs: int,
    out: Path | None,
    html_out: Path | None,
    pair: bool,
    quiet: bool,
) -> None:
    """Audit annual reports (政府信息公开工作年度报告) against the format and its rules.

    INPUTS are files (text, HTML, DOCX, PDF; the kind is found from the content),
    directories (searched recursively) and glob patterns. A store made by `gongkai
    collect` (a folder with a manifest.jsonl) gives the reports its manifest lists, each
    with the publication date collected; --list gives files with their dates. Late
    publication (PUB.W001) names where the date comes from.

    Exit status: 0 when no finding is an error, 1 when one is, 2 when an input cannot
    be read as a report (every other input is still audited, and each unreadable one is
    named with the reason).
    """
    if not inputs and input_list is None:
        raise click.UsageError("Give INPUTS, or --list.")
    try:
        targets = list(audit_inputs(inputs, input_list))
    except ParseError as err:
        raise click.BadParameter(str(err), param_hint="--list") from None
    prior_report = None
    if prior is not None:
        if len(targets) != 1 or targets[0][1] is None:
            raise click.UsageError("--prior goes with exactly one input file")
        try:
            prior_report = read_report(prior)
        except ParseError as err:
            raise click.BadParameter(str(err), param_hint="--prior") from None
    try:
        writer = _row_writer(out)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--out") from None
    summary = None
    if html_out is not None:
        from gongkai.cli.outputs import Summary

        summary = Summary()

    console = None
    if not quiet and output == "text":
        console = _console()
    # With nothing to print or write, only the exit status is wanted of each report.
    keep = not quiet or writer is not None or summary is not None
    run = BulkAudit(targets, jobs=jobs, pair=pair, prior=prior_report, keep=keep)
    # Printing stops if stdout goes away (``| head``); the files are still written in full.
    printing = not quiet
    with _progress(len(targets)) as advance:
        for record in run.records(advance):
            if printing:
                printing = _print(console, record)
            if writer is not None:
                writer.write(record)
            if summary is not None:
                summary.add(record)
    if writer is not None:
        writer.close()
    if summary is not None and html_out is not None:
        summary.write(html_out)
    sys.exit(run.status)


def _console() -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich's own exits (status 1) at once: the --out and --html files would be
            # left unwritten. Print nothing more instead, and let the audit finish.
            self.quiet = True
            _stdout_gone()

    return _Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def _print(console: Console | None, record: dict[str, Any]) -> bool:
    """Print one record (a table, or a JSON line without ``console``); False when
    stdout has been closed by its reader, and nothing more is to be printed."""
    try:
        if console is None:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            _print_text(console, record)
            return not console.quiet
    except BrokenPipeError:
        _stdout_gone()
        return False
    return True


def _stdout_gone() -> None:
    """stdout's reader has gone (``gongkai audit … | head -1``): point stdout at
    /dev/null, so that nothing written or flushed later (at exit) fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _row_writer(out: Path | None) -> Any:
    if out is None:
        return None
    from gongkai.cli.outputs import RowWriter

    return RowWriter(out)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal (for more than one input); yields the function that
    counts one report done."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console

    from gongkai.cli.progress import progress_bar

    with progress_bar(total, Console(file=sys.stderr)) as advance:
        yield advance


def _where(loc: dict[str, Any]) -> str:
    parts = [loc[k] for k in ("table_label", "row_label", "column_label") if loc.get(k)]
    if loc.get("section"):
        parts.append(loc["section"])
    if loc.get("line"):
        parts.append(f"第{loc['line']}行")
    return " / ".join(str(p) for p in parts)


def _print_text(console: Console, record: dict[str, Any]) -> None:
    from rich.table import Table

    if record.get("error"):
        console.print(
            f"[bold]{record['source']}[/bold]\n[red]无法读取[/red]：{record['error']['message']}\n"
        )
        return
    fmt = f"{record['format']}年格式" if record["format"] else "格式未知"
    console.print(
        f"[bold]{record['source']}[/bold]  {record['body'] or '（机关未知）'} {record['year'] or '（年度未知）'}年度  {fmt}"
    )
    findings = record["findings"]
    if not findings:
        console.print("  未发现问题\n")
        return
    table = Table(show_lines=False, expand=False)
    for name in ("级别", "编号", "规则", "位置", "说明"):
        table.add_column(name, overflow="fold")
    for f in findings:
        table.add_row(
            _LEVEL[f["severity"]],
            f["id"],
            f["rule"],
            _where(f["location"]),
            f"{f['message']}\n[dim]{f['hint']}[/dim]",
        )
    console.print(table)
    counts = {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning", "info")}
    console.print(
        f"  错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项\n"
    )
