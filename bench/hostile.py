"""`gongkai audit` on hostile files at the size of issue 13's probe: peak memory and time.

    .venv/bin/python bench/hostile.py            # all cases
    .venv/bin/python bench/hostile.py pdf-dense  # only the cases named
    .venv/bin/python bench/hostile.py --src ../old/src --timeout 60 --memory-mb 4000
                                                 # another checkout's gongkai, held in

Builds each hostile file in a temporary folder (``tests/hostile.py``: ZIP bombs of 100 MB
and 1.5 GB, a 3 GB text file, ``/dev/zero``, an endless pipe, pages nested a million
deep, a 199-page dense PDF, a PDF page inflating to 1 GB …), then runs
``gongkai audit --format json FILE GOOD`` on it beside the seed report, each in a fresh
process, and prints for each: the size of the file, the exit status, whether the good
report got its result, the peak resident set of the command (its largest process: the
command, or its PDF helper; ``wait4``'s ``ru_maxrss``, which counts the children it
reaped), the wall time and the refusal. The targets (issue 13): every case exits 2 with
the good report audited, in at most 300 MB and 10 s; the last line says whether all
met them. ``--src`` runs the command from another checkout's ``src`` (the code before a
change); ``--timeout`` and ``--memory-mb`` (``ulimit -v``) keep code without the caps
from running for minutes or taking the machine's memory.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402

GONGKAI = [sys.executable, "-m", "gongkai.cli.main"]
SEED = ROOT.parent / "shared" / "seed" / "xinglong-2023-annual-report.txt"
MB = 1 << 20
MAX_MB, MAX_SECONDS = 300, 10.0

#: name, what it is, how to build it in a folder (returns the path to audit)
CASES: list[tuple[str, str, Callable[[Path], Path | str]]] = [
    (
        "docx-bomb-100MB",
        "DOCX, document.xml inflating to 100 MB",
        lambda d: hostile.docx_bomb(d, 100 * MB),
    ),
    (
        "docx-bomb-1.5GB",
        "DOCX, document.xml inflating to 1.5 GB",
        lambda d: hostile.docx_bomb(d, 1536 * MB),
    ),
    (
        "docx-lying-1GB",
        "DOCX, 1 GB declared as 1 KB",
        lambda d: hostile.docx_lying_bomb(d, 1024 * MB),
    ),
    ("docx-members", "DOCX of 100,000 members", lambda d: hostile.docx_many_members(d, 100_000)),
    (
        "docx-tags",
        "DOCX, 2,500,000 empty paragraphs (15 MB)",
        lambda d: hostile.docx_many_tags(d, 2_500_000),
    ),
    ("docx-deep", "DOCX nested 100,000 deep", lambda d: hostile.docx_deep(d, 100_000)),
    ("html-deep-10k", "HTML nested 10,000 deep", lambda d: hostile.html_deep(d, 10_000)),
    (
        "html-deep-1M",
        "HTML nested 1,000,000 deep (11 MB)",
        lambda d: hostile.html_deep(d, 1_000_000),
    ),
    (
        "html-tags",
        "HTML of 10,000,000 tags (30 MB)",
        lambda d: hostile.html_many_tags(d, 10_000_000),
    ),
    ("html-text", "HTML of 31 MB of text in paragraphs", lambda d: hostile.html_huge_text(d)),
    ("text-3GB", "text file of 3 GB (sparse)", lambda d: hostile.sparse_file(d, 3 * 1024 * MB)),
    (
        "text-32MB",
        "text file of 32 MB (the cap, sparse)",
        lambda d: hostile.sparse_file(d, 32 * MB),
    ),
    ("text-chars", "text of 3,990,000 characters", lambda d: hostile.text_too_long(d, 3_990_000)),
    (
        "text-cells",
        "text of 499,000 one-number lines (998,000 characters)",
        lambda d: hostile.text_many_cells(d, 499_000),
    ),
    ("dev-zero", "/dev/zero", lambda d: "/dev/zero"),
    ("dev-urandom", "/dev/urandom", lambda d: "/dev/urandom"),
    (
        "pdf-pages-199",
        "PDF, 199 dense pages (issue 13: 409 s)",
        lambda d: hostile.pdf_dense(d, 199),
    ),
    ("pdf-dense", "PDF, 100 dense pages (at the page cap)", lambda d: hostile.pdf_dense(d, 100)),
    ("pdf-pages-10k", "PDF of 10,000 pages", lambda d: hostile.pdf_many_pages(d, 10_000)),
    ("pdf-bomb-1GB", "PDF, one page inflating to 1 GB", lambda d: hostile.pdf_bomb(d, 1024 * MB)),
]


def run(path: Path | str, options: argparse.Namespace) -> dict[str, object]:
    """``gongkai audit`` on ``path`` and the seed, in a fresh process (the only child of
    the measuring process: RUSAGE_CHILDREN's ``ru_maxrss`` is then its peak, or its PDF
    helper's, which it reaped)."""
    import resource

    command = [*GONGKAI, "audit", "--format", "json", str(path), str(SEED)]
    if options.memory_mb:
        command = [
            "bash",
            "-c",
            f"ulimit -v {options.memory_mb * 1024}; exec {shlex.join(command)}",
        ]
    env = dict(os.environ, PYTHONPATH=options.src) if options.src else None
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            command, capture_output=True, check=False, timeout=options.timeout, env=env
        )
        status: int | str = proc.returncode
        out, err = proc.stdout.decode(), proc.stderr.decode()
    except subprocess.TimeoutExpired:
        status, out, err = "killed", "", f"still running after {options.timeout} s"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    good = records[1] if len(records) == 2 else {}
    error = records[0].get("error", {}) if records else {}
    last = err.strip().splitlines()[-1] if err.strip() else ""
    return {
        "status": status,
        "good": bool(good) and "error" not in good and len(good.get("findings", [])) == 4,
        "message": error.get("message", "") if records else last[:200],
        "mb": peak,
        "seconds": seconds,
        "stderr": err.strip(),
    }


def measure(
    name: str, build: Callable[[Path], Path | str], options: argparse.Namespace
) -> dict[str, object]:
    """Build the file and audit it, in a process of our own, so that the peak memory of
    its children is that command's alone."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the measuring child
        os.close(read)
        code = 0
        try:
            with tempfile.TemporaryDirectory(prefix=f"hostile-{name}-") as tmp:
                folder = Path(tmp)
                writer = None
                if name == "pipe-endless":
                    path, writer = hostile.endless_pipe(folder)
                    writer.start()
                else:
                    path = build(folder)
                size = os.stat(path).st_size if str(path).startswith(tmp) else 0
                result = run(path, options)
                result["size"] = size
            os.write(write, json.dumps(result, ensure_ascii=False).encode())
        except BaseException as err:  # reported, not raised
            os.write(write, json.dumps({"error": repr(err)}).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    result: dict[str, object] = json.loads(b"".join(chunks))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", nargs="*", help="the cases to run (default: all)")
    parser.add_argument("--src", help="run gongkai from this src folder (PYTHONPATH)")
    parser.add_argument("--timeout", type=float, help="stop a command after this many s")
    parser.add_argument("--memory-mb", type=int, help="address-space limit of a command")
    options = parser.parse_args()
    wanted = set(options.cases)
    cases = [*CASES, ("pipe-endless", "named pipe written to without end", lambda d: d)]
    print("| case | file | exit | good report | peak RSS | wall | refusal |")
    print("|---|---:|---:|---|---:|---:|---|")
    met = True
    for name, what, build in cases:
        if wanted and name not in wanted:
            continue
        r = measure(name, build, options)
        if "error" in r:
            print(f"| {name} | — | — | — | — | — | bench failed: {r['error']} |")
            met = False
            continue
        ok = (
            r["status"] == 2
            and r["good"]
            and float(r["mb"]) <= MAX_MB  # type: ignore[arg-type]
            and float(r["seconds"]) <= MAX_SECONDS  # type: ignore[arg-type]
            and not r["stderr"]
        )
        met &= ok
        size = int(r["size"])  # type: ignore[call-overload]
        print(
            f"| {name}: {what} | {size / MB:,.2f} MB | {r['status']} | "
            f"{'yes' if r['good'] else 'NO'} | {float(r['mb']):.0f} MB | "  # type: ignore[arg-type]
            f"{float(r['seconds']):.2f} s | {r['message']}{'' if ok else ' **(target missed)**'} |",  # type: ignore[arg-type]
            flush=True,
        )
    print(
        f"targets (exit 2, the good report audited, ≤ {MAX_MB} MB, ≤ {MAX_SECONDS:.0f} s, "
        f"nothing on stderr): {'all met' if met else 'MISSED'}"
    )
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
