"""Old Word files (.doc, .wps) converted to DOCX with LibreOffice, within the caps of
:mod:`~gongkai.core.report.parse.limits`.

``soffice`` is a launcher (a shell script that becomes ``oosplash``) which starts
``soffice.bin``, the converter; killing the launcher leaves the converter running. So
the conversion runs in a session (and process group) of its own, and on a timeout or
any failure the whole group is killed (``SIGKILL``), not only the launcher.

Its address space is capped (``RLIMIT_AS``, :data:`LEGACY_WORD_MEMORY_BYTES`) by
running it under util-linux's ``prlimit``, which sets the limit on itself and then
executes ``soffice``: the limit is inherited by ``oosplash`` and ``soffice.bin``. Not
by ``preexec_fn``, which runs Python code between ``fork`` and ``exec`` and can
deadlock there when another thread held a lock at the fork (the web server reads
reports in threads). Where ``prlimit`` is missing (it is in every Debian install) the
conversion runs without the memory cap, under the time limit alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.parse.limits import (
    E_WORD_FAILED,
    E_WORD_OUTPUT_TOO_LARGE,
    E_WORD_TIMEOUT,
    LEGACY_WORD_MEMORY_BYTES,
    LEGACY_WORD_SECONDS,
    MAX_FILE_BYTES,
    size,
)

if TYPE_CHECKING:
    import subprocess

__all__ = ["E_NO_LIBREOFFICE", "convert_legacy_word"]

E_NO_LIBREOFFICE = "这是旧版Word（.doc）或WPS文件，本机没有安装LibreOffice，无法转换；请先转换为.docx，例如：libreoffice --headless --convert-to docx 文件名"


def convert_legacy_word(
    data: bytes,
    *,
    source: str,
    timeout: float = LEGACY_WORD_SECONDS,
    memory_bytes: int = LEGACY_WORD_MEMORY_BYTES,
    max_bytes: int = MAX_FILE_BYTES,
) -> bytes:
    """A .doc/.wps file converted to .docx with LibreOffice, where it is installed:
    stopped after ``timeout`` seconds, its address space capped at ``memory_bytes``, its
    output refused over ``max_bytes``. Raises ParseError naming ``source``."""
    import subprocess  # only here: a bulk audit mostly converts nothing

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ParseError(E_NO_LIBREOFFICE, line=0, source=source)
    prlimit = shutil.which("prlimit")
    cap = [prlimit, f"--as={memory_bytes}", "--"] if prlimit else []
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        command = [*cap, office, profile, "--headless", "--convert-to", "docx", "--outdir", tmp]
        try:
            with subprocess.Popen(
                [*command, str(src)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,  # read to its end: every process of the group
                stderr=subprocess.PIPE,  # holds it open until it exits
                start_new_session=True,
                env={**os.environ, **_ENV},
            ) as proc:
                try:
                    proc.communicate(timeout=timeout)
                finally:
                    if proc.returncode is None:  # timed out or interrupted: still running
                        _kill_group(proc)
        except subprocess.TimeoutExpired:
            raise LimitError(
                E_WORD_TIMEOUT.format(cap=f"{timeout:g}"),
                limit="LEGACY_WORD_SECONDS",
                source=source,
            ) from None
        except OSError as err:  # could not be started
            raise _failed(err.strerror or type(err).__name__, memory_bytes, source) from None
        if proc.returncode:
            rc = proc.returncode
            why = f"退出码{rc}" if rc > 0 else f"被信号{-rc}终止"
            raise _failed(why, memory_bytes, source)
        return _read_output(Path(tmp) / "report.docx", memory_bytes, max_bytes, source)


#: The converter's environment: glibc reserves an address range per malloc arena, and
#: makes up to eight arenas per core, so without a bound the address space LibreOffice
#: needs (and the cap must allow) would grow with the server's cores.
_ENV = {"MALLOC_ARENA_MAX": "2"}

#: How long the processes of a killed conversion are waited for (they exit at once).
_EXIT_SECONDS = 2.0


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill every process of the conversion's group, then wait until none is left.

    Only while the launcher, the group's leader, is not yet reaped: its id is then
    certainly the group's. Once it has exited by itself (success or failure) there is
    nothing to kill: ``communicate`` read its pipes to their end, which comes when
    every process of the group holding them has exited (LibreOffice does not detach)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # The others (``soffice.bin``), now children of init, keep the group's id while
    # they exist: it cannot be another group's, and signal 0 only asks.
    deadline = time.monotonic() + _EXIT_SECONDS
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.01)


def _read_output(path: Path, memory_bytes: int, max_bytes: int, source: str) -> bytes:
    """The converted DOCX, never more than ``max_bytes`` of it."""
    try:
        with path.open("rb") as f:
            n = os.fstat(f.fileno()).st_size
            data = f.read(max_bytes + 1) if n <= max_bytes else b""
    except FileNotFoundError:  # LibreOffice exits 0 when it could not load the file
        raise _failed("未生成DOCX文件", memory_bytes, source) from None
    except OSError as err:
        raise _failed(err.strerror or type(err).__name__, memory_bytes, source) from None
    if n > max_bytes or len(data) > max_bytes:
        raise LimitError(
            E_WORD_OUTPUT_TOO_LARGE.format(size=size(max(n, len(data))), cap=size(max_bytes)),
            limit="MAX_FILE_BYTES",
            source=source,
        )
    return data


def _failed(why: str, memory_bytes: int, source: str) -> ParseError:
    return ParseError(E_WORD_FAILED.format(why=why, cap=size(memory_bytes)), line=0, source=source)
