"""Steadier figures than wall time on a shared machine: the CPU time of auditing one
report in one process, and (with --instructions) the instructions callgrind counts
for `gongkai audit --quiet --jobs 1`, per report and for the start-up.

    .venv/bin/python bench/cpu.py                  # CPU ms per report, per kind
    .venv/bin/python bench/cpu.py --instructions   # also callgrind counts (slow: minutes)
    .venv/bin/python bench/cpu.py --stages         # where a report's CPU time goes

Uses the corpus bench/audit.py builds (bench/.corpus). The CPU figure is the best of
three passes over every file of a kind, each file read and checked as a worker of
`gongkai audit` does (its JSON line included), with the cache of long folded strings
emptied before each report, so that the corpus's repeated narratives (it is made of
a few reports rendered many times) do not help. Other engineers' load still slows it
somewhat (shared caches, frequency); instruction counts do not move with load.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from _callgrind import instructions as callgrind_instructions

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / ".corpus"
KINDS = ("text", "html", "docx")


def cpu_ms_per_report(files: list[Path]) -> float:
    from gongkai.core.report import batch
    from gongkai.core.report.parse import normalize

    forget = getattr(normalize, "_fold_recent", None)  # the cache of long strings, if any
    best = float("inf")
    for _ in range(3):
        spent = 0.0
        for f in files:
            if forget is not None:
                forget.cache_clear()
            start = time.process_time()
            record, _ = batch.audit_file_with_pairing(str(f))
            json.dumps(record, ensure_ascii=False)
            spent += time.process_time() - start
        best = min(best, spent)
    return best / len(files) * 1000


def stages_ms(files: list[Path]) -> dict[str, float]:
    """Best of three passes: CPU ms per report in each stage of auditing it."""
    from gongkai.core.report.parse.files import InputKind, decode, detect_kind
    from gongkai.core.report.parse.html import html_to_text, sniff_html_encoding
    from gongkai.core.report.parse.text import parse_text
    from gongkai.core.report.rules import check
    from gongkai.core.report.serialize import audit_record

    def to_text(data: bytes) -> str:
        kind = detect_kind(data)
        if kind is InputKind.HTML:
            return html_to_text(decode(data, source="x", declared=sniff_html_encoding(data)))
        if kind is InputKind.DOCX:
            from gongkai.core.report.parse.docx import docx_to_text

            return docx_to_text(data)
        return decode(data, source="x")

    datas = [f.read_bytes() for f in files]
    best: dict[str, float] | None = None
    for _ in range(3):
        spent = dict.fromkeys(("to text", "read", "rules", "record"), 0.0)
        for data in datas:
            t0 = time.process_time()
            text = to_text(data)
            t1 = time.process_time()
            report = parse_text(text, source="x")
            t2 = time.process_time()
            findings = check(report)
            t3 = time.process_time()
            json.dumps(audit_record(report, findings), ensure_ascii=False)
            t4 = time.process_time()
            for stage, took in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                spent[stage] += took
        if best is None or sum(spent.values()) < sum(best.values()):
            best = spent
    assert best is not None
    return {stage: took / len(files) * 1000 for stage, took in best.items()}


def instructions(files: list[Path]) -> int:
    return callgrind_instructions(
        [
            sys.executable,
            "-m",
            "gongkai.cli.main",
            "audit",
            "--quiet",
            "--jobs",
            "1",
            *map(str, files),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with callgrind"
    )
    parser.add_argument(
        "--stages", action="store_true", help="CPU time per stage (to text, read, rules, record)"
    )
    parser.add_argument(
        "--sample", type=int, default=50, help="files per kind for --instructions (default 50)"
    )
    args = parser.parse_args()
    if not (CORPUS / ".complete").exists():
        raise SystemExit("no corpus: run bench/audit.py first")
    for kind in KINDS:
        files = sorted((CORPUS / kind).iterdir())
        line = f"{kind:5s} {cpu_ms_per_report(files):6.3f} ms CPU per report ({len(files)} files)"
        if args.stages:
            line += "; " + ", ".join(f"{k} {v:.3f}" for k, v in stages_ms(files).items())
        if args.instructions:
            sample = files[:: max(1, len(files) // args.sample)][: args.sample]
            one = instructions(sample[:1])
            many = instructions(sample)
            per = (many - one) / (len(sample) - 1)
            line += f"; start-up + 1 report {one / 1e6:,.0f} M, {per / 1e6:.2f} M per report"
        print(line, flush=True)


if __name__ == "__main__":
    main()
