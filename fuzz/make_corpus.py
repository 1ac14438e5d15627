"""Build the seed corpora of the atheris harnesses from the real files:

* text: the seed report and ``shared/fixtures/reports/*.txt``, and gongkai's text and
  Markdown renderings of every report read from ``shared/fixtures/original``;
* html: the real pages in ``shared/fixtures/original`` and gongkai's HTML renderings
  (screen and print) of the seed and of the originals' reports;
* docx: the real template in ``shared/fixtures/original`` and gongkai's DOCX renderings;
* pdf: the real PDFs in ``shared/fixtures/original`` and gongkai's PDF rendering of the seed;
* files: all of the above, with the texts also in GB18030, UTF-16 and with a BOM;
* json: the audit records of all the reports above;
* doc: the real template saved as .doc by LibreOffice (where it is installed);
* hostile: one recipe per kind of hostile file (``fuzz_hostile.py``), 1 % short of its
  cap and one past it; and the small hostile files (ZIP bombs, nested markup:
  ``tests/hostile.py``) join the docx, html and files seeds.

Usage: ``python fuzz/make_corpus.py [OUT]`` (default ``fuzz/corpus``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gongkai.core import AnnualReport, audit_record, check, parse_text
from gongkai.core.report.parse.files import read_report_bytes
from gongkai.core.report.render import (
    render_docx,
    render_html,
    render_markdown,
    render_pdf,
    render_text,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # hostile.py, shared with the tests
SHARED = Path(os.environ.get("GONGKAI_SHARED", ROOT.parent / "shared"))
TARGETS = ("text", "html", "docx", "pdf", "files", "json", "doc", "hostile")


def _put(out: Path, target: str, data: bytes) -> None:
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def build(out: Path) -> dict[str, int]:
    texts = [SHARED / "seed" / "xinglong-2023-annual-report.txt"]
    texts += sorted((SHARED / "fixtures" / "reports").glob("*.txt"))
    originals = sorted((SHARED / "fixtures" / "original").glob("0*"))
    reports: list[AnnualReport] = []
    for path in texts:
        data = path.read_bytes()
        for target in ("text", "files"):
            _put(out, target, data)
        text = data.decode("utf-8")
        for enc in ("gb18030", "utf-16", "utf-8-sig"):
            _put(out, "files", text.encode(enc))
        reports.append(parse_text(text, source=path.name))
    for path in originals:
        data = path.read_bytes()
        kind = path.suffix.lstrip(".")
        _put(out, kind, data)
        _put(out, "files", data)
        reports.append(read_report_bytes(data, source=path.name))
    seed, *others = reports
    for report in reports:
        _put(
            out,
            "json",
            json.dumps(audit_record(report, check(report)), ensure_ascii=False).encode(),
        )
        _put(out, "text", render_text(report).encode())
        _put(out, "text", render_markdown(report).encode())
    for report in (seed, *others[-5:]):  # the seed and the originals' reports
        _put(out, "html", render_html(report).encode())
        _put(out, "docx", render_docx(report))
    _put(out, "html", render_html(seed, for_print=True).encode())
    _put(out, "files", render_html(seed).encode())
    _put(out, "files", render_docx(seed))
    pdf = render_pdf(seed)
    _put(out, "pdf", pdf)
    _put(out, "files", pdf)
    _legacy_word(out)
    _hostile(out)
    return {t: len(list((out / t).iterdir())) for t in TARGETS if (out / t).is_dir()}


def _hostile(out: Path) -> None:
    """The hostile files small enough to seed a reader's corpus (ZIP bombs and nested
    markup: a few KB each), and one recipe per kind of fuzz_hostile.py, 1 % short of
    its cap and one past it."""
    import hostile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for target, build in (
            ("docx", hostile.docx_bomb),
            ("docx", hostile.docx_lying_bomb),
            ("docx", hostile.docx_many_tags),
            ("docx", hostile.docx_deep),
            ("html", lambda d: hostile.html_deep(d, 300)),
        ):
            data = build(folder).read_bytes()
            _put(out, target, data)
            _put(out, "files", data)
    for kind in range(len(hostile.KINDS)):
        for step in (hostile.STEPS.index(0.99), hostile.STEPS.index("+1")):
            _put(out, "hostile", bytes([kind, step, 0]))


def _legacy_word(out: Path) -> None:
    """The real template saved as .doc by LibreOffice, where it is installed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted((SHARED / "fixtures" / "original").glob("*.docx")):
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    "doc",
                    "--outdir",
                    tmp,
                    str(path),
                ],
                check=False,
                capture_output=True,
                timeout=300,
            )
        for doc in Path(tmp).glob("*.doc"):
            _put(out, "doc", doc.read_bytes())


if __name__ == "__main__":
    target_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fuzz" / "corpus"
    print(build(target_dir))
