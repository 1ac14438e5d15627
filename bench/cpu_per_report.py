"""CPU time per report in one process: read, check and audit record of every file of
the bench corpus (``bench/.corpus``, made by ``bench/audit.py``), per kind.

    .venv/bin/python bench/cpu_per_report.py [--kinds pdf,docx] [--repeat 3]

``time.process_time`` counts this process's CPU only, so the figure moves much less
than wall-clock rates when other work shares the machine. The lowest of ``--repeat``
passes is printed (after one pass to warm imports and caches).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / ".corpus"
KINDS = ("text", "html", "docx", "pdf")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from gongkai.core import ParseError, audit_record, check
    from gongkai.core.report.parse.files import read_report_bytes

    for kind in args.kinds.split(","):
        files = [(p.name, p.read_bytes()) for p in sorted((CORPUS / kind).iterdir())]
        times = []
        for _ in range(args.repeat + 1):  # the first pass warms imports and caches
            start = time.process_time()
            for name, data in files:
                try:
                    report = read_report_bytes(data, source=name)
                except ParseError:
                    continue
                audit_record(report, check(report))
            times.append(time.process_time() - start)
        best = min(times[1:])
        print(f"{kind:5s} {len(files):5d} files: {1000 * best / len(files):7.2f} ms CPU a report")


if __name__ == "__main__":
    main()
