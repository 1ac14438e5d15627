"""Hostile inputs read as ``gongkai audit`` reads a file (``read_report`` on a path): ZIP
bombs, huge, endless and deeply nested inputs, PDFs too long, too dense or inflating too
far, and real reports padded to the size the readers take -- each built from a short
recipe the fuzzer mutates (``tests/hostile.py`` builds the files):

* byte 0: the kind (``hostile.KINDS``);
* byte 1: how far from its cap (``hostile.STEPS``: half, 99 %, at it, one past it,
  1 %, 10 %, twice, four and ten times past it);
* byte 2: a variant (the element repeated, the words of a page, the device …);
* the rest: bytes mixed into the text of the padded inputs.

The contract, on top of the readers' (a report or a ``ParseError``): each input is read
or refused within 20 s of this process's CPU time (``gongkai audit``'s 10 s, doubled for
the instrumented code; CPU time, because the wall clock of a loaded machine says
nothing of the input: the first run's one finding was a 10-page dense PDF read within
the helper's 4 s of CPU, in 24 s of wall time) and with this process growing by at most
275 MB (``gongkai audit``'s 300 MB less its 25 MB at start). The PDF helper is held to
its own caps (4 s of CPU, 160 MB) by the sandbox. A breach is a finding
(``CapExceeded``); a hang is libFuzzer's ``-timeout`` (60 s in ``fuzz/run.py``).
Seeds: one recipe per kind, 1 % short of its cap and one past it
(``fuzz/make_corpus.py``).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import harness
from harness import atheris

with atheris.instrument_imports():
    from gongkai.core.report.parse.files import read_report

import hostile  # tests/hostile.py: harness puts tests/ on the path

SECONDS = 20.0
GROWTH_MB = 275


class CapExceeded(Exception):
    """An input took more time or memory than the caps allow."""


def _rss(field: str) -> int:
    """VmRSS or VmHWM of this process in kB (Linux), 0 if unknown."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> None:
    """Start VmHWM (the peak resident set) again from the current one (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def read(recipe: bytes):
    with tempfile.TemporaryDirectory(prefix="fuzz-hostile-") as tmp:
        path = hostile.from_recipe(recipe, Path(tmp))
        before = _rss("VmRSS")
        _reset_peak()
        started = time.process_time()
        error: Exception | None = None
        report = None
        try:
            report = read_report(path)
        except harness.ParseError as err:
            error = err
        seconds = time.process_time() - started
        growth = (_rss("VmHWM") - before) / 1024
        if seconds > SECONDS:
            raise CapExceeded(f"{recipe[:3].hex()}: {seconds:.1f} s of CPU, over {SECONDS} s")
        if growth > GROWTH_MB:
            raise CapExceeded(f"{recipe[:3].hex()}: {growth:.0f} MB more, over {GROWTH_MB} MB")
        if error is not None:
            raise error
        return report


if __name__ == "__main__":
    harness.main(harness.contract("hostile", read), None)
