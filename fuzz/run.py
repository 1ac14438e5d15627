"""The long fuzzing run: each harness under libFuzzer for ``--runs`` inputs (100,000 by
default) with a per-input timeout, one after the other, at low priority (``nice``).

    .venv/bin/python fuzz/run.py [--runs N] [--timeout S] [TARGET ...]

TARGETs: text html docx pdf files json doc hostile (default: all but doc and hostile).
For each it prints and appends to ``fuzz/out/summary.md`` the inputs run, the reports read, the
``ParseError``s, the exceptions other than ParseError (must be 0), the slowest input and
the time; the findings' inputs and tracebacks are in ``fuzz/out/<target>/findings/``.
Exit status 1 if any target had a finding or libFuzzer stopped early (a timeout or
running out of memory: its input is in ``fuzz/out/<target>/``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
TARGETS = ("text", "html", "docx", "pdf", "files", "json", "doc", "hostile")
DEFAULT = ("text", "json", "html", "files", "docx", "pdf")
TIMEOUTS = {"pdf": 120, "doc": 180, "docx": 60, "hostile": 60}
# files is about kind detection and decoding (each reader has its own target): inputs up
# to 64 KB, so that whole PDFs (0.4 s and more each) do not take most of its time.
EXTRA = {"files": ["-max_len=65536"]}


def run(
    target: str, runs: int, timeout: int | None, keep: bool, max_time: int | None = None
) -> dict[str, object]:
    seeds = FUZZ / "corpus" / target
    if not seeds.is_dir():
        subprocess.run([sys.executable, str(FUZZ / "make_corpus.py")], check=True)
    out = FUZZ / "out" / target
    if out.exists() and not keep:
        shutil.rmtree(out)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    limit = timeout or TIMEOUTS.get(target, 30)
    cmd = [
        "nice",
        "-n",
        "10",
        sys.executable,
        str(FUZZ / f"fuzz_{target}.py"),
        f"-runs={runs}",
        f"-timeout={limit}",
        "-rss_limit_mb=4096",
        "-print_final_stats=1",
        *([f"-max_total_time={max_time}"] if max_time else []),
        f"-artifact_prefix={out}/",
        *EXTRA.get(target, []),
        str(out / "corpus"),
        str(seeds),
    ]
    started = time.monotonic()
    with (out / "libfuzzer.log").open("w") as log:
        log.write(" ".join(cmd) + "\n")
        log.flush()
        proc = subprocess.run(
            cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "FUZZ_OUT": str(out)}
        )
    return summarise(target, exit_code=proc.returncode, seconds=time.monotonic() - started)


def summarise(target: str, *, exit_code: int | None, seconds: float | None) -> dict[str, object]:
    """The figures of a run from its log and its statistics (``--summary``: of a run
    made earlier, or still going)."""
    out = FUZZ / "out" / target
    log = (
        (out / "libfuzzer.log").read_text(errors="replace")
        if (out / "libfuzzer.log").exists()
        else ""
    )
    done = re.search(r"Done (\d+) runs in (\d+) second", log)
    stats = json.loads((out / "stats.json").read_text()) if (out / "stats.json").exists() else {}
    return {
        "target": target,
        "command": log.split("\n", 1)[0],
        "libfuzzer_runs": int(done[1]) if done else None,
        "completed": bool(done) and exit_code in (0, None),
        "exit": exit_code,
        "inputs": stats.get("inputs"),
        "reports": stats.get("reports"),
        "parse_errors": stats.get("parse_errors"),
        "findings": stats.get("findings"),
        "distinct_findings": list(stats.get("distinct_findings", {})),
        "slowest_input_seconds": stats.get("slowest_input_seconds"),
        "seconds": round(seconds if seconds is not None else stats.get("seconds", 0)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=" ".join(TARGETS))
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--timeout", type=int, default=None, help="seconds per input")
    parser.add_argument(
        "--max-time", type=int, default=None, help="stop a target after this many seconds"
    )
    parser.add_argument(
        "--summary", action="store_true", help="only summarise the runs already in fuzz/out"
    )
    parser.add_argument("--keep", action="store_true", help="keep fuzz/out/<target> (its corpus)")
    args = parser.parse_args()
    unknown = set(args.targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {sorted(unknown)}")
    bad = False
    for target in args.targets or DEFAULT:
        if args.summary:
            result = summarise(target, exit_code=None, seconds=None)
        else:
            result = run(target, args.runs, args.timeout, args.keep, args.max_time)
        line = (
            f"| {target} | {result['inputs']} | {result['reports']} | {result['parse_errors']} "
            f"| {result['findings']} | {result['slowest_input_seconds']} s | {result['seconds']} s "
            f"| {'yes' if result['completed'] else 'NO (exit ' + str(result['exit']) + ')'} |"
        )
        print(line, flush=True)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        if not args.summary:
            with (FUZZ / "out" / "summary.md").open("a") as f:
                f.write(line + "\n")
        bad |= bool(result["findings"]) or not result["completed"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
