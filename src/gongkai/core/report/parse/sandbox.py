"""A reader run in a helper process, under a memory and a CPU-time limit.

Native code cannot be stopped from Python: PDFium inflates a stream whole before it
parses it (a 1 MB PDF whose page inflates to 1 GB takes 2 GB) and aborts the process
when memory runs out, and a page can keep it busy for minutes. So the PDF reader runs
in a helper process, forked from the process that reads (``gongkai audit``, or each of
its ``--jobs`` workers) on first use and then kept for the files that follow (forking
one per file would cost a fifth of a PDF's reading time). For each file its address
space may grow by ``memory_bytes`` beyond what it had when it started (``RLIMIT_AS``,
set by the helper itself: past it the allocator fails and PDFium aborts), and it may
spend ``cpu_seconds`` of CPU time: the parent reads the helper's CPU time
(``/proc/PID/stat``) every tenth of a second while it waits and kills it past the
budget (``RLIMIT_CPU``, a second later, stops it where the parent cannot look). The
file is then refused with the cap named, and the next file gets a new helper. A
helper that runs out of memory after having read other files is given the file once
more, fresh, so that a file's verdict does not depend on the files read before it.

Where ``fork`` or ``setrlimit`` do not exist the function runs in this process.
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import math
import os
import pickle
import select
import signal
import struct
import threading
import time
from collections.abc import Callable
from typing import Any, NoReturn

from gongkai.core.errors import LimitError, ParseError

__all__ = ["Died", "Sandbox"]

_HEADER = struct.Struct("!IQQQ")  # cpu seconds, memory bytes, length of args, length of data
_LENGTH = struct.Struct("!Q")
#: Wall-clock time a helper may take over its CPU time before it is taken for stuck
#: (it cannot be, short of the machine being stopped: it only computes).
_WALL_GRACE = 60.0
#: How often the helper's CPU time is looked at while it reads (seconds).
_POLL = 0.1
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_FATAL = tuple(
    getattr(signal, name)
    for name in ("SIGABRT", "SIGBUS", "SIGFPE", "SIGILL", "SIGSEGV", "SIGTRAP", "SIGXCPU")
    if hasattr(signal, name)
)

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]


class Died(Exception):
    """The helper stopped before it answered: ``cpu`` when it ran out of CPU time,
    ``memory`` when it ran out of address space, ``start`` when it could not be
    started, ``crash`` otherwise; ``detail``: the signal, status or error."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}")


class _Helper:
    def __init__(self, pid: int, requests: int, replies: int, owner: int) -> None:
        self.pid = pid
        self.requests = requests  # our end of the pipe to the helper
        self.replies = replies  # our end of the pipe from the helper
        self.owner = owner  # the process that forked it
        self.files = 0  # files it answered


class Sandbox:
    """Runs ``fn(data, *args) -> str`` in a helper process (see the module's docstring);
    ``prepare`` runs in this process before a helper is forked (the modules ``fn``
    imports, imported once here rather than in every helper).

    ``fn``'s ParseError comes back as a ParseError (a LimitError as a LimitError);
    :class:`Died` is raised when the helper was stopped by a limit or crashed.
    """

    def __init__(self, fn: Callable[..., str], prepare: Callable[[], None] | None = None) -> None:
        self.fn = fn
        self.prepare = prepare  # run here before forking a helper (imports it inherits)
        self._helper: _Helper | None = None
        self._lock = threading.Lock()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._forget)
        atexit.register(self.close)  # reaped, so that its resources count as this process's

    @staticmethod
    def available() -> bool:
        return resource is not None and hasattr(os, "fork")

    def run(self, data: bytes, *args: Any, cpu_seconds: int, memory_bytes: int) -> str:
        if not self.available():  # pragma: no cover - not on Linux
            return self.fn(data, *args)
        with self._lock:
            for attempt in range(2):
                helper = self._get()
                fresh = helper.files == 0
                try:
                    kind, *rest = pickle.loads(
                        self._ask(helper, data, args, cpu_seconds, memory_bytes)
                    )
                    if kind == "memory":  # a MemoryError in Python code; the helper exits
                        self.close()
                        raise Died("memory", "MemoryError")
                except Died as died:
                    self._helper = None
                    if fresh or attempt or died.reason != "memory":
                        raise
                    continue  # once more, in a fresh helper (memory may be fragmented)
                helper.files += 1
                if kind == "text":
                    return str(rest[0])
                message, line, limit = rest
                if limit is not None:
                    raise LimitError(message, limit=limit, line=line)
                raise ParseError(message, line=line)
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Let the helper go (it exits when its request pipe closes) and reap it."""
        helper, self._helper = self._helper, None
        if helper is None or helper.owner != os.getpid():
            return
        for fd in (helper.requests, helper.replies):
            os.close(fd)
        with contextlib.suppress(ChildProcessError):  # reaped elsewhere
            os.waitpid(helper.pid, 0)

    # --- in this process --------------------------------------------------------------

    def _forget(self) -> None:
        """In a child forked from this process: the helper is the parent's, not ours."""
        helper, self._helper = self._helper, None
        self._lock = threading.Lock()
        if helper is not None:
            for fd in (helper.requests, helper.replies):
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _get(self) -> _Helper:
        if self._helper is not None and self._helper.owner == os.getpid():
            return self._helper
        if self.prepare is not None:
            self.prepare()
        fds: list[int] = []
        try:
            to_child_r, to_child_w = os.pipe()
            fds += (to_child_r, to_child_w)
            from_child_r, from_child_w = os.pipe()
            fds += (from_child_r, from_child_w)
            pid = os.fork()
        except OSError as err:  # out of processes or descriptors
            for fd in fds:
                os.close(fd)
            raise Died("start", err.strerror or type(err).__name__) from None
        if pid == 0:  # the helper
            os.close(to_child_w)
            os.close(from_child_r)
            _serve(self.fn, to_child_r, from_child_w)
        os.close(to_child_r)
        os.close(from_child_w)
        self._helper = _Helper(pid, to_child_w, from_child_r, os.getpid())
        return self._helper

    def _ask(
        self, helper: _Helper, data: bytes, args: tuple[Any, ...], cpu: int, memory: int
    ) -> bytes:
        packed = pickle.dumps(args)
        start = _cpu_seconds(helper.pid)  # the helper is idle: nothing moves it meanwhile
        started = time.monotonic()

        def over_budget() -> str | None:
            used = _cpu_seconds(helper.pid)
            if used is not None and start is not None and used - start > cpu:
                return f"{used - start:.1f} s CPU"
            if time.monotonic() - started > cpu + _WALL_GRACE:
                return "wall clock"
            return None

        try:
            _write_all(helper.requests, _HEADER.pack(cpu, memory, len(packed), len(data)))
            _write_all(helper.requests, packed)
            _write_all(helper.requests, data)
            return _read_message(helper.replies, over_budget)
        except TimeoutError as stopped:
            os.kill(helper.pid, signal.SIGKILL)
            self._death(helper)
            raise Died("cpu", str(stopped)) from None
        except (OSError, EOFError):
            raise self._death(helper) from None

    def _death(self, helper: _Helper) -> Died:
        for fd in (helper.requests, helper.replies):
            os.close(fd)
        os.kill(helper.pid, signal.SIGKILL)  # no effect on a helper already dead
        _, status = os.waitpid(helper.pid, 0)
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            try:
                name = signal.Signals(sig).name
            except ValueError:  # pragma: no cover - a signal Python has no name for
                name = str(sig)
            if sig == signal.SIGXCPU:
                return Died("cpu", name)
            # PDFium aborts the process (SIGABRT, or a trap) when an allocation fails,
            # and the kernel's OOM killer sends SIGKILL: a helper killed by a signal ran
            # out of memory (PDFium, fuzzed without end by its authors, does not crash
            # on damaged files otherwise).
            return Died("memory", name)
        return Died("crash", f"exit status {os.WEXITSTATUS(status)}")


def _serve(fn: Callable[..., str], requests: int, replies: int) -> NoReturn:
    """The helper's loop: one file at a time until the request pipe closes."""
    code = 0
    try:
        assert resource is not None
        _close_other_files(keep={0, 2, requests, replies})
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # not the parent's stdout: a reader of it waits for its end
        os.close(devnull)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU would dump core
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent closes the pipe
        # Die of the signal, so that the parent sees it: no handler inherited from the
        # parent (faulthandler's under pytest, libFuzzer's under atheris) may catch it.
        faulthandler.disable()
        for fatal in _FATAL:
            signal.signal(fatal, signal.SIG_DFL)
        base = _address_space()
        while True:
            try:
                header = _read_exactly(requests, _HEADER.size)
            except EOFError:
                break
            cpu, memory, n_args, n_data = _HEADER.unpack(header)
            args = pickle.loads(_read_exactly(requests, n_args))
            data = _read_exactly(requests, n_data)
            _limit(resource.RLIMIT_AS, base + memory)
            used = resource.getrusage(resource.RUSAGE_SELF)
            # The parent stops the helper at the budget (it watches its CPU time); the
            # kernel stops it a second or two later if the parent could not watch.
            _limit(resource.RLIMIT_CPU, math.ceil(used.ru_utime + used.ru_stime) + cpu + 1)
            try:
                reply: tuple[Any, ...] = ("text", fn(data, *args))
            except LimitError as err:
                reply = ("parse", err.message, err.line, err.limit)
            except ParseError as err:
                reply = ("parse", err.message, err.line, None)
            except MemoryError:
                reply = ("memory",)
            del data
            payload = pickle.dumps(reply)
            _write_all(replies, _LENGTH.pack(len(payload)) + payload)
            if reply[0] == "memory":
                break
    except BaseException:  # nothing may escape into the parent's code below the fork
        code = 1
    finally:
        os._exit(code)


def _close_other_files(keep: set[int]) -> None:
    """Close the descriptors inherited from the parent (its pipes, its spool files) but
    ``keep``, so that no one waiting for the end of one of them waits for the helper."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # pragma: no cover - not Linux
        return
    for fd in fds:
        if fd not in keep:
            with contextlib.suppress(OSError):  # the descriptor listdir itself had open
                os.close(fd)


def _limit(which: int, soft: int) -> None:
    assert resource is not None
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _address_space() -> int:
    """This process's address space in bytes (Linux: /proc/self/statm), 0 if unknown."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 0


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, n: int, over_budget: Callable[[], str | None] | None = None) -> bytes:
    """``n`` bytes from ``fd``; with ``over_budget``, asked every tenth of a second while
    nothing comes, TimeoutError (with its answer) once it answers."""
    chunks: list[bytes] = []
    while n:
        if over_budget is not None:
            while not select.select([fd], [], [], _POLL)[0]:
                if stop := over_budget():
                    raise TimeoutError(stop)
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _read_message(fd: int, over_budget: Callable[[], str | None]) -> bytes:
    (n,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size, over_budget))
    return _read_exactly(fd, n, over_budget)


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) a process has used, from /proc/PID/stat (Linux);
    None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        # After the command's name: state is field 3, utime 14 and stime 15.
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError):
        return None
