"""Reading and checking a file of Table 2 counts: the first, read-only phase of an import
(:mod:`gongkai.web.proactive.imports` writes what it returns, and runs the jobs).

:func:`active_counts_check` reads the XLSX as a stream and checks every row with read-only
queries: nobody waits for it. Each bad cell is named, with its column and row: a formula
whose result the file does not keep (it would otherwise read as blank, i.e. 0), text that
is not a number, ``NaN`` and ``Infinity``, a number with an absurd exponent or too many
characters (refused before it is converted: ``1e999999999`` made a minute of arithmetic),
a negative count …
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import models

from gongkai.web.proactive.models import ActiveCounts

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

FEES_FIELD = ActiveCounts._meta.get_field("fees_wan")
assert isinstance(FEES_FIELD, models.DecimalField)


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
