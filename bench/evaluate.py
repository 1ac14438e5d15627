"""Benchmark of `gongkai evaluate`: 2,000 reports — 1,000 units, each with its reports
for 2022 and 2023 — scored, ranked and written out (XLSX, HTML page, bulletin draft),
then the bulletin rendered to DOCX and PDF.

    .venv/bin/python bench/evaluate.py            # builds bench/.corpus-evaluate once

The corpus is made as bench/audit.py makes its own: the seed report, the fixture texts
and the original HTML/PDF/DOCX files, each rendered to text, HTML, DOCX and PDF (1,000 /
800 / 150 / 50 files) under varied unit names — governments, departments, townships —
here for two consecutive years per unit, so that the cross-year rules run and every
unit is compared with its year before; an input list gives each file its unit and a
publication date (one unit in five late). Every measurement runs the real command line
in a fresh process; peak memory is the largest resident set of that process and its
workers. Figures go to stdout, the last lines being the summary.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "bench" / ".corpus-evaluate"
COUNTS = {"text": 1000, "html": 800, "docx": 150, "pdf": 50}
SUFFIX = {"text": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}
#: Unit names by kind: the deadlines of Art. 49 differ (departments 31 January,
#: governments 31 March, townships none).
KINDS = ("{i}县人民政府", "{i}县发展和改革局", "{i}镇人民政府", "{i}县财政局", "{i}街道办事处")
GONGKAI = [sys.executable, "-m", "gongkai.cli.main"]


def build(corpus: Path) -> None:
    from gongkai.core import read_report
    from gongkai.core.report.render import render_docx, render_html, render_pdf, render_text

    sources = [
        SHARED / "seed" / "xinglong-2023-annual-report.txt",
        *sorted((SHARED / "fixtures" / "reports").glob("0*.txt")),
        *sorted((SHARED / "fixtures" / "original").glob("0*")),
    ]
    reports = [read_report(p) for p in sources]
    renderers = {
        "text": lambda r: render_text(r).encode(),
        "html": lambda r: render_html(r).encode(),
        "docx": render_docx,
        "pdf": render_pdf,
    }
    corpus.mkdir(parents=True, exist_ok=True)
    rows = []
    unit = 0
    for kind, count in COUNTS.items():
        for n in range(count // 2):  # two years of each unit, in the same kind of file
            base = reports[unit % len(reports)]
            name = "示例" + KINDS[unit % len(KINDS)].format(i=unit)
            for year in (2022, 2023):
                report = dataclasses.replace(base, body=name, year=year)
                file = f"{kind}/{n:04d}-{year}{SUFFIX[kind]}"
                (corpus / file).parent.mkdir(exist_ok=True)
                (corpus / file).write_bytes(renderers[kind](report))
                deadline = date(year + 1, 1, 31)
                published = deadline + timedelta(days=20 if unit % 5 == 0 else -10)
                rows.append((file, published.isoformat(), name))
            unit += 1
        print(f"corpus: {kind}: {count} files", flush=True)
    with (corpus / "inputs.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "published_on", "unit"])
        writer.writerows(rows)
    (corpus / ".complete").write_text("ok")


def measure(args: list[str]) -> dict[str, float]:
    """Run gongkai with ``args`` in a fresh process: its wall time and peak memory."""
    code = (
        "import json, resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "p = subprocess.run(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL);"
        "print(json.dumps({'seconds': time.perf_counter() - t, 'rc': p.returncode,"
        " 'maxrss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(GONGKAI + args)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true", help="build the corpus again")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs to measure")
    args = parser.parse_args()
    if args.rebuild and CORPUS.exists():
        shutil.rmtree(CORPUS)
    if not (CORPUS / ".complete").exists():
        build(CORPUS)
    listing = CORPUS / "inputs.csv"
    files = sum(1 for _ in listing.open(encoding="utf-8")) - 1
    out = CORPUS / "out"
    out.mkdir(exist_ok=True)
    print(f"corpus: {files} files in {CORPUS}")
    summary = []
    for jobs in [int(j) for j in args.jobs.split(",") if j]:
        audit = measure(["audit", "--quiet", "--jobs", str(jobs), "--list", str(listing),
                         "--out", str(out / "rows.jsonl")])  # fmt: skip
        evaluate = measure(
            ["evaluate", "--quiet", "--jobs", str(jobs), "--list", str(listing), "--year", "2023",
             "--out", str(out / "results.xlsx"), "--html", str(out / "results.html"),
             "--bulletin-draft", str(out / "bulletin.json"), "--as-of", "2024-04-08"]
        )  # fmt: skip
        assert evaluate["rc"] == 0, evaluate
        print(
            f"--jobs {jobs}: audit {audit['seconds']:.2f} s (peak {audit['maxrss_mb']:.0f} MB); "
            f"evaluate {evaluate['seconds']:.2f} s = {files / evaluate['seconds']:.1f} reports/s "
            f"(peak {evaluate['maxrss_mb']:.0f} MB)",
            flush=True,
        )
        summary.append((jobs, audit, evaluate))
    draft = json.loads((out / "bulletin.json").read_text(encoding="utf-8"))
    renders = {}
    for kind in ("docx", "pdf"):
        target = out / f"bulletin.{kind}"
        m = measure(["bulletin", str(out / "bulletin.json"), "--to", kind, "-o", str(target)])
        renders[kind] = (m, target.stat().st_size)
        print(f"bulletin --to {kind}: {m['seconds']:.2f} s, {target.stat().st_size:,} bytes, "
              f"peak {m['maxrss_mb']:.0f} MB", flush=True)  # fmt: skip
    sizes = {p.name: p.stat().st_size for p in out.iterdir()}
    print("summary:")
    for jobs, audit, evaluate in summary:
        print(
            f"  --jobs {jobs}: evaluate {files} reports in {evaluate['seconds']:.2f} s "
            f"({files / evaluate['seconds']:.1f} reports/s; the audit alone {audit['seconds']:.2f} s), "
            f"peak {evaluate['maxrss_mb']:.0f} MB"
        )
    print(
        f"  {len(draft['annex'])} units ranked; results.xlsx {sizes['results.xlsx']:,} bytes, "
        f"results.html {sizes['results.html']:,} bytes, bulletin.json {sizes['bulletin.json']:,} bytes"
    )
    for kind, (m, size) in renders.items():
        print(f"  bulletin {kind}: {m['seconds']:.2f} s, {size:,} bytes")


if __name__ == "__main__":
    main()
