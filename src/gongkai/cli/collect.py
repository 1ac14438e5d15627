"""``gongkai collect``: download the annual reports of the units of a sites list into a
store (a thin edge over :mod:`gongkai.core.collect`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gongkai.core.collect import CollectError, parse_years, read_sites

if TYPE_CHECKING:
    from gongkai.core.collect.crawl import Event

EXIT_OK, EXIT_FAILED = 0, 1


def _years(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, ...]:
    try:
        return parse_years(value)
    except CollectError as err:
        raise click.BadParameter(str(err)) from None


@click.command()
@click.argument("sites", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--years",
    required=True,
    callback=_years,
    help="Report years, e.g. 2023 or 2023,2024 or 2021-2023.",
)
@click.option(
    "--out",
    "store",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The store folder (made if missing; a second run fetches only what is missing).",
)
@click.option(
    "--per-host",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Requests at a time to one host.",
)
@click.option(
    "--delay",
    type=click.FloatRange(0, 600),
    default=1.0,
    show_default=True,
    help="Seconds between requests to one host (a longer Crawl-delay in robots.txt wins).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Threads (sites and reports fetched at once; the per-host limit still holds).",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=3,
    show_default=True,
    help="Retries after a 5xx, 429 or timeout, with backoff.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(0, 60),
    default=1.0,
    show_default=True,
    help="Seconds before the first retry, doubled for each next one.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 600),
    default=30.0,
    show_default=True,
    help="Seconds per request.",
)
@click.option(
    "--max-size",
    type=click.FloatRange(0.001, 10_000),
    default=50.0,
    show_default=True,
    help="Megabytes one file may have; a larger one is recorded as a failure.",
)
@click.option(
    "--max-pages",
    type=click.IntRange(1, 1000),
    default=50,
    show_default=True,
    help="List pages to read per site.",
)
@click.option(
    "--max-files",
    type=click.IntRange(1, None),
    default=None,
    help="Stop starting new reports once this many files are written (run again to go on).",
)
@click.option(
    "--ignore-robots",
    is_flag=True,
    help="Do not read robots.txt (only for your own site or with its owner's leave).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
def collect(
    sites: Path,
    years: tuple[int, ...],
    store: Path,
    per_host: int,
    delay: float,
    jobs: int,
    retries: int,
    backoff: float,
    timeout: float,
    max_size: float,
    max_pages: int,
    max_files: int | None,
    ignore_robots: bool,
    quiet: bool,
) -> None:
    """Collect annual reports (政府信息公开工作年度报告) from government websites.

    SITES is a CSV file with the columns unit,url: each unit and the start page of its
    annual-report column (政府信息公开年报). The reports of the asked years are found by
    their titles on the list pages (and the pages after them), downloaded with their
    attachments (PDF, DOCX, DOC, WPS) and their publication dates into the store:
    the raw files, manifest.jsonl (one line per report) and failures.jsonl.

    Exit status: 0 when every site was reached and nothing failed, 1 otherwise (the
    manifest still holds everything collected).
    """
    from gongkai.core.collect.crawl import CollectOptions
    from gongkai.core.collect.crawl import collect as run
    from gongkai.core.collect.fetch import FetchOptions

    try:
        site_list = read_sites(sites)
    except CollectError as err:
        raise click.BadParameter(str(err), param_hint="SITES") from None
    options = CollectOptions(
        years=years,
        fetch=FetchOptions(
            per_host=per_host,
            delay=delay,
            retries=retries,
            backoff=backoff,
            timeout=timeout,
            max_size=int(max_size * 1024 * 1024),
            robots=not ignore_robots,
        ),
        jobs=jobs,
        max_pages=max_pages,
        max_files=max_files,
    )
    with _progress(quiet) as progress:
        summary = run(site_list, store, options, progress=progress)
    echo = click.echo
    for f in summary.failures:
        echo(f"失败  {f['unit']}  {f['url']}  {f['reason']}", err=True)
    echo(
        f"单位 {summary.sites} 个，连通 {summary.reached} 个；列表页 {summary.list_pages} 页"
        f"（未变 {summary.not_modified} 页）；找到报告 {summary.found} 份：新下载 "
        f"{summary.new_reports} 份（文件 {summary.new_files} 个，{summary.bytes:,} 字节），"
        f"此前已有 {summary.kept_reports} 份；请求 {summary.requests} 次。"
    )
    if summary.missing:
        names = "、".join(f"{unit}{year}年度" for unit, year in summary.missing)
        echo(f"未找到报告 {len(summary.missing)} 份：{names}")
    if summary.stopped:
        echo(f"已按 --max-files {max_files} 停止，再次运行即可继续。")
    if summary.failures:
        echo(f"失败 {len(summary.failures)} 项，见 {store / 'failures.jsonl'}")
    echo(f"清单：{store / 'manifest.jsonl'}")
    sys.exit(EXIT_OK if summary.ok else EXIT_FAILED)


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[Event], None]]:
    """Two bars on a terminal — sites searched, reports fetched; nothing elsewhere."""
    if quiet or not sys.stderr.isatty():
        yield lambda event: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )

    labels = {"sites": "查找", "reports": "下载"}
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
    )
    tasks: dict[str, TaskID] = {}

    def on_event(event: Event) -> None:
        if event.total is not None:
            tasks[event.stage] = progress.add_task(labels[event.stage], total=event.total)
        elif event.stage in tasks:
            progress.advance(tasks[event.stage], event.advance)

    with progress:
        yield on_event
