"""Where a mutation's choices come from: a :class:`Chooser` -- Hypothesis's draws in the
tests (:class:`DrawChooser`), a ``random.Random`` seeded by libFuzzer in the harnesses
(:class:`RandomChooser`).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    def integer(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi], both included."""
        ...


class RandomChooser:
    """Choices from a ``random.Random`` (for the atheris harnesses)."""

    def __init__(self, seed: int | bytes) -> None:
        self.rng = random.Random(seed)

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)


class DrawChooser:
    """Choices drawn by Hypothesis (``draw`` from ``st.composite`` or ``st.data()``)."""

    def __init__(self, draw: Callable[..., Any]) -> None:
        from hypothesis import strategies as st

        self._st = st
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return int(self.draw(self._st.integers(lo, hi)))


def pick(c: Chooser, items: Sequence[T]) -> T:
    """One of ``items``; a list or dict is a copy, so that a mutation that goes on to change
    what it picked (cells set to ``{}``, then a cell added) never changes the table it came
    from for later inputs (the generator would then draw differently for the same input)."""
    item = items[c.integer(0, len(items) - 1)]
    return copy.deepcopy(item) if isinstance(item, list | dict) else item
