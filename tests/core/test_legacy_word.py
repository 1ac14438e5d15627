"""Old Word files converted by LibreOffice within the caps: a conversion stopped by its
time limit leaves no LibreOffice process behind, its memory is capped, its output is
refused over the size cap, and every failure is a Chinese ParseError naming the file.

LibreOffice really runs here (make setup installs it, scripts/system-deps.sh)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from gongkai.core import ParseError
from gongkai.core.errors import LimitError
from gongkai.core.report.parse.legacy_word import convert_legacy_word
from gongkai.core.report.parse.limits import MB
from gongkai.core.report.render import render_docx
from support import model

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The model report saved as .doc by LibreOffice."""
    tmp = tmp_path_factory.mktemp("doc")
    (tmp / "r.docx").write_bytes(render_docx(model()))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp}/p",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp),
            str(tmp / "r.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp / "r.doc").read_bytes()


def _processes(marker: str) -> dict[int, tuple[str, int]]:
    """Live processes whose command line holds ``marker``: pid -> (name, process group).
    A zombie has no command line: it has exited and holds no memory."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # exited meanwhile
            continue
        if marker.encode() in cmdline:
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            state, _ppid, pgid = stat[stat.rindex(")") + 2 :].split()[:3]
            if state != "Z":
                found[int(entry)] = (name, int(pgid))
    return found


@pytest.mark.parametrize("timeout", [0.05, 0.5])
def test_a_conversion_past_its_time_is_stopped_with_all_its_processes(
    doc, tmp_path, monkeypatch, timeout
):
    """``soffice`` starts ``soffice.bin`` and can be killed without it: the whole group
    is killed. The conversion's files are under ``tmp_path`` (tempfile's directory), so
    its processes are those whose command line names it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    marker = str(tmp_path)
    seen: dict[int, tuple[str, int]] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update(_processes(marker))
            time.sleep(0.005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LimitError) as err:
            convert_legacy_word(doc, source="旧报告.doc", timeout=timeout)
    finally:
        done.set()
        watcher.join()
    assert time.perf_counter() - started < timeout + 10
    assert err.value.limit == "LEGACY_WORD_SECONDS" and err.value.source == "旧报告.doc"
    assert f"用时超过上限{timeout:g}秒" in err.value.message
    assert "旧报告.doc" in str(err.value)
    if timeout >= 0.5:  # LibreOffice starts its converter within some 30 ms
        assert "soffice.bin" in {name for name, _ in seen.values()}, seen
    assert len({pgid for _, pgid in seen.values()}) <= 1, seen  # one group of its own
    assert _processes(marker) == {}  # waited for: not a moment later
    assert (
        list(tmp_path.iterdir()) == []
    )  # nothing wrote to its temporary directory after it was removed


def test_the_memory_cap_reaches_the_converter(doc):
    """Under a cap far below what LibreOffice needs (about 480 MB of address space) the
    conversion fails at once with the message, the cap named."""
    started = time.perf_counter()
    with pytest.raises(ParseError) as err:
        convert_legacy_word(doc, source="old.doc", memory_bytes=128 * MB)
    assert time.perf_counter() - started < 30
    assert err.value.source == "old.doc"
    assert err.value.message.startswith("LibreOffice未能转换此旧版Word文件（")
    assert "转换所需内存超过上限128 MB" in err.value.message


def test_the_converted_file_is_refused_over_the_size_cap(doc):
    with pytest.raises(LimitError) as err:
        convert_legacy_word(doc, source="old.doc", max_bytes=1000)
    assert err.value.limit == "MAX_FILE_BYTES" and err.value.source == "old.doc"
    assert "转换出的DOCX文件过大" in err.value.message and "上限1,000字节" in err.value.message
    # under the caps it is a DOCX
    assert convert_legacy_word(doc, source="old.doc").startswith(b"PK\x03\x04")


def test_a_broken_legacy_word_file_is_refused_by_name():
    with pytest.raises(ParseError) as err:
        convert_legacy_word(OLE, source="坏文件.doc")
    assert err.value.source == "坏文件.doc"
    assert err.value.message.startswith("LibreOffice未能转换此旧版Word文件（")
