"""Reports for bulk audit tests, made from the seed, the fixtures and the report model:
``n`` files with varied figures, bodies and years (consecutive years of the same body,
so that the cross-year rules pair them), a few with errors and a few unreadable."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from gongkai.core.report.render import render_text
from support import FIXTURE_REPORTS, SEED, model


def bulk_report(i: int) -> tuple[str, bytes]:
    """The ``i``-th report: its name in the archive, and its bytes."""
    kind = i % 10
    if kind == 0:
        return f"原件/{i:03d}-{SEED.stem}.txt", SEED.read_bytes()
    if kind == 1:
        src = FIXTURE_REPORTS[i % len(FIXTURE_REPORTS)]
        return f"原件/{i:03d}-{src.name}", src.read_bytes()
    if i % 97 == 5:
        return f"其他/{i:03d}-说明.txt", "这不是一份年度报告。\n".encode()
    town = i // 20
    year = 2022 + (i % 2)
    cells: dict[str, int | str] = {
        "active.normative.issued": i % 9,
        "active.licensing.decisions": 100 + i,
        "active.penalty.decisions": i % 50,
    }
    if i % 7 == 0:
        cells["apply.new.total"] = 99  # its applicants' columns do not add up to it
    text = render_text(model(cells, body=f"第{town}镇人民政府", year=year))
    return f"乡镇/{i:03d}-第{town}镇-{year}.txt", text.encode()


def bulk_zip(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(n):
            name, data = bulk_report(i)
            zf.writestr(name, data)
    return buf.getvalue()


def bulk_folder(n: int, folder: Path) -> list[str]:
    """The same reports written under ``folder``; their names, sorted (the order the
    job audits them in)."""
    names = []
    for i in range(n):
        name, data = bulk_report(i)
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        names.append(name)
    return sorted(names)


def xlsx_rows(path_or_bytes: Path | bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    book = load_workbook(src, read_only=True)
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
