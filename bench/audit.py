"""Benchmark of `gongkai audit`: reports per second and peak memory, per input kind,
for --jobs 1 and --jobs 2, and peak memory at 500 and 2,000 files.

    .venv/bin/python bench/audit.py            # builds bench/.corpus once, then measures

The corpus (2,000 files) is made from the seed report, the fixture texts and the
original HTML/PDF/DOCX files: the files themselves, and each report rendered to text,
HTML, DOCX and PDF under varied body names and years. Every measurement runs the real
command line in a fresh process; peak memory is the largest resident set of that
process and its workers. Figures go to stdout, the last lines being the summary.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "bench" / ".corpus"
COUNTS = {"text": 1000, "html": 800, "docx": 150, "pdf": 50}
GONGKAI = [sys.executable, "-m", "gongkai.cli.main"]


def build(corpus: Path) -> None:
    from gongkai.core import read_report
    from gongkai.core.report.render import render_docx, render_html, render_pdf, render_text

    sources = [
        SHARED / "seed" / "xinglong-2023-annual-report.txt",
        *sorted((SHARED / "fixtures" / "reports").glob("0*.txt")),
    ]
    originals = sorted((SHARED / "fixtures" / "original").glob("0*"))
    reports = [read_report(p) for p in [*sources, *originals]]
    renderers = {
        "text": lambda r: render_text(r).encode(),
        "html": lambda r: render_html(r).encode(),
        "docx": render_docx,
        "pdf": render_pdf,
    }
    suffix = {"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}
    for kind, count in COUNTS.items():
        folder = corpus / kind
        folder.mkdir(parents=True, exist_ok=True)
        made = 0
        # The real files of this kind first, then renderings of every report.
        for p in [*sources, *originals]:
            if made < count and p.suffix == suffix[kind]:
                shutil.copy(p, folder / f"{made:05d}{p.suffix}")
                made += 1
        i = 0
        while made < count:
            base = reports[i % len(reports)]
            variant = dataclasses.replace(
                base, body=f"{base.body or '示例'}{i}", year=(base.year or 2021) + i % 3
            )
            (folder / f"{made:05d}{suffix[kind]}").write_bytes(renderers[kind](variant))
            made += 1
            i += 1
        print(f"corpus: {kind}: {count} files", flush=True)
    (corpus / ".complete").write_text("ok")


def measure(paths: list[Path], jobs: int) -> dict[str, float]:
    """Run the audit in a fresh process; its wall time and peak memory (with its workers)."""
    listing = CORPUS / f".list-{os.getpid()}"
    code = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter();"
        f"p = subprocess.run({GONGKAI!r} + ['audit', '--quiet', '--jobs', sys.argv[1]] + open(sys.argv[2]).read().split(chr(10)), stdout=subprocess.DEVNULL);"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': p.returncode,"
        " 'maxrss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
    )
    listing.write_text("\n".join(str(p) for p in paths))
    try:
        out = subprocess.run(
            [sys.executable, "-c", code, str(jobs), str(listing)],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        listing.unlink()
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true", help="build the corpus again")
    parser.add_argument(
        "--kinds",
        default=",".join(COUNTS),
        help="comma-separated kinds to measure (default: all); the mixed runs need all",
    )
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    if unknown := set(kinds) - set(COUNTS):
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    if args.rebuild and CORPUS.exists():
        shutil.rmtree(CORPUS)
    if not (CORPUS / ".complete").exists():
        build(CORPUS)
    files = {kind: sorted((CORPUS / kind).iterdir()) for kind in COUNTS}
    print(f"corpus: {sum(len(v) for v in files.values())} files in {CORPUS}")
    results = []
    for kind in kinds:
        paths = files[kind]
        for jobs in (1, 2):
            m = measure(paths, jobs)
            rate = len(paths) / m["seconds"]
            results.append((kind, jobs, len(paths), rate, m["maxrss_mb"]))
            print(
                f"{kind:5s} --jobs {jobs}: {len(paths):5d} files in {m['seconds']:7.2f} s = {rate:8.1f} reports/s, peak {m['maxrss_mb']:.0f} MB",
                flush=True,
            )
    if kinds != list(COUNTS):
        print("summary (reports/s, --jobs 1 / --jobs 2):")
        for kind, jobs, _, rate, _ in results:
            if jobs == 1:
                r2 = next(r for k, j, _, r, _ in results if k == kind and j == 2)
                print(f"  {kind:5s} {rate:8.1f} / {r2:8.1f}")
        return
    everything = [p for kind in COUNTS for p in files[kind]]
    # Both runs hold the real published files (the largest inputs: the originals are the
    # first files of each kind), the rest spread evenly over the corpus.
    real = [p for kind in COUNTS for p in files[kind][:13]]
    mem = {}
    for n in (500, 2000):
        rest = [p for p in everything if p not in real]
        subset = real + rest[:: max(1, len(rest) // (n - len(real)))][: n - len(real)]
        m = measure(subset, 2)
        mem[n] = m["maxrss_mb"]
        print(
            f"mixed --jobs 2: {len(subset):5d} files, peak {m['maxrss_mb']:.0f} MB ({m['seconds']:.1f} s)",
            flush=True,
        )
    print("summary (reports/s, --jobs 1 / --jobs 2):")
    for kind in COUNTS:
        r1 = next(r for k, j, _, r, _ in results if k == kind and j == 1)
        r2 = next(r for k, j, _, r, _ in results if k == kind and j == 2)
        print(f"  {kind:5s} {r1:8.1f} / {r2:8.1f}")
    print(
        f"  peak memory, --jobs 2: {mem[500]:.0f} MB at 500 files, {mem[2000]:.0f} MB at 2000 files"
    )


if __name__ == "__main__":
    main()
