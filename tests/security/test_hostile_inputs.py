"""Issue 13, item 8 (and item 10's ``| head -1``): hostile files given to ``gongkai audit``.

Each hostile file is built just past its cap (``tests/hostile.py``) and audited beside a
good report: the command exits 2, names the file with the cap in a Chinese message, and
the good report still gets its result. On the code before the caps these ran for
seconds to minutes, took gigabytes, ended in tracebacks or called a page nested too
deep 「输入为空」. The endless inputs run in a process of their own under a memory limit
(``ulimit -v``), so that a regression fails the test instead of exhausting the machine.
The figures at full size (a 1 GB ZIP bomb, a 3 GB file, 199 dense PDF pages): ``bench/hostile.py``.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shlex
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import hostile
from gongkai.cli.main import cli
from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.parse import limits
from gongkai.core.report.parse.files import read_report, read_report_bytes
from gongkai.core.report.parse.pdf import pdf_to_text
from support import SEED

ROOT = Path(__file__).resolve().parents[2]
GONGKAI = Path(sys.executable).with_name("gongkai")
SEED_FINDINGS = 4  # the seed report's findings (tests/cli/test_audit.py)

#: What each refusal must print: its words and the cap.
CAPS = {
    "MAX_DOCX_XML_BYTES": limits.size(limits.MAX_DOCX_XML_BYTES),
    "MAX_ZIP_MEMBERS": f"{limits.MAX_ZIP_MEMBERS:,}",
    "MAX_MARKUP_TAGS": f"{limits.MAX_MARKUP_TAGS:,}",
    "MAX_MARKUP_DEPTH": f"{limits.MAX_MARKUP_DEPTH}层",
    "MAX_FILE_BYTES": limits.size(limits.MAX_FILE_BYTES),
    "MAX_TEXT_CHARS": f"{limits.MAX_TEXT_CHARS:,}个字符",
    "MAX_TEXT_CELLS": f"{limits.MAX_TEXT_CELLS:,}个",
    "MAX_PDF_PAGES": f"上限{limits.MAX_PDF_PAGES}页",
    "PDF_MEMORY_BYTES": limits.size(limits.PDF_MEMORY_BYTES),
    "PDF_CPU_SECONDS": f"上限{limits.PDF_CPU_SECONDS}秒",
    "": "",
}


def audit(*paths: Path | str, jobs: int = 1) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(
        cli,
        ["audit", "--format", "json", "--jobs", str(jobs), *map(str, paths)],
        catch_exceptions=False,
    )
    return result.exit_code, [json.loads(line) for line in result.output.splitlines()]


def assert_refused_beside_the_good_one(records: list[dict], source: Path, *words: str) -> str:
    bad, good = records
    assert bad["source"] == str(source)
    message = bad["error"]["message"]
    for word in words:
        assert word in message
    assert "error" not in good and good["source"] == str(SEED)
    assert len(good["findings"]) == SEED_FINDINGS
    return str(message)


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda c: c.name)
def test_a_hostile_file_is_refused_and_the_good_report_beside_it_is_audited(case, tmp_path):
    path = case.build(tmp_path)
    status, records = audit(path, SEED)
    assert status == 2
    assert_refused_beside_the_good_one(records, path, case.message, CAPS[case.limit])
    with pytest.raises(ParseError) as err:
        read_report(path)
    assert err.value.source == str(path)
    if case.limit:
        assert isinstance(err.value, LimitError) and err.value.limit == case.limit


@pytest.mark.parametrize("jobs", [1, 2])
def test_hostile_files_in_bulk_each_get_their_refusal(tmp_path, jobs):
    """The whole set in one directory with the good report, in one process and in two."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for case in hostile.CASES:
        (folder / case.name).mkdir()
        case.build(folder / case.name)
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    status, records = audit(folder, jobs=jobs)
    assert status == 2
    by_name = {Path(r["source"]).parent.name: r for r in records}
    for case in hostile.CASES:
        assert case.message in by_name[case.name]["error"]["message"]
    good = by_name["reports"]
    assert "error" not in good and len(good["findings"]) == SEED_FINDINGS


def test_a_text_file_at_the_cap_is_still_read_up_to_the_text_reader(tmp_path):
    """The file cap refuses from the size alone; one byte less is read (and refused by
    the text reader's own, smaller cap, with its message)."""
    path = hostile.sparse_file(tmp_path, size=limits.MAX_FILE_BYTES)
    with pytest.raises(LimitError) as err:
        read_report(path)
    assert err.value.limit == "MAX_TEXT_CHARS"


def test_a_nested_page_names_the_nesting_not_an_empty_input(tmp_path):
    path = hostile.html_deep(tmp_path, depth=300)
    status, records = audit(path, SEED)
    message = assert_refused_beside_the_good_one(records, path, "嵌套超过256层")
    assert "输入为空" not in message
    assert status == 2


def test_a_damaged_docx_read_after_a_nested_page_is_not_called_nested(tmp_path):
    """lxml's exception carries the thread's error log, errors of earlier parses
    included: the depth refusal is read from the parser's own log."""
    with pytest.raises(LimitError):
        read_report(hostile.html_deep(tmp_path, depth=300))
    cut = hostile.docx_many_tags(tmp_path, tags=10).read_bytes()
    with zipfile.ZipFile(io.BytesIO(cut)) as z:
        members = {name: z.read(name) for name in z.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:-30]  # cut off
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(damaged, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(ParseError) as err:
        read_report(damaged)
    assert not isinstance(err.value, LimitError)
    assert err.value.message == "无法读取DOCX文件（XMLSyntaxError）"


def test_a_page_nested_within_the_cap_is_read(tmp_path):
    page = SEED.read_text(encoding="utf-8").replace("\n", "<br>")
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 200 + page + "</div>" * 200 + "</body></html>")
    report = read_report(path)
    assert report.body == "兴隆县人民政府" and report.year == 2023


def _peak_growth_mb(before_kb: int) -> float:
    with open("/proc/self/status") as f:
        hwm = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    return (hwm - before_kb) / 1024


def _rss_kb_and_reset_peak() -> int:
    with open("/proc/self/clear_refs", "w") as f:  # VmHWM starts again from VmRSS
        f.write("5")
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


RECIPES = [
    bytes([kind, hostile.STEPS.index(step), 0])
    for kind, name in enumerate(hostile.KINDS)
    for step in (0.99, "+1")
    if name != "pdf-dense"  # 4 s each: test_a_dense_pdf_is_stopped_at_the_cpu_cap
]


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux only")
@pytest.mark.parametrize(
    "recipe", RECIPES, ids=lambda r: f"{hostile.KINDS[r[0]]}-{hostile.STEPS[r[1]]}"
)
def test_the_fuzzers_seed_recipes_are_read_or_refused_within_the_caps(recipe, tmp_path):
    """The short run of fuzz/fuzz_hostile.py: each kind of hostile file 1 % short of its
    cap and one past it is read or refused (a ParseError), this process growing by at
    most 275 MB (the command's 300 MB less its start), in at most 10 s of CPU."""
    path = hostile.from_recipe(recipe, tmp_path)
    before = _rss_kb_and_reset_peak()
    cpu = time.process_time()
    try:
        read_report(path)
    except ParseError as err:
        assert err.source == str(path) and err.message
    assert time.process_time() - cpu <= 10
    assert _peak_growth_mb(before) <= 275


# --- Endless inputs and special files, in a process of their own --------------------------------


def gongkai(
    *args: str, stdin: int | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """``gongkai ARGS`` under a 2 GB address-space limit: a regression that reads without
    end fails with a MemoryError instead of taking the machine."""
    command = f"ulimit -v 2000000; exec {shlex.quote(str(GONGKAI))} " + shlex.join(args)
    return subprocess.run(
        ["bash", "-c", command],
        stdin=stdin,
        capture_output=True,
        timeout=timeout,
        text=True,
        cwd=ROOT,
    )


def test_dev_zero_is_refused_without_being_read():
    done = gongkai("audit", "--format", "json", "/dev/zero", str(SEED))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    bad, good = map(json.loads, done.stdout.splitlines())
    assert bad["error"]["message"] == limits.E_NOT_REGULAR.format(what="字符设备")
    assert len(good["findings"]) == SEED_FINDINGS


def test_an_endless_pipe_is_read_up_to_the_cap(tmp_path):
    path, writer = hostile.endless_pipe(tmp_path)
    writer.start()
    done = gongkai("audit", "--format", "json", str(path), str(SEED))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    bad, good = map(json.loads, done.stdout.splitlines())
    assert bad["error"]["message"] == limits.E_PIPE_TOO_LARGE.format(cap="32 MB")
    assert len(good["findings"]) == SEED_FINDINGS
    writer.join(timeout=10)
    assert not writer.is_alive()


def test_a_report_down_a_pipe_is_read(tmp_path):
    """``cat report | gongkai audit /dev/stdin``: a pipe is read, within the cap."""
    with SEED.open("rb") as f:
        cat = subprocess.Popen(["cat"], stdin=f, stdout=subprocess.PIPE)
        assert cat.stdout is not None
        done = gongkai("audit", "--format", "json", "/dev/stdin", stdin=cat.stdout.fileno())
        cat.stdout.close()
        cat.wait()
    [record] = map(json.loads, done.stdout.splitlines())
    assert done.returncode == 1 and len(record["findings"]) == SEED_FINDINGS


def test_a_named_pipe_no_one_writes_to_does_not_hang(tmp_path):
    path = tmp_path / "silent.fifo"
    os.mkfifo(path)
    done = gongkai("audit", "--format", "json", str(path), timeout=30)
    [record] = map(json.loads, done.stdout.splitlines())
    assert done.returncode == 2 and record["error"]["message"] == "文件为空"


# --- Memory ------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("where", ["reading", "checking"])
def test_memory_running_out_on_one_report_is_that_reports_refusal(
    tmp_path, monkeypatch, jobs, where
):
    """Under a memory limit a 3 GB file ended in a MemoryError traceback and the good
    report beside it got no result. Whatever runs out of memory, that file is refused."""
    import gongkai.core.report.batch as batch
    import gongkai.core.report.parse.files as files

    heavy = tmp_path / "heavy.txt"
    heavy.write_bytes(SEED.read_bytes())

    def exhausting(real):
        def wrapped(*args, **kwargs):
            if "heavy" in str(kwargs.get("source", "")) or any(
                "heavy" in str(getattr(a, "source", a)) for a in args
            ):
                raise MemoryError
            return real(*args, **kwargs)

        return wrapped

    if where == "reading":
        monkeypatch.setattr(files, "parse_text", exhausting(files.parse_text))
    else:
        monkeypatch.setattr(batch, "check", exhausting(batch.check))
    others = [tmp_path / f"copy{i}.txt" for i in range(4)]  # enough for --jobs 2 to fork
    for other in others:
        other.write_bytes(SEED.read_bytes())
    status, records = audit(heavy, SEED, *others, jobs=jobs)
    assert status == 2
    assert records[0]["error"]["message"] == limits.E_MEMORY
    assert all("error" not in r and len(r["findings"]) == SEED_FINDINGS for r in records[1:])


def test_read_report_bytes_turns_memory_errors_into_parse_errors(monkeypatch):
    import gongkai.core.report.parse.files as files

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(files, "parse_text", exhausted)
    with pytest.raises(ParseError) as err:
        read_report_bytes(SEED.read_bytes(), source="heavy.txt")
    assert err.value.message == limits.E_MEMORY and err.value.source == "heavy.txt"


# --- PDF: pages, CPU time, memory -----------------------------------------------------------------


def test_a_dense_pdf_is_stopped_at_the_cpu_cap(tmp_path, monkeypatch):
    """Issue 13: a dense 199-page PDF ran 409 s. With the cap at 1 s (5 s in use), ten
    pages of a second each are stopped at it, in about that time."""
    monkeypatch.setattr(limits, "PDF_CPU_SECONDS", 1)
    path = hostile.pdf_dense(tmp_path, pages=10)
    status, records = audit(path, SEED)
    assert status == 2
    message = assert_refused_beside_the_good_one(records, path, "上限1秒")
    assert message == limits.E_PDF_CPU.format(cap=1)


def test_a_pdf_within_the_caps_reads_after_a_refused_one(tmp_path):
    """The helper stopped by a cap is replaced: the next PDF reads as it always did, and
    a bomb is refused the same after other files as first."""
    original = ROOT.parent / "shared" / "fixtures" / "original" / "05-huaian-city-2024.pdf"
    data = original.read_bytes()
    bomb = hostile.pdf_bomb(tmp_path).read_bytes()
    expected = pdf_to_text(data, isolated=False)
    for _ in range(2):
        assert pdf_to_text(data) == expected
        with pytest.raises(LimitError) as err:
            pdf_to_text(bomb, source="bomb.pdf")
        assert err.value.limit == "PDF_MEMORY_BYTES" and err.value.source == "bomb.pdf"
    assert pdf_to_text(data) == expected


def test_the_page_cap_counts_before_reading_any_page(tmp_path):
    pages = [b"BT /F1 12 Tf 72 720 Td (text of page %d) Tj ET" % i for i in range(100)]
    at_cap = hostile.pdf_bytes(pages[: limits.MAX_PDF_PAGES])
    assert pdf_to_text(at_cap).count("text of page") == limits.MAX_PDF_PAGES
    with pytest.raises(LimitError) as err:
        pdf_to_text(hostile.pdf_many_pages(tmp_path, pages=199).read_bytes())
    assert err.value.message == limits.E_PDF_PAGES.format(pages=199, cap=limits.MAX_PDF_PAGES)


def test_a_pdf_helper_that_cannot_start_refuses_the_file(monkeypatch):
    """Out of processes (fork fails): the file is refused with the reason, no traceback."""
    import gongkai.core.report.parse.pdf as pdf
    from gongkai.core.report.parse.sandbox import Sandbox

    monkeypatch.setattr(pdf, "_SANDBOX", Sandbox(pdf._read_pdf))

    def no_fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(ParseError) as err:
        pdf_to_text(hostile.pdf_bytes([b"BT /F1 12 Tf 72 720 Td (x) Tj ET"]), source="x.pdf")
    assert err.value.source == "x.pdf"
    assert err.value.message == limits.E_PDF_START.format(why="Resource temporarily unavailable")


def test_the_pdf_helper_is_not_shared_with_a_forked_child():
    """A --jobs worker forked after the parent started its helper starts its own."""
    original = ROOT.parent / "shared" / "fixtures" / "original" / "03-hongze-district-2023.pdf"
    data = original.read_bytes()
    expected = pdf_to_text(data)  # the parent's helper exists now
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            ok = pdf_to_text(data) == expected
        except BaseException:
            ok = False
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.close(read)
    os.waitpid(pid, 0)
    assert answer == b"1"
    assert pdf_to_text(data) == expected  # and the parent's still answers


# --- `gongkai audit … | head -1` -----------------------------------------------------------------


def _many_reports(folder: Path, n: int = 60) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03}.txt").write_bytes(SEED.read_bytes())
    (folder / "empty.txt").write_bytes(b"")  # one unreadable: exit status 2
    return folder


@pytest.mark.parametrize("output", ["text", "json"])
def test_outputs_are_written_in_full_when_stdout_is_closed_early(tmp_path, output):
    """Issue 13, item 10: ``… --out r.csv --html s.html | head -1`` exited 1 with only
    the CSV header written, no HTML and nothing said. Here stdout's reader is gone
    before the first line: the files are written in full, the exit status is the
    audit's, and nothing is printed on stderr."""
    folder = _many_reports(tmp_path / "reports")
    rows, page = tmp_path / "r.csv", tmp_path / "s.html"
    read, write = os.pipe()
    os.close(read)
    command = [str(GONGKAI), "audit", "--format", output, str(folder)]
    done = subprocess.run(
        [*command, "--out", str(rows), "--html", str(page)],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    os.close(write)
    assert done.returncode == 2
    assert done.stderr == ""
    assert len(rows.read_text(encoding="utf-8-sig").splitlines()) == 1 + 61
    html = page.read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>") and "共 61 份" in html


def test_head_one_in_a_shell_pipeline(tmp_path):
    folder = _many_reports(tmp_path / "reports")
    rows, page = tmp_path / "r.csv", tmp_path / "s.html"
    command = (
        f"{shlex.quote(str(GONGKAI))} audit {shlex.quote(str(folder))} --out {rows} "
        f"--html {page} | head -1; echo status ${{PIPESTATUS[0]}}"
    )
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    first, status = done.stdout.splitlines()
    assert first.endswith("000.txt  兴隆县人民政府 2023年度  2021年格式")
    assert status == "status 2" and done.stderr == ""
    assert len(rows.read_text(encoding="utf-8-sig").splitlines()) == 1 + 61
    assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_thread_safety_of_the_pdf_helper():
    """Two threads reading PDFs at once each get their own file's text."""
    originals = sorted((ROOT.parent / "shared" / "fixtures" / "original").glob("*.pdf"))
    expected = {p: pdf_to_text(p.read_bytes()) for p in originals}
    results: dict[Path, list[bool]] = {p: [] for p in originals}

    def read(path: Path) -> None:
        for _ in range(3):
            results[path].append(pdf_to_text(path.read_bytes()) == expected[path])

    threads = [threading.Thread(target=read, args=(p,)) for p in originals]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(all(r) and len(r) == 3 for r in results.values())
