"""Compare the PDF reader with an earlier revision of it: the text ``pdf_to_text``
gives, and the cells the text reader reads from it, for every PDF of the bench corpus
(``bench/.corpus/pdf``, made by ``bench/audit.py``) and the original PDFs.

    .venv/bin/python bench/pdf_compare.py [REV]      # REV: a git revision, default main

The earlier reader is the files ``src/gongkai/core/report/parse/pdf*.py`` at REV
(``pdf.py`` and the modules it reads a page with), loaded beside the current ones. Prints one line per file that differs, then a summary with the
wall time of each reader per file (``time.perf_counter``: the reader parses in a helper
process, whose CPU time this process's clock would not count; the two readers take turns
on each file, so a busy machine slows both alike). Exit status 1 if any file differs.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
PARSE = "src/gongkai/core/report/parse"
PACKAGE = "gongkai.core.report.parse"


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout


def load_earlier(rev: str) -> ModuleType:
    """The PDF reader at ``rev``: its ``pdf*.py`` modules imported under their own names
    from a copy, the current ones put back afterwards (the modules they share with the
    current reader, the text reader and the caps, are the current ones)."""
    import gongkai.core.report.parse as parse

    names = [
        Path(f).name
        for f in git("ls-tree", "--name-only", rev, f"{PARSE}/").split()
        if Path(f).name.startswith("pdf") and f.endswith(".py")
    ]
    current = {k: v for k, v in sys.modules.items() if k.startswith(f"{PACKAGE}.pdf")}
    path = list(parse.__path__)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            (Path(tmp) / name).write_text(git("show", f"{rev}:{PARSE}/{name}"))
        for key in current:
            del sys.modules[key]
        parse.__path__[:] = [tmp, *path]
        try:
            return importlib.import_module(f"{PACKAGE}.pdf")
        finally:
            parse.__path__[:] = path
            for key in [k for k in sys.modules if k.startswith(f"{PACKAGE}.pdf")]:
                del sys.modules[key]
                if key not in current:
                    delattr(parse, key.rsplit(".", 1)[1])
            sys.modules.update(current)
            for key, module in current.items():
                setattr(parse, key.rsplit(".", 1)[1], module)


def main() -> int:
    from gongkai.core import ParseError
    from gongkai.core.report.parse import pdf as current
    from gongkai.core.report.parse.text import parse_text

    rev = sys.argv[1] if len(sys.argv) > 1 else "main"
    earlier = load_earlier(rev)
    files = sorted((ROOT / "bench" / ".corpus" / "pdf").glob("*.pdf"))
    files += sorted((ROOT.parent / "shared" / "fixtures" / "original").glob("*.pdf"))
    if not files:
        print("no PDFs: run bench/audit.py first to build the corpus", file=sys.stderr)
        return 2
    spent = {"earlier": 0.0, "current": 0.0}
    differ = 0
    for path in files:
        data = path.read_bytes()
        outputs = {}
        for label, reader in (("earlier", earlier), ("current", current)):
            start = time.perf_counter()
            try:
                text = reader.pdf_to_text(data, source=path.name)
            except ParseError as err:
                text = f"ParseError: {err}"
            spent[label] += time.perf_counter() - start
            try:
                cells = {
                    k: (v.kind, v.number)
                    for k, v in parse_text(text, source=path.name).cells.items()
                }
            except ParseError as err:
                cells = {"ParseError": str(err)}
            outputs[label] = (text, cells)
        (old_text, old_cells), (new_text, new_cells) = outputs["earlier"], outputs["current"]
        if old_cells != new_cells:
            differ += 1
            print(f"{path.name}: cells differ")
        elif old_text != new_text:
            print(f"{path.name}: same cells, text differs")
    n = len(files)
    print(
        f"{n} PDFs, {differ} with different cells; wall time per file: "
        f"{rev} {1000 * spent['earlier'] / n:.1f} ms, current {1000 * spent['current'] / n:.1f} ms"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
