"""A bulk audit: many reports read and checked (in several processes if asked), then
each paired with the same body's report of the year before for the cross-year rules.

What ``gongkai audit`` prints and writes, ``gongkai evaluate`` scores, and the web's bulk
audit jobs (:mod:`gongkai.web.jobs`) run in the background: one implementation, so that
the outputs of a job equal those of the command for the same files.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from gongkai.core.report.batch import (
    Given,
    audit_file,
    audit_file_with_pairing,
    cross_year_findings,
    error_record,
    file_findings,
    year_key,
)
from gongkai.core.report.model import AnnualReport, Severity
from gongkai.core.report.parse.limits import E_MEMORY

__all__ = ["EXIT_ERRORS", "EXIT_OK", "EXIT_UNUSABLE", "BulkAudit"]

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
#: Inputs a worker takes at a time: large enough that handing them out costs little,
#: small enough that both workers finish together (and that the PDFs of a run, the
#: inputs that need the most memory, are shared out between the workers).
CHUNK = 16


class _Result(NamedTuple):
    """What the main process needs of one input, made in the worker: its exit status and,
    when anything is to be printed or written, its JSON line and its (body, year) key and
    pairing data (JSON), so that the main process only writes them to the spool files."""

    status: int
    line: str | None = None
    key: tuple[str, int] | None = None
    pairing: bytes | None = None


def _status(record: dict[str, Any]) -> int:
    if record.get("error"):
        return EXIT_UNUSABLE
    has_error = any(f["severity"] == Severity.ERROR for f in record["findings"])
    return EXIT_ERRORS if has_error else EXIT_OK


def _audit_one(job: tuple[str, str | None, bool, Given | None]) -> _Result:
    """Audit one input (in a worker); ``keep``: whether its line and pairing data are wanted.
    Memory running out while one report is checked makes that report unreadable, not
    the whole audit a traceback."""
    try:
        return _audit(job)
    except MemoryError:
        source, _, keep, _ = job
        if not keep:
            return _Result(EXIT_UNUSABLE)
        record = error_record(source, E_MEMORY)
        return _Result(EXIT_UNUSABLE, json.dumps(record, ensure_ascii=False))


def _audit(job: tuple[str, str | None, bool, Given | None]) -> _Result:
    source, path, keep, given = job
    if not keep:  # only the exit status: no record to make
        findings = None if path is None else file_findings(path, given)
        if findings is None:
            return _Result(EXIT_UNUSABLE)
        has_error = any(f.severity is Severity.ERROR for f in findings)
        return _Result(EXIT_ERRORS if has_error else EXIT_OK)
    if path is None:
        record, pairing = error_record(source, "没有这个文件或目录，也没有与之匹配的文件"), None
    else:
        record, pairing = audit_file_with_pairing(path, given=given)
    return _Result(
        _status(record),
        json.dumps(record, ensure_ascii=False),
        year_key(record),
        None if pairing is None else json.dumps(pairing, ensure_ascii=False).encode("utf-8"),
    )


class BulkAudit:
    """A bulk audit of ``targets`` (:func:`audit_inputs`): every input read and checked
    (in ``jobs`` processes), then each report paired with the same body's report of the
    year before for the cross-year rules (unless ``pair`` is off, or ``prior`` is given
    for a single input). What ``gongkai audit`` prints and ``gongkai evaluate`` scores.

    :meth:`records` yields every input's record in order, cross-year findings added (none
    when ``keep`` is off: only :attr:`status` is wanted); :attr:`status` is then the exit
    status of the whole audit. Memory stays flat however many reports: the records and
    the pairing data (cells and narrative) wait in temporary files; only an index of
    offsets stays in memory."""

    def __init__(
        self,
        targets: list[tuple[str, Path | None, Given | None]],
        *,
        jobs: int = 1,
        pair: bool = True,
        prior: AnnualReport | None = None,
        keep: bool = True,
        named: bool = False,
    ) -> None:
        self.targets, self.jobs, self.pair, self.prior, self.keep = targets, jobs, pair, prior, keep
        #: Records name each input by its source as given, not by the path read (the web
        #: unpacks an archive's members under names of its own).
        self.named = named
        self.status = EXIT_OK

    def records(self, advance: Callable[[], None] = lambda: None) -> Iterator[dict[str, Any]]:
        with (
            tempfile.TemporaryFile("w+", encoding="utf-8") as spool,
            tempfile.TemporaryFile("w+b") as pairs,
        ):
            index: dict[tuple[str, int], int] = {}
            # Pass 1: read and check every report; keep only what pairing needs.
            for result in _records(self.targets, self.jobs, self.prior, self.keep):
                advance()
                self.status = max(self.status, result.status)  # 2 (unusable) > 1 (errors) > 0
                if not self.keep:
                    continue
                if result.key is not None and result.key not in index:
                    assert result.pairing is not None
                    index[result.key] = pairs.tell()
                    pairs.write(result.pairing + b"\n")
                spool.write(f"{result.line}\n")
            if not self.keep:
                return

            def pairing(k: tuple[str, int]) -> dict[str, Any]:
                pairs.seek(index[k])
                data: dict[str, Any] = json.loads(pairs.readline())
                return data

            # Pass 2: add the cross-year findings.
            spool.seek(0)
            for i, line in enumerate(spool):
                record = json.loads(line)
                if self.named:
                    record["source"] = self.targets[i][0]
                key = year_key(record)
                previous = None if key is None else (key[0], key[1] - 1)
                if self.pair and self.prior is None and key in index and previous in index:
                    # pairing(key) is this report's own data (its narrative included)
                    # unless another file had the same body and year first.
                    assert key is not None and previous is not None
                    extra = cross_year_findings(pairing(key), pairing(previous))
                    record["findings"] += [f.as_dict() for f in extra]
                yield record


@contextmanager
def _bulk_gc() -> Iterator[None]:
    """The cyclic garbage collector set for a run of many reports (here, and in the
    workers forked in it), and set back afterwards. Reading a report makes a few hundred
    container objects and keeps none, so the default threshold (700) collects every
    report or two, each time also walking the ~100,000 objects of the imported modules.
    Those are frozen out of its way (``gc.freeze``, also sparing the forked workers'
    copy-on-write pages) and the young generation is collected every 5,000 objects: 2 %
    of the instructions of an HTML report (callgrind), with memory still flat over
    thousands of reports (bench/audit.py)."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(5000, 10, 10)
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _records(
    targets: list[tuple[str, Path | None, Given | None]], jobs: int, prior: Any, keep: bool
) -> Iterator[_Result]:
    work = [(src, str(p) if p else None, keep, g) for src, p, g in targets]
    if prior is not None:
        src, path, _, given = work[0]
        try:
            record = audit_file(path, prior, given) if path else error_record(src, "没有这个文件")
        except MemoryError:
            record = error_record(src, E_MEMORY)
        yield _Result(_status(record), json.dumps(record, ensure_ascii=False))
        return
    if jobs == 1 or len(work) < 4:
        with _bulk_gc():
            yield from map(_audit_one, work)
        return
    from multiprocessing import get_context

    if any(p and p.lower().endswith(".pdf") for _, p, _, _ in work):
        # Imported once here rather than in each forked worker (0.15–0.3 s of CPU apiece).
        import pdfplumber.table  # noqa: F401
        import pypdfium2.raw  # noqa: F401
    # Smaller chunks for a short list, so that both workers get a fair share of it.
    chunk = max(1, min(CHUNK, len(work) // (jobs * 4)))
    with _bulk_gc(), get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(_audit_one, work, chunksize=chunk)
