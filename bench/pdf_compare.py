"""Compare the PDF reader with an earlier revision of it: the text ``pdf_to_text``
gives, and the cells the text reader reads from it, for every PDF of the bench corpus
(``bench/.corpus/pdf``, made by ``bench/audit.py``) and the original PDFs.

    .venv/bin/python bench/pdf_compare.py [REV]      # REV: a git revision, default main

The earlier reader is the file ``src/gongkai/core/report/parse/pdf.py`` at REV, loaded
beside the current one. Prints one line per file that differs, then a summary with the
CPU time of each reader (``time.process_time``, one process, both readers the same
files). Exit status 1 if any file differs.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
READER = "src/gongkai/core/report/parse/pdf.py"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    from gongkai.core import ParseError
    from gongkai.core.report.parse import pdf as current
    from gongkai.core.report.parse.text import parse_text

    rev = sys.argv[1] if len(sys.argv) > 1 else "main"
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:{READER}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        old_path = Path(tmp) / "old_pdf.py"
        old_path.write_text(source)
        earlier = load(old_path, "earlier_pdf_reader")
    files = sorted((ROOT / "bench" / ".corpus" / "pdf").glob("*.pdf"))
    files += sorted((ROOT.parent / "shared" / "fixtures" / "original").glob("*.pdf"))
    if not files:
        print("no PDFs: run bench/audit.py first to build the corpus", file=sys.stderr)
        return 2
    cpu = {"earlier": 0.0, "current": 0.0}
    differ = 0
    for path in files:
        data = path.read_bytes()
        outputs = {}
        for label, reader in (("earlier", earlier), ("current", current)):
            start = time.process_time()
            try:
                text = reader.pdf_to_text(data, source=path.name)
            except ParseError as err:
                text = f"ParseError: {err}"
            cpu[label] += time.process_time() - start
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
        f"{n} PDFs, {differ} with different cells; CPU per file: "
        f"{rev} {1000 * cpu['earlier'] / n:.1f} ms, current {1000 * cpu['current'] / n:.1f} ms"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
