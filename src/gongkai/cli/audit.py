"""``gongkai audit``: read reports (files, directories, globs), check them, print the
findings; in bulk, in parallel, with a progress bar, a row file and an HTML summary."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from gongkai.core import ParseError, Severity, read_report
from gongkai.core.report.batch import (
    audit_file,
    audit_file_with_pairing,
    collect_inputs,
    cross_year_findings,
    error_record,
    year_key,
)

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
_LEVEL = {"error": "[red]错误[/red]", "warning": "[yellow]警告[/yellow]", "info": "提示"}


class _RateColumn(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Any) -> Any:
        speed = task.finished_speed or task.speed
        return f"{speed:,.0f} 份/秒" if speed else "— 份/秒"


def _audit_one(args: tuple[str, str | None]) -> tuple[str, dict[str, Any]]:
    """Audit one input in a worker: its JSON line, and the little the main process needs
    (exit status, pairing key and data), so that it need not decode the line again."""
    source, path = args
    if path is None:
        record, pairing = error_record(source, "没有这个文件或目录，也没有与之匹配的文件"), None
    else:
        record, pairing = audit_file_with_pairing(path)
    status = (
        EXIT_UNUSABLE
        if record.get("error")
        else (
            EXIT_ERRORS
            if any(f["severity"] == Severity.ERROR for f in record["findings"])
            else EXIT_OK
        )
    )
    return json.dumps(record, ensure_ascii=False), {
        "status": status,
        "key": year_key(record),
        "cross": pairing,
    }


@click.command()
@click.argument("inputs", nargs=-1, required=True)
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
    directories (searched recursively) and glob patterns.

    Exit status: 0 when no finding is an error, 1 when one is, 2 when an input cannot
    be read as a report (every other input is still audited, and each unreadable one is
    named with the reason).
    """
    targets = list(collect_inputs(inputs))
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

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    status = EXIT_OK
    # Memory stays flat however many reports: the records and the pairing data (cells
    # and narrative) wait in temporary files; only an index of offsets stays in memory.
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as spool,
        tempfile.TemporaryFile("w+b") as pairs,
    ):
        index: dict[tuple[str, int], int] = {}
        # Pass 1: read and check every report; keep only what pairing needs.
        for line, meta in _records(targets, jobs, prior_report):
            key = meta["key"]
            if key is not None and tuple(key) not in index:
                index[tuple(key)] = pairs.tell()
                pairs.write(json.dumps(meta["cross"], ensure_ascii=False).encode("utf-8") + b"\n")
            status = max(status, meta["status"])  # 2 (unusable) > 1 (errors) > 0
            spool.write(line + "\n")

        def pairing(k: tuple[str, int]) -> dict[str, Any]:
            pairs.seek(index[k])
            data: dict[str, Any] = json.loads(pairs.readline())
            return data

        # Pass 2: add the cross-year findings, then print and write.
        if not quiet or writer is not None or summary is not None:
            spool.seek(0)
            for line in spool:
                record = json.loads(line)
                key = year_key(record)
                previous = None if key is None else (key[0], key[1] - 1)
                if pair and prior_report is None and key in index and previous in index:
                    # pairing(key) is this report's own data (its narrative included)
                    # unless another file had the same body and year first.
                    assert key is not None and previous is not None
                    extra = cross_year_findings(pairing(key), pairing(previous))
                    record["findings"] += [f.as_dict() for f in extra]
                if not quiet:
                    if output == "json":
                        click.echo(json.dumps(record, ensure_ascii=False))
                    else:
                        _print_text(console, record)
                if writer is not None:
                    writer.write(record)
                if summary is not None:
                    summary.add(record)
    if writer is not None:
        writer.close()
    if summary is not None and html_out is not None:
        summary.write(html_out)
    sys.exit(status)


def _row_writer(out: Path | None) -> Any:
    if out is None:
        return None
    from gongkai.cli.outputs import RowWriter

    return RowWriter(out)


def _records(
    targets: list[tuple[str, Path | None]], jobs: int, prior: Any
) -> Iterator[tuple[str, dict[str, Any]]]:
    work = [(src, str(p) if p else None) for src, p in targets]
    show = sys.stderr.isatty() and len(work) > 1
    progress = Progress(
        TextColumn("核查"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        disable=not show,
    )
    with progress:
        task = progress.add_task("audit", total=len(work))
        if prior is not None:
            src, path = work[0]
            record = audit_file(path, prior) if path else error_record(src, "没有这个文件")
            has_error = any(f["severity"] == Severity.ERROR for f in record["findings"])
            status = (
                EXIT_UNUSABLE if record.get("error") else (EXIT_ERRORS if has_error else EXIT_OK)
            )
            yield (
                json.dumps(record, ensure_ascii=False),
                {"status": status, "key": None, "cross": None},
            )
            return
        if jobs == 1 or len(work) < 4:
            for r in map(_audit_one, work):
                progress.advance(task)
                yield r
            return
        with get_context("fork").Pool(jobs) as pool:
            for r in pool.imap(_audit_one, work, chunksize=16):
                progress.advance(task)
                yield r


def _where(loc: dict[str, Any]) -> str:
    parts = [loc[k] for k in ("table_label", "row_label", "column_label") if loc.get(k)]
    if loc.get("section"):
        parts.append(loc["section"])
    if loc.get("line"):
        parts.append(f"第{loc['line']}行")
    return " / ".join(str(p) for p in parts)


def _print_text(console: Console, record: dict[str, Any]) -> None:
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
