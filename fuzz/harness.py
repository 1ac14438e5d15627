"""What every atheris harness shares: the contract check, the statistics and the
structure-aware custom mutator.

The contract (``gongkai.core.errors``): a reader returns an ``AnnualReport`` or raises
``ParseError``; on a returned report, ``check``, ``audit_record`` and ``json.dumps`` run.
Any other exception is a finding. A finding does not stop the run (so that one long run
counts them all): its input and traceback are saved under ``$FUZZ_OUT/findings/`` (one
file per distinct exception type and place), and the statistics say how many there were.
``FUZZ_STOP_ON_FINDING=1`` re-raises instead, for libFuzzer to minimise the input.

The statistics (inputs, reports, ``ParseError``s, findings, the slowest input) are
written to ``$FUZZ_OUT/stats.json`` every 200 inputs and every 10 seconds, and on the
last input of ``-runs=N``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GONGKAI_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "tests"))  # the mutations shared with the Hypothesis tests

import atheris  # noqa: E402

with atheris.instrument_imports():
    from gongkai.core import AnnualReport, ParseError, audit_record, check

OUT = Path(os.environ.get("FUZZ_OUT", ROOT / "fuzz" / "out" / "adhoc"))
STOP = os.environ.get("FUZZ_STOP_ON_FINDING") == "1"


def _runs_from_argv() -> int | None:
    for arg in sys.argv:
        if arg.startswith("-runs="):
            return int(arg.split("=", 1)[1])
    return None


class Stats:
    def __init__(self, target: str) -> None:
        self.target = target
        self.inputs = 0
        self.reports = 0
        self.parse_errors = 0
        self.findings: dict[str, dict[str, Any]] = {}
        self.slowest = 0.0
        self.started = time.monotonic()
        self.written = 0.0
        self.last_run = _runs_from_argv()
        (OUT / "findings").mkdir(parents=True, exist_ok=True)

    def count(self, seconds: float, data: bytes) -> None:
        self.inputs += 1
        if seconds > self.slowest:
            self.slowest = seconds
            if seconds > 1.0:
                (OUT / "slowest-input.bin").write_bytes(data)
        now = time.monotonic()
        if self.inputs % 200 == 0 or now - self.written > 10 or self.inputs == self.last_run:
            self.write()

    def finding(self, err: BaseException, data: bytes) -> None:
        tb = traceback.extract_tb(err.__traceback__)
        where = f"{tb[-1].filename}:{tb[-1].lineno}" if tb else "?"
        key = f"{type(err).__name__} at {where}"
        entry = self.findings.setdefault(key, {"count": 0})
        entry["count"] += 1
        if entry["count"] == 1:
            name = f"{type(err).__name__}-{hashlib.sha1(data).hexdigest()[:12]}"
            (OUT / "findings" / f"{name}.bin").write_bytes(data)
            text = "".join(traceback.format_exception(err))
            (OUT / "findings" / f"{name}.txt").write_text(text, encoding="utf-8")
            entry["input"] = f"findings/{name}.bin"
            entry["message"] = str(err)[:300]
            self.write()

    def write(self) -> None:
        self.written = time.monotonic()
        stats = {
            "target": self.target,
            "inputs": self.inputs,
            "reports": self.reports,
            "parse_errors": self.parse_errors,
            "findings": sum(f["count"] for f in self.findings.values()),
            "distinct_findings": self.findings,
            "slowest_input_seconds": round(self.slowest, 3),
            "seconds": round(self.written - self.started, 1),
        }
        tmp = OUT / "stats.json.tmp"
        tmp.write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(OUT / "stats.json")


def check_report(report: AnnualReport) -> None:
    """The rules and the audit record run on a report a reader returned."""
    if not isinstance(report, AnnualReport):
        raise TypeError(f"the reader returned {type(report).__name__}, not AnnualReport")
    json.dumps(audit_record(report, check(report)), ensure_ascii=False)


def contract(
    target: str,
    read: Callable[[bytes], AnnualReport],
    after: Callable[[AnnualReport], None] = check_report,
) -> Callable[[bytes], None]:
    """A libFuzzer entry point holding ``read`` to the contract."""
    stats = Stats(target)

    def test_one_input(data: bytes) -> None:
        start = time.perf_counter()
        try:
            report = read(data)
            after(report)
        except ParseError:
            stats.parse_errors += 1
        except Exception as err:  # the contract is broken: record it
            stats.finding(err, data)
            if STOP:
                raise
        else:
            stats.reports += 1
        stats.count(time.perf_counter() - start, data)

    return test_one_input


def custom_mutator(
    structured: Callable[[Any, bytes], bytes], *, share: int = 2
) -> Callable[[bytes, int, int], bytes]:
    """libFuzzer's own byte-level mutation, or (one time in ``share``) the structure-aware
    one, choosing with a ``random.Random`` seeded by libFuzzer's seed."""
    from mutations import RandomChooser

    def mutate(data: bytes, max_size: int, seed: int) -> bytes:
        chooser = RandomChooser(seed)
        if chooser.integer(0, share - 1) == 0:
            try:
                out = structured(chooser, data)
            except Exception:  # the input is no longer structured (not a zip, not JSON …)
                out = atheris.Mutate(data, max_size)
        else:
            out = atheris.Mutate(data, max_size)
        return out[:max_size]

    return mutate


def main(
    test_one_input: Callable[[bytes], None], mutator: Callable[[bytes, int, int], bytes] | None
) -> None:
    atheris.Setup(sys.argv, test_one_input, custom_mutator=mutator)
    atheris.Fuzz()
