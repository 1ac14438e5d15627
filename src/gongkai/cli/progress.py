"""The progress bar of a bulk audit on a terminal (rich is imported only when one is shown)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class _RateColumn(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Any) -> Any:
        speed = task.finished_speed or task.speed
        return f"{speed:,.0f} 份/秒" if speed else "— 份/秒"


@contextmanager
def progress_bar(total: int, console: Console) -> Iterator[Callable[[], None]]:
    """A bar on ``console`` for ``total`` reports; yields the function that counts one done."""
    progress = Progress(
        TextColumn("核查"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=console,
    )
    with progress:
        task = progress.add_task("audit", total=total)
        yield lambda: progress.advance(task)
