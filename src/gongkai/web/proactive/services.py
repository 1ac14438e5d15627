"""Writing the catalogue and the Table 2 counts; importing counts from XLSX (all or nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.web.audit.services import audit_record
from gongkai.web.proactive.models import ActiveCounts, CatalogueItem, ItemStatus
from gongkai.web.units.models import Unit

E_NOT_DRAFT = _("Only a draft can be reviewed.")
E_NOT_REVIEWED = _("Only a reviewed item with its secrecy review done can be published.")


class ProactiveError(Exception):
    def __init__(self, message: Any) -> None:
        self.message = str(message)
        super().__init__(self.message)


@transaction.atomic
def catalogue_item_save(*, item: CatalogueItem, actor: Any) -> CatalogueItem:
    created = item.pk is None
    if item.status == ItemStatus.PUBLISHED and not created:
        raise ProactiveError(
            _("A published item cannot be edited; repeal it or publish a new one.")
        )
    item.save()
    audit_record(
        actor=actor,
        action="catalogue.create" if created else "catalogue.edit",
        obj=item,
        unit=item.unit,
    )
    return item


@transaction.atomic
def catalogue_item_review(
    *, item: CatalogueItem, secrecy_reviewed: bool, actor: Any
) -> CatalogueItem:
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.DRAFT:
        raise ProactiveError(E_NOT_DRAFT)
    if not secrecy_reviewed:
        raise ProactiveError(_("Confirm the secrecy review (保密审查) first."))
    item.status, item.secrecy_reviewed = ItemStatus.REVIEWED, True
    item.save(update_fields=["status", "secrecy_reviewed"])
    audit_record(actor=actor, action="catalogue.review", obj=item, unit=item.unit)
    return item


@transaction.atomic
def catalogue_item_publish(*, item: CatalogueItem, actor: Any) -> CatalogueItem:
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ItemStatus.REVIEWED or not item.secrecy_reviewed:
        raise ProactiveError(E_NOT_REVIEWED)
    item.status = ItemStatus.PUBLISHED
    item.save(update_fields=["status"])
    audit_record(actor=actor, action="catalogue.publish", obj=item, unit=item.unit)
    return item


@transaction.atomic
def active_counts_save(*, unit: Unit, year: int, actor: Any, **counts: Any) -> ActiveCounts:
    obj, _created = ActiveCounts.objects.select_for_update().get_or_create(unit=unit, year=year)
    for k, v in counts.items():
        setattr(obj, k, v)
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        action="active_counts.save",
        obj=obj,
        unit=unit,
        year=year,
        **{k: str(v) for k, v in counts.items()},
    )
    return obj


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


COLUMNS = ("单位代码", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）")
FIELDS = ("licensing", "penalty", "coercion", "fees_wan")


def active_counts_import(
    *,
    file: IO[bytes],
    filename: str,
    allowed_units: Any,
    actor: Any,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Import Table 2 counts from an XLSX sheet: every row is checked first, and either all
    rows are saved in one transaction or none is, with every bad row and cell named.
    ``progress(saved, total)`` is called after each row is saved (not yet committed)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a file that is not XLSX
        raise ImportRejected(
            filename, [RowError(0, "文件", f"不是可读取的XLSX文件（{type(err).__name__}）")]
        ) from None
    sheet = book.worksheets[0]
    errors: list[RowError] = []
    rows: list[tuple[Unit, int, dict[str, Any]]] = []
    units = {u.code: u for u in allowed_units}
    seen: dict[tuple[int, int], int] = {}
    for n, values in enumerate(sheet.iter_rows(values_only=True), 1):
        if n == 1 or all(v in (None, "") for v in values):
            continue
        cells = list(values) + [None] * (6 - len(values))
        code, year, *nums = cells[:6]
        unit = units.get(str(code).strip() if code is not None else "")
        if unit is None:
            errors.append(RowError(n, COLUMNS[0], f"没有可导入的单位「{code}」"))
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            errors.append(RowError(n, COLUMNS[1], f"年度「{year}」不是有效年份"))
        parsed: dict[str, Any] = {}
        for col, key, value in zip(COLUMNS[2:], FIELDS, nums, strict=True):
            try:
                number = Decimal(str(value).strip()) if value not in (None, "") else Decimal(0)
            except InvalidOperation:
                errors.append(RowError(n, col, f"「{value}」不是数字"))
                continue
            if number < 0:
                errors.append(RowError(n, col, f"不能为负数（{value}）"))
            elif key != "fees_wan" and number != number.to_integral_value():
                errors.append(RowError(n, col, f"件数应为整数（{value}）"))
            else:
                parsed[key] = number if key == "fees_wan" else int(number)
        if unit is not None and isinstance(year, int):
            if (unit.pk, year) in seen:
                errors.append(
                    RowError(n, COLUMNS[0], f"{unit.code} {year}年与第{seen[unit.pk, year]}行重复")
                )
                continue
            seen[unit.pk, year] = n
            if len(parsed) == len(FIELDS):
                try:  # what the table itself checks (digits of the amount …)
                    ActiveCounts(unit=unit, year=year, **parsed).clean_fields(exclude=["unit"])
                except ValidationError as err:
                    for key, messages in err.message_dict.items():
                        column = COLUMNS[2 + FIELDS.index(key)] if key in FIELDS else key
                        errors.extend(RowError(n, column, str(m)) for m in messages)
            rows.append((unit, year, parsed))
    if errors:
        raise ImportRejected(filename, errors)
    with transaction.atomic():
        for done, (unit, year, counts) in enumerate(rows, 1):
            active_counts_save(unit=unit, year=year, actor=actor, **counts)
            if progress is not None:
                progress(done, len(rows))
    return len(rows)
