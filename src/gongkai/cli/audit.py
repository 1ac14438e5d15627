"""``gongkai audit``: read reports (files, directories, globs), check them, print the
findings; in bulk, in parallel, with a progress bar, a row file and an HTML summary."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from gongkai.core import AnnualReport, ParseError, Severity, read_report
from gongkai.core.report.batch import (
    Given,
    audit_file,
    audit_file_with_pairing,
    audit_inputs,
    cross_year_findings,
    error_record,
    file_findings,
    year_key,
)
from gongkai.core.report.parse.limits import E_MEMORY

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
_LEVEL = {"error": "[red]错误[/red]", "warning": "[yellow]警告[/yellow]", "info": "提示"}
#: Inputs a worker takes at a time: large enough that handing them out costs little,
#: small enough that both workers finish together (and that the PDFs of a run, the
#: inputs that need the most memory, are shared out between the workers).
CHUNK = 16


class _Result(NamedTuple):
    """What the main process needs of one input, made in the worker: its exit status and,
    when anything is to be printed or written, its JSON line and its (body, year) key and
    pairing data (JSON), so that the main process only writes them to the spool files."""

    status: int
    line: str | None = None
    key: tuple[str, int] | None = None
    pairing: bytes | None = None


def _status(record: dict[str, Any]) -> int:
    if record.get("error"):
        return EXIT_UNUSABLE
    has_error = any(f["severity"] == Severity.ERROR for f in record["findings"])
    return EXIT_ERRORS if has_error else EXIT_OK


def _audit_one(job: tuple[str, str | None, bool, Given | None]) -> _Result:
    """Audit one input (in a worker); ``keep``: whether its line and pairing data are wanted.
    Memory running out while one report is checked makes that report unreadable, not
    the whole audit a traceback."""
    try:
        return _audit(job)
    except MemoryError:
        source, _, keep, _ = job
        if not keep:
            return _Result(EXIT_UNUSABLE)
        record = error_record(source, E_MEMORY)
        return _Result(EXIT_UNUSABLE, json.dumps(record, ensure_ascii=False))


def _audit(job: tuple[str, str | None, bool, Given | None]) -> _Result:
    source, path, keep, given = job
    if not keep:  # only the exit status: no record to make
        findings = None if path is None else file_findings(path, given)
        if findings is None:
            return _Result(EXIT_UNUSABLE)
        has_error = any(f.severity is Severity.ERROR for f in findings)
        return _Result(EXIT_ERRORS if has_error else EXIT_OK)
    if path is None:
        record, pairing = error_record(source, "没有这个文件或目录，也没有与之匹配的文件"), None
    else:
        record, pairing = audit_file_with_pairing(path, given=given)
    return _Result(
        _status(record),
        json.dumps(record, ensure_ascii=False),
        year_key(record),
        None if pairing is None else json.dumps(pairing, ensure_ascii=False).encode("utf-8"),
    )


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


class BulkAudit:
    """A bulk audit of ``targets`` (:func:`audit_inputs`): every input read and checked
    (in ``jobs`` processes), then each report paired with the same body's report of the
    year before for the cross-year rules (unless ``pair`` is off, or ``prior`` is given
    for a single input). What ``gongkai audit`` prints and ``gongkai evaluate`` scores.

    :meth:`records` yields every input's record in order, cross-year findings added (none
    when ``keep`` is off: only :attr:`status` is wanted); :attr:`status` is then the exit
    status of the whole audit. Memory stays flat however many reports: the records and
    the pairing data (cells and narrative) wait in temporary files; only an index of
    offsets stays in memory."""

    def __init__(
        self,
        targets: list[tuple[str, Path | None, Given | None]],
        *,
        jobs: int = 1,
        pair: bool = True,
        prior: AnnualReport | None = None,
        keep: bool = True,
    ) -> None:
        self.targets, self.jobs, self.pair, self.prior, self.keep = targets, jobs, pair, prior, keep
        self.status = EXIT_OK

    def records(self, advance: Callable[[], None] = lambda: None) -> Iterator[dict[str, Any]]:
        with (
            tempfile.TemporaryFile("w+", encoding="utf-8") as spool,
            tempfile.TemporaryFile("w+b") as pairs,
        ):
            index: dict[tuple[str, int], int] = {}
            # Pass 1: read and check every report; keep only what pairing needs.
            for result in _records(self.targets, self.jobs, self.prior, self.keep):
                advance()
                self.status = max(self.status, result.status)  # 2 (unusable) > 1 (errors) > 0
                if not self.keep:
                    continue
                if result.key is not None and result.key not in index:
                    assert result.pairing is not None
                    index[result.key] = pairs.tell()
                    pairs.write(result.pairing + b"\n")
                spool.write(f"{result.line}\n")
            if not self.keep:
                return

            def pairing(k: tuple[str, int]) -> dict[str, Any]:
                pairs.seek(index[k])
                data: dict[str, Any] = json.loads(pairs.readline())
                return data

            # Pass 2: add the cross-year findings.
            spool.seek(0)
            for line in spool:
                record = json.loads(line)
                key = year_key(record)
                previous = None if key is None else (key[0], key[1] - 1)
                if self.pair and self.prior is None and key in index and previous in index:
                    # pairing(key) is this report's own data (its narrative included)
                    # unless another file had the same body and year first.
                    assert key is not None and previous is not None
                    extra = cross_year_findings(pairing(key), pairing(previous))
                    record["findings"] += [f.as_dict() for f in extra]
                yield record


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


@contextmanager
def _bulk_gc() -> Iterator[None]:
    """The cyclic garbage collector set for a run of many reports (here, and in the
    workers forked in it), and set back afterwards. Reading a report makes a few hundred
    container objects and keeps none, so the default threshold (700) collects every
    report or two, each time also walking the ~100,000 objects of the imported modules.
    Those are frozen out of its way (``gc.freeze``, also sparing the forked workers'
    copy-on-write pages) and the young generation is collected every 5,000 objects: 2 %
    of the instructions of an HTML report (callgrind), with memory still flat over
    thousands of reports (bench/audit.py)."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(5000, 10, 10)
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _records(
    targets: list[tuple[str, Path | None, Given | None]], jobs: int, prior: Any, keep: bool
) -> Iterator[_Result]:
    work = [(src, str(p) if p else None, keep, g) for src, p, g in targets]
    if prior is not None:
        src, path, _, given = work[0]
        try:
            record = audit_file(path, prior, given) if path else error_record(src, "没有这个文件")
        except MemoryError:
            record = error_record(src, E_MEMORY)
        yield _Result(_status(record), json.dumps(record, ensure_ascii=False))
        return
    if jobs == 1 or len(work) < 4:
        with _bulk_gc():
            yield from map(_audit_one, work)
        return
    from multiprocessing import get_context

    if any(p and p.lower().endswith(".pdf") for _, p, _, _ in work):
        # Imported once here rather than in each forked worker (0.15–0.3 s of CPU apiece).
        import pdfplumber.table  # noqa: F401
        import pypdfium2.raw  # noqa: F401
    # Smaller chunks for a short list, so that both workers get a fair share of it.
    chunk = max(1, min(CHUNK, len(work) // (jobs * 4)))
    with _bulk_gc(), get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(_audit_one, work, chunksize=chunk)


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
