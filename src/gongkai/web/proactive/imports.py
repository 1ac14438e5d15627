"""Importing Table 2 counts from XLSX: all rows or none, without keeping anyone waiting.

Two phases, so that a large file never holds the database's write lock while it is read
(on SQLite one writer at a time: a 100,000-row import that held it throughout made every
login, status lookup and online application wait, then fail):

1. :func:`active_counts_check` reads and checks every row with read-only queries. Each
   bad cell is named, with its column and row: a formula whose result the file does not
   keep (it would otherwise read as blank, i.e. 0), text that is not a number, ``NaN`` and
   ``Infinity``, a number with an absurd exponent or too many characters (refused before
   it is converted: ``1e999999999`` made a minute of arithmetic), a negative count …
2. :func:`active_counts_write` writes the rows that change in one short transaction (one
   statement executed for all rows, an upsert by (unit, year)), with one audit-log row
   for the import and the job marked done in the same transaction.

An :class:`~gongkai.web.proactive.models.ImportJob` records each import: the staff page
runs it in a background thread of the web process (:func:`import_job_start`) and shows its
progress; ``gongkai import counts`` runs it in the foreground. A job whose thread died (the
server restarted) stops showing signs of life and is shown as failed: nothing of it was
written, since the write is one transaction that also marks it done.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, connections, models, transaction
from django.utils import timezone

from gongkai.web.applications.private_files import removed_on_rollback
from gongkai.web.audit.services import audit_record
from gongkai.web.proactive.models import (
    IMPORT_RUNNING,
    ActiveCounts,
    ImportJob,
    ImportStatus,
)

log = logging.getLogger(__name__)

#: The years Table 2 counts may be kept for.
YEARS = range(2000, 2101)
COLUMNS = ("单位代码", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）")
FIELDS = ("licensing", "penalty", "coercion", "fees_wan")
#: The most data rows a file may hold (a province's units over many years fit).
MAX_ROWS = 300_000
#: The most bytes the XLSX's parts may take once unpacked (a 100,000-row sheet takes 15 MB).
MAX_UNPACKED = 200 * 1024 * 1024
#: A number written with more characters than this is refused before it is converted.
MAX_NUMBER_CHARS = 30
#: … and one whose decimal exponent is beyond this, either way (``1e999999999``).
MAX_EXPONENT = 20
#: The largest count a cell may hold (PostgreSQL's ``integer``; SQLite's is larger).
MAX_COUNT = 2_147_483_647
#: The most errors a job keeps to show (the count of all is kept beside).
ERRORS_KEPT = 1000
#: A running job touches its heartbeat at least this often …
HEARTBEAT = timedelta(seconds=2)
#: … and one whose heartbeat is older than this was interrupted (the server restarted).
STALE_AFTER = timedelta(minutes=2)

FEES_FIELD = ActiveCounts._meta.get_field("fees_wan")
assert isinstance(FEES_FIELD, models.DecimalField)

E_INTERRUPTED = "导入被中断（服务器重新启动或进程退出），没有导入任何数据；请重新上传。"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行「{self.column}」：{self.message}"


class ImportRejected(Exception):
    def __init__(self, filename: str, errors: list[RowError]) -> None:
        self.filename, self.errors = filename, errors
        super().__init__(f"{filename}: " + "；".join(map(str, errors)))


class ImportInterrupted(Exception):
    """The job was marked interrupted (no sign of life for too long) before its write."""


@dataclass(frozen=True)
class CheckedRow:
    unit_id: int
    year: int
    licensing: int
    penalty: int
    coercion: int
    fees_wan: Decimal

    @property
    def values(self) -> tuple[int, int, int, Decimal]:
        return (self.licensing, self.penalty, self.coercion, self.fees_wan)


@dataclass(frozen=True)
class CheckedImport:
    """Every row of a file, checked; split by what the write must do with it."""

    filename: str
    rows: int
    create: list[CheckedRow]
    update: list[CheckedRow]
    unchanged: int


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int
    #: How long the write transaction took (the write lock's hold, on SQLite).
    write_seconds: float


Progress = Callable[[int, int], None]


# --- Reading the cells


class _Bad(Exception):
    pass


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "…"


def _number(value: Any) -> Decimal:
    """A cell's number, checked for size before it is converted (a blank cell is 0)."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Bad(f"「{_shown(value)}」不是数字")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad(f"「{_shown(value)}」不是有限的数字")
    if isinstance(value, int) and value.bit_length() > 64:
        raise _Bad("数值过大")
    text = (repr(value) if isinstance(value, float) else str(value)).strip()
    if len(text) > MAX_NUMBER_CHARS:
        raise _Bad(f"「{_shown(text)}」位数过多（最多{MAX_NUMBER_CHARS}个字符）")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Bad(f"「{_shown(text)}」不是数字") from None
    if not number.is_finite():
        raise _Bad(f"「{_shown(text)}」不是有限的数字")
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise _Bad(f"「{_shown(text)}」超出合理范围")
    return number if number else Decimal(0)  # 0E-1000000 is 0


def _cell_ref(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


class Unreadable(str):
    """A cell marked as a number whose text is none (``NaN``, ``Infinity``, 5,000 digits):
    openpyxl raises on it, which would end the whole reading."""


class FormulaWithoutValue:
    """A formula cell whose result the file does not keep (written by a program that does
    not compute, or never saved by Excel): it reads as blank, and would have been imported
    as 0."""


FORMULA_WITHOUT_VALUE = FormulaWithoutValue()


def _parser_class() -> type:
    """openpyxl's streaming sheet parser, reading each cell so that one bad cell is named
    instead of ending the reading, and a formula without its value is told from a blank."""
    from openpyxl.utils import coordinate_to_tuple
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            try:
                cell: dict[str, Any] = super().parse_cell(element)
            except (ValueError, OverflowError, IndexError, TypeError):
                coordinate = element.get("r")
                row, column = (
                    coordinate_to_tuple(coordinate)
                    if coordinate
                    else (self.row_counter, self.col_counter)
                )
                text = (element.findtext(VALUE_TAG) or "")[:40]
                return {"row": row, "column": column, "value": Unreadable(text)}
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = FORMULA_WITHOUT_VALUE
            return cell

    return Parser


_Row = tuple[int, int, tuple[Any, ...]]


def _rows(file: IO[bytes]) -> Iterator[_Row]:
    """(row number, the sheet's row count, the first six values) of each row of the first
    sheet that has a cell, read as a stream (the values Excel saved, not formulas)."""
    from openpyxl import load_workbook

    file.seek(0)
    book = load_workbook(file, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        with sheet._get_source() as source:
            total = _count_rows(source)
        with sheet._get_source() as source:
            parser = _parser_class()(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for n, cells in parser.parse():
                values: list[Any] = [None] * 6
                for cell in cells:
                    if 1 <= cell["column"] <= 6:
                        values[cell["column"] - 1] = cell["value"]
                yield n, total, tuple(values)
    finally:
        book.close()


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>]")


def _count_rows(source: IO[bytes]) -> int:
    """The rows of a sheet's XML, counted without parsing it (for the progress shown: the
    sheet's own dimensions are often missing or wrong)."""
    count, tail = 0, b""
    for chunk in iter(lambda: source.read(1 << 20), b""):
        data = tail + chunk
        count += len(_ROW_TAG.findall(data))
        tail = data[-16:]
        count -= len(_ROW_TAG.findall(tail))  # counted again with the next chunk
    return count + len(_ROW_TAG.findall(tail))


def _unpacked_size(file: IO[bytes]) -> int:
    file.seek(0)
    with zipfile.ZipFile(file) as zf:
        return sum(info.file_size for info in zf.infolist())


def active_counts_check(
    *,
    file: IO[bytes],
    filename: str,
    allowed_units: Any,
    progress: Progress | None = None,
) -> CheckedImport:
    """Read and check every row of an XLSX sheet of Table 2 counts (columns
    :data:`COLUMNS`, the first row the header). Only reads the database: nobody waits
    for it. Raises :class:`ImportRejected` naming every bad row and cell.
    ``progress(checked, total)`` is called every 1,000 rows (the total is the sheet's
    own count of rows, which may be missing or wrong until the end)."""
    errors: list[RowError] = []
    parsed: list[CheckedRow] = []
    units = {u.code: u.pk for u in allowed_units}
    seen: dict[tuple[int, int], int] = {}
    checked = 0
    try:
        if _unpacked_size(file) > MAX_UNPACKED:
            raise ImportRejected(
                filename,
                [RowError(0, "文件", f"解压后超过{MAX_UNPACKED // 1024 // 1024} MB，不像是计数表")],
            )
        for n, total, values in _read(_rows(file)):
            if n == 1 or all(v in (None, "") for v in values):
                continue
            checked += 1
            if progress is not None and checked % 1000 == 0:
                progress(checked, max(total - 1, checked))
            if checked > MAX_ROWS:
                errors.append(RowError(n, "文件", f"行数超过{MAX_ROWS}行的上限"))
                break
            row = _check_row(n, values, units, errors)
            if row is None:
                continue
            key = (row.unit_id, row.year)
            if key in seen:
                code = str(values[0]).strip()
                errors.append(RowError(n, COLUMNS[0], f"{code} {row.year}年与第{seen[key]}行重复"))
                continue
            seen[key] = n
            parsed.append(row)
    except (_FileUnreadable, zipfile.BadZipFile) as err:
        kind = err.kind if isinstance(err, _FileUnreadable) else type(err).__name__
        raise ImportRejected(
            filename, [RowError(0, "文件", f"不是可读取的XLSX文件（{kind}）")]
        ) from None
    if errors:  # in the order of the sheet: by row, then by column
        order = {c: i for i, c in enumerate(COLUMNS)}
        raise ImportRejected(
            filename, sorted(errors, key=lambda e: (e.row, order.get(e.column, -1)))
        )
    if progress is not None:
        progress(checked, checked)
    return _classify(filename, parsed)


class _FileUnreadable(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


def _read(rows: Iterator[_Row]) -> Iterator[_Row]:
    """The rows, an error in reading them (openpyxl raises many kinds for a file that is
    not XLSX) turned into :class:`_FileUnreadable` — and nothing else: an error of the caller's
    (the progress's database write) stays what it is."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as err:
            raise _FileUnreadable(type(err).__name__) from err
        yield row


def _check_row(
    n: int,
    values: tuple[Any, ...],
    units: dict[str, int],
    errors: list[RowError],
) -> CheckedRow | None:
    """The row's values checked, or None with its errors added to ``errors``."""
    ok = True
    unread = set()
    for i, v in enumerate(values):
        if isinstance(v, FormulaWithoutValue):
            message = (
                f"单元格{_cell_ref(n, i + 1)}是公式，文件中没有保存它的计算结果"
                "（请用Excel打开并保存后再导入，或改填数值）"
            )
        elif isinstance(v, Unreadable):
            message = f"单元格{_cell_ref(n, i + 1)}「{_shown(v)}」不是数字"
        else:
            continue
        errors.append(RowError(n, COLUMNS[i], message))
        unread.add(i)
        ok = False
    code, year, *nums = values
    unit_id = units.get(str(code).strip() if code is not None else "")
    if unit_id is None and 0 not in unread:
        errors.append(RowError(n, COLUMNS[0], f"没有可导入的单位「{_shown(code)}」"))
        ok = False
    if (isinstance(year, bool) or not isinstance(year, int) or year not in YEARS) and (
        1 not in unread
    ):
        errors.append(RowError(n, COLUMNS[1], f"年度「{_shown(year)}」不是有效年份"))
        ok = False
    counts: dict[str, Any] = {}
    for i, (col, key, value) in enumerate(zip(COLUMNS[2:], FIELDS, nums, strict=True), 2):
        if i in unread:
            continue
        try:
            number = _number(value)
        except _Bad as bad:
            errors.append(RowError(n, col, str(bad)))
            ok = False
            continue
        if number < 0:
            errors.append(RowError(n, col, f"不能为负数（{_shown(value)}）"))
            ok = False
        elif key == "fees_wan":
            try:
                FEES_FIELD.run_validators(number)
            except ValidationError as err:
                errors.extend(RowError(n, col, str(m)) for m in err.messages)
                ok = False
            counts[key] = number
        elif number != number.to_integral_value():
            errors.append(RowError(n, col, f"件数应为整数（{_shown(value)}）"))
            ok = False
        elif number > MAX_COUNT:
            errors.append(RowError(n, col, f"件数过大（{_shown(value)}）"))
            ok = False
        else:
            counts[key] = int(number)
    if not ok:
        return None
    assert unit_id is not None and isinstance(year, int)
    return CheckedRow(unit_id=unit_id, year=year, **counts)


def _classify(filename: str, rows: list[CheckedRow]) -> CheckedImport:
    """Which rows add a record, which change one, which leave one as it is (read-only)."""
    existing = {
        (unit_id, year): (licensing, penalty, coercion, fees)
        for unit_id, year, licensing, penalty, coercion, fees in ActiveCounts.objects.filter(
            year__in={r.year for r in rows}
        ).values_list("unit_id", "year", "licensing", "penalty", "coercion", "fees_wan")
    }
    create, update = [], []
    unchanged = 0
    for r in rows:
        before = existing.get((r.unit_id, r.year))
        if before is None:
            create.append(r)
        elif before != r.values:
            update.append(r)
        else:
            unchanged += 1
    return CheckedImport(
        filename=filename, rows=len(rows), create=create, update=update, unchanged=unchanged
    )


# --- Writing, in one short transaction


def _column(name: str) -> str:
    f = ActiveCounts._meta.get_field(name)
    assert isinstance(f, models.Field) and f.column is not None
    return f.column


#: Rows sent in one statement (SQLite allows 999 parameters where it is built so).
BATCH = 1000


def _batch_size() -> int:
    limit = connection.features.max_query_params
    return min(BATCH, limit // (2 + len(FIELDS))) if limit else BATCH


def _upsert_sql(rows: int) -> str:
    """An upsert of ``rows`` rows by (unit, year), in one statement."""
    meta = ActiveCounts._meta
    qn = connection.ops.quote_name
    columns = [_column(f) for f in ("unit", "year", *FIELDS)]
    updates = ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in columns[2:])
    row = f"({', '.join(['%s'] * len(columns))})"
    return (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(map(qn, columns))}) "
        f"VALUES {', '.join([row] * rows)} "
        f"ON CONFLICT ({qn(columns[0])}, {qn(columns[1])}) DO UPDATE SET {updates}"
    )


def _params(rows: list[CheckedRow]) -> list[tuple[Any, ...]]:
    fees = FEES_FIELD
    return [
        (
            r.unit_id,
            r.year,
            r.licensing,
            r.penalty,
            r.coercion,
            fees.get_db_prep_save(r.fees_wan, connection),
        )
        for r in rows
    ]


def active_counts_write(*, checked: CheckedImport, actor: Any, job: ImportJob) -> ImportResult:
    """Save the checked rows that add or change a record: an upsert for each thousand of
    them, in one transaction with the import's audit-log row (and the job marked done). Its
    parameters are made before the transaction begins, so that it holds the write lock
    for the database's own work only."""
    changed = checked.create + checked.update
    size = _batch_size()
    statements = [
        (_upsert_sql(len(chunk)), [value for row in _params(chunk) for value in row])
        for chunk in (changed[i : i + size] for i in range(0, len(changed), size))
    ]
    started = time.perf_counter()
    with transaction.atomic():
        # Still ours? A job found interrupted meanwhile stays failed, and writes nothing.
        if not (
            ImportJob.objects.select_for_update()
            .filter(pk=job.pk, status__in=IMPORT_RUNNING)
            .exists()
        ):
            raise ImportInterrupted(job.pk)
        with connection.cursor() as cursor:
            for sql, values in statements:
                cursor.execute(sql, values)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            processed=checked.rows,
            total=checked.rows,
            created=len(checked.create),
            updated=len(checked.update),
            unchanged=checked.unchanged,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="active_counts.import",
            obj=job,
            file=checked.filename,
            sha256=job.sha256,
            rows=checked.rows,
            created=len(checked.create),
            updated=len(checked.update),
            unchanged=checked.unchanged,
        )
    return ImportResult(
        rows=checked.rows,
        created=len(checked.create),
        updated=len(checked.update),
        unchanged=checked.unchanged,
        write_seconds=time.perf_counter() - started,
    )


# --- Jobs


def _digest(file: IO[bytes]) -> str:
    h = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        h.update(chunk)
    file.seek(0)
    return h.hexdigest()


def import_job_create(*, file: IO[bytes], filename: str, user: Any) -> ImportJob:
    """Record an import about to run, keeping its file (private storage)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1][-100:] or "counts.xlsx"
    with removed_on_rollback() as written:
        job = ImportJob(
            filename=name,
            sha256=_digest(file),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        job.file.save(name, File(file, name=name), save=False)
        written.append(str(job.file.name))
        job.save()
    return job


def _touch(job: ImportJob, **fields: Any) -> None:
    """Show a sign of life (and the fields given), unless the job was found interrupted."""
    ImportJob.objects.filter(pk=job.pk, status__in=IMPORT_RUNNING).update(
        heartbeat_at=timezone.now(), **fields
    )


def _finish(job: ImportJob, status: str, errors: list[str], count: int) -> None:
    ImportJob.objects.filter(pk=job.pk, status__in=IMPORT_RUNNING).update(
        status=status,
        errors=errors[:ERRORS_KEPT],
        error_count=count,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


@dataclass
class _Progress:
    """Records the progress on the job (a sign of life) at most every second, and passes
    it on."""

    job: ImportJob
    then: Progress | None = None
    last: float = field(default=0.0)

    def __call__(self, checked: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= 1 or checked == total:
            self.last = now
            _touch(self.job, status=ImportStatus.CHECKING, processed=checked, total=total)
        if self.then is not None:
            self.then(checked, total)


def import_job_run(
    job: ImportJob, *, allowed_units: Any, progress: Progress | None = None
) -> ImportResult:
    """Run an import job here and now: check every row (read-only), then write them all in
    one short transaction. The job records its progress and its end: done, refused with
    the bad cells (:class:`ImportRejected` is raised), or failed."""
    _touch(job, status=ImportStatus.CHECKING)
    try:
        with job.file.open("rb") as fh:
            checked = active_counts_check(
                file=fh,
                filename=job.filename,
                allowed_units=allowed_units,
                progress=_Progress(job, progress),
            )
        _touch(job, status=ImportStatus.WRITING)
        return active_counts_write(checked=checked, actor=job.created_by, job=job)
    except ImportRejected as err:
        _finish(job, ImportStatus.REFUSED, [str(e) for e in err.errors], len(err.errors))
        raise
    except ImportInterrupted:
        raise
    except BaseException as err:
        _finish(job, ImportStatus.FAILED, [f"导入失败（{type(err).__name__}）"], 1)
        raise


def active_counts_import(
    *,
    file: IO[bytes],
    filename: str,
    allowed_units: Any,
    actor: Any,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a file here and now (``gongkai import counts``): recorded as a job, checked,
    then written in one short transaction — all rows saved or none, every bad row and
    cell named (:class:`ImportRejected`)."""
    job = import_job_create(file=file, filename=filename, user=actor)
    job.created_by = actor if getattr(actor, "is_authenticated", False) else None
    return import_job_run(job, allowed_units=allowed_units, progress=progress)


#: One import runs at a time in a process (the others wait, queued).
_ONE_AT_A_TIME = threading.Lock()


def _run_in_background(job_id: int) -> None:
    """The body of a job's thread: wait for the turn (alive, so not taken for dead), run,
    and leave nothing behind (the thread's database connection is closed)."""
    from gongkai.web.units.selectors import unit_list_writable

    try:
        job = ImportJob.objects.select_related("created_by").get(pk=job_id)
        while not _ONE_AT_A_TIME.acquire(timeout=HEARTBEAT.total_seconds()):
            _touch(job)
        try:
            import_job_run(job, allowed_units=unit_list_writable(user=job.created_by))
        finally:
            _ONE_AT_A_TIME.release()
    except (ImportRejected, ImportInterrupted):
        pass  # recorded on the job
    except Exception:
        log.exception("import job %s failed", job_id)
    finally:
        connections.close_all()


def import_job_start(*, file: IO[bytes], filename: str, user: Any) -> ImportJob:
    """Record the job and start it in a background thread of this process once the record
    is committed; returns at once."""
    job = import_job_create(file=file, filename=filename, user=user)
    transaction.on_commit(
        lambda: threading.Thread(
            target=_run_in_background, args=(job.pk,), name=f"import-{job.pk}", daemon=True
        ).start()
    )
    return job


def _expire_stale(jobs: Any) -> None:
    """Mark failed the running jobs among ``jobs`` that stopped showing signs of life
    (their thread died with its process): nothing of them was written."""
    jobs.filter(status__in=IMPORT_RUNNING, heartbeat_at__lt=timezone.now() - STALE_AFTER).update(
        status=ImportStatus.FAILED,
        errors=[E_INTERRUPTED],
        error_count=1,
        finished_at=timezone.now(),
    )


def import_job_get(*, pk: int, user: Any) -> ImportJob | None:
    """The user's job, an interrupted one (no sign of life for :data:`STALE_AFTER`)
    marked failed first."""
    jobs = ImportJob.objects.filter(pk=pk, created_by=user)
    _expire_stale(jobs)
    return jobs.first()


def import_jobs_recent(*, user: Any, limit: int = 10) -> list[ImportJob]:
    """The user's latest jobs, the interrupted ones marked failed first."""
    jobs = ImportJob.objects.filter(created_by=user)
    _expire_stale(jobs)
    return list(jobs[:limit])
