"""How long a document takes to make: the annual report as DOCX and PDF, and a reply letter
(答复书) as DOCX and PDF — what the staff pages and the portal do on each download.

    .venv/bin/python bench/render.py [--repeat 20]

The reports are the seed report (Xinglong 2023) and the longest fixture report, read with
gongkai's text reader; the letter is the default grant reply. Each rendering is done once
to warm up (fonts, templates), then ``--repeat`` times; medians are printed, the last
lines being the summary.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from gongkai.core import read_report
from gongkai.core.letters import (
    LetterFacts,
    LetterKind,
    compose,
    render_letter_docx,
    render_letter_pdf,
)
from gongkai.core.report.render import render_docx, render_pdf

SHARED = Path(__file__).resolve().parents[2] / "shared"


def timed(fn: Callable[[], bytes], repeat: int) -> tuple[float, int]:
    size = len(fn())
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    seed = read_report(SHARED / "seed" / "xinglong-2023-annual-report.txt")
    fixtures = sorted(
        (SHARED / "fixtures" / "reports").glob("*.txt"), key=lambda p: p.stat().st_size
    )
    longest = read_report(fixtures[-1])
    letter = compose(
        LetterFacts(
            kind=LetterKind.REPLY,
            date=date(2026, 11, 26),
            number="示教公开〔2026〕12号",
            unit="示例县教育局",
            tracking_code="GKABCDEFGHJK",
            applicant="张三",
            received=date(2026, 11, 2),
            description="2026年学校划片招生方案",
            outcome="apply.result.grant",
            legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
            reconsideration_body="示例县人民政府",
            court="示例县人民法院",
        )
    )
    jobs = [
        (f"report DOCX ({seed.source.rsplit('/', 1)[-1]})", lambda: render_docx(seed)),
        (f"report PDF  ({seed.source.rsplit('/', 1)[-1]})", lambda: render_pdf(seed)),
        (f"report DOCX ({fixtures[-1].name})", lambda: render_docx(longest)),
        (f"report PDF  ({fixtures[-1].name})", lambda: render_pdf(longest)),
        ("letter DOCX (答复书)", lambda: render_letter_docx(letter)),
        ("letter PDF  (答复书)", lambda: render_letter_pdf(letter)),
    ]
    results = []
    for name, fn in jobs:
        ms, size = timed(fn, args.repeat)
        results.append((name, ms, size))
        print(f"{name:55s} {ms:8.1f} ms  ({size / 1024:.0f} KiB)", flush=True)
    print("summary (median ms per document):")
    for name, ms, _ in results:
        print(f"  {name}: {ms:.1f} ms")


if __name__ == "__main__":
    main()
