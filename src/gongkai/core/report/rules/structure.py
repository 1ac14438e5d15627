"""Structure and format-version rules: tables, rows and sections a report must print,
in the format of its year."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.core.report.formats import FORMATS, SECTIONS, Version, format_for_year
from gongkai.core.report.model import AnnualReport, Finding, Location
from gongkai.core.report.parse.normalize import fold_label
from gongkai.core.report.rules._util import TABLE_NAMES, spec_rows
from gongkai.core.report.rules.catalogue import make

_OTHER = "apply.result.other"
_OTHER_ITEMS = tuple(r.id for r in FORMATS[Version.V2021].table("apply").rows if r.group == _OTHER)
_NARRATIVE = ("sec1", "sec5", "sec6")


def check(report: AnnualReport) -> Iterator[Finding]:
    yield from _meta(report)
    yield from _version(report)
    yield from _labels(report)
    yield from _missing(report)


def _meta(report: AnnualReport) -> Iterator[Finding]:
    if report.year is None:
        yield make("META.W001", Location(line=1), "未能从标题或正文中读出报告年度")
    if report.body is None:
        yield make("META.W002", Location(line=1), "未能从标题或正文中读出发布机关")


def _version(report: AnnualReport) -> Iterator[Finding]:
    expected = format_for_year(report.year)
    if expected is None:
        return
    if "active" in report.tables and report.format is not None and report.format is not expected:
        rule = "FMT.W001" if expected is Version.V2021 else "FMT.W002"
        yield make(
            rule,
            Location(table="active", table_label="表二", line=report.tables["active"]),
            f"{report.year}年度报告的表二使用了{report.format.value}年格式的栏目，应使用{expected.value}年格式",
        )
    printed_items = [r for r in _OTHER_ITEMS if r in report.rows]
    if expected is Version.V2021 and _OTHER in report.rows and not printed_items:
        shape = report.rows[_OTHER]
        yield make(
            "FMT.W001",
            Location(
                table="apply",
                table_label="表三",
                row=_OTHER,
                row_label="（六）其他处理",
                line=shape.line,
            ),
            f"{report.year}年度报告的表三将「（六）其他处理」印作一行（2019年试行格式）；"
            "2021年格式分为「1.申请人无正当理由逾期不补正…」「2.申请人逾期未按收费通知要求缴纳费用…」「3.其他」三行",
        )
    if expected is Version.V2019 and printed_items:
        shape = report.rows[printed_items[0]]
        yield make(
            "FMT.W002",
            Location(table="apply", table_label="表三", row=printed_items[0], line=shape.line),
            f"{report.year}年度报告的表三将「（六）其他处理」分为{len(printed_items)}行（2021年格式）；"
            "2019年试行格式中该项为一行",
        )


def _labels(report: AnnualReport) -> Iterator[Finding]:
    rows = spec_rows(report)
    for row_id, shape in report.rows.items():
        row = rows.get(row_id)
        if row is None or row.table == "review":
            continue
        official = fold_label(row.label)
        printed = fold_label(shape.label)
        if official in printed:
            continue
        if row_id == "active.normative" and report.format is Version.V2021:
            # The 2021 format renamed the row; the old name is its own, common finding.
            yield make(
                "FMT.W005",
                Location(
                    table=row.table,
                    table_label=TABLE_NAMES[row.table],
                    row=row_id,
                    row_label=row.label,
                    line=shape.line,
                ),
                f"表二第{shape.line}行印作「{shape.label.strip()}」；2021年格式为「行政规范性文件」",
            )
            continue
        yield make(
            "FMT.W003",
            Location(
                table=row.table,
                table_label=TABLE_NAMES[row.table],
                row=row_id,
                row_label=row.label,
                line=shape.line,
            ),
            f"{TABLE_NAMES[row.table]}第{shape.line}行印作「{shape.label.strip()}」，官方格式为「{row.label}」",
        )


def _missing(report: AnnualReport) -> Iterator[Finding]:
    version = report.format or format_for_year(report.year) or Version.V2021
    spec = FORMATS[version]
    cut = report.truncated_after
    after_cut: list[str] = []
    for table in spec.tables:
        if table.id not in report.tables:
            if cut is not None and _after_cut(report, table.section):
                # The text ends before the table's place: whether the report lacks it or
                # only this copy of its text does is not certain, so it is no error of the
                # report's; STRUCT.W005 names it among what the text does not reach.
                after_cut.append(table.name)
                continue
            title = table.title.split("、", 1)[1]
            yield make(
                "STRUCT.E001",
                Location(table=table.id, table_label=table.name, section=table.section),
                f"未见{table.name}「{title}」",
            )
            continue
        missing = [r for r in table.rows if r.id not in report.rows and not _covered(report, r.id)]
        if not missing:
            continue
        if cut is not None and _last_printed_table(report) == table.id:
            after_cut.append(f"{table.name}" + "、".join(f"「{r.label}」" for r in missing) + "行")
            continue
        for r in missing:
            yield make(
                "FMT.W004",
                Location(table=table.id, table_label=table.name, row=r.id, row_label=r.label),
                f"{table.name}缺少「{r.label}」行",
            )
    for sec in SECTIONS:
        if sec.id not in _NARRATIVE or sec.id in report.sections:
            continue
        if cut is not None and _after_cut(report, sec.id):
            after_cut.append(sec.title)
        else:
            yield make(
                "STRUCT.W003", Location(section=sec.id), f"未见第{sec.numeral}部分「{sec.title}」"
            )
    if cut:
        yield make(
            "STRUCT.W005",
            Location(line=report.end_line),
            f"文本在{cut}之后结束，报告不完整；未见：{'；'.join(after_cut) if after_cut else '其后内容'}",
        )


def _after_cut(report: AnnualReport, section: str) -> bool:
    """Would ``section`` come after the place the text ends? True when the text has no
    later section heading than it (the heading itself may be the last thing printed)."""
    order = [s.id for s in SECTIONS]
    printed = [order.index(s) for s in report.sections if s in order]
    last = max(printed, default=-1)
    return order.index(section) >= last


def _covered(report: AnnualReport, row_id: str) -> bool:
    """A 2021 （六） sub-row is accounted for when the report prints （六） as one row
    (reported once by the format rule), and the single 2019 row when the sub-rows are printed."""
    if row_id in _OTHER_ITEMS:
        return _OTHER in report.rows
    if row_id == _OTHER:
        return any(r in report.rows for r in _OTHER_ITEMS)
    return False


def _last_printed_table(report: AnnualReport) -> str | None:
    if not report.tables:
        return None
    return max(report.tables.items(), key=lambda kv: kv[1])[0]
