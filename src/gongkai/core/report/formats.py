"""The two national formats of the annual report, as data.

Labels are the exact official wording (国办公开办函〔2021〕30号 and the 2019 trial
format of 国办公开办函〔2019〕60号); they are not translated. Cell ids follow
``shared/spec/annual-report-format.md``: a cell is ``<row id>.<column id>``, e.g.
``apply.result.deny.state_secret.le_com``, ``active.admin_fees.amount_wan``,
``review.total``.

``match`` strings are what the readers look for in a printed label once it has
been folded by :func:`gongkai.core.report.parse.normalize.fold_label` (no numbering, no
punctuation, no spaces, simplified characters). They are deliberately short so
that truncated or reworded labels are still recognised; a label that matches but
is not the official wording is reported by the format rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cached_property

__all__ = [
    "FORMATS",
    "SECTIONS",
    "TABLE3_COLUMNS",
    "Block",
    "Column",
    "Kind",
    "ReportFormat",
    "Row",
    "SectionSpec",
    "TableSpec",
    "Version",
    "format_for_year",
]


class Version(StrEnum):
    """A format version, named by the year its format was issued."""

    V2019 = "2019"
    V2021 = "2021"


class Kind(Enum):
    """What a column holds."""

    COUNT = "count"  # an integer >= 0
    DELTA = "delta"  # a signed integer (2019 本年增/减)
    AMOUNT = "amount"  # a decimal >= 0 (万元, or a printed 采购总金额)


# Rows and columns are the format's singletons: compared and hashed by identity, which
# keeps the readers' caches keyed by them cheap.
@dataclass(frozen=True, eq=False)
class Column:
    id: str
    label: str
    kind: Kind = Kind.COUNT
    match: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Row:
    """A data row: a label followed by one value per column."""

    id: str
    label: str
    columns: tuple[Column, ...]
    match: tuple[str, ...]
    group: str | None = None  # the id of the virtual group row, e.g. apply.result.deny
    table: str = ""

    def cell_id(self, column: Column) -> str:
        return f"{self.id}.{column.id}"

    @property
    def cell_ids(self) -> tuple[str, ...]:
        return tuple(self.cell_id(c) for c in self.columns)


@dataclass(frozen=True)
class Block:
    """A block of Table 2, headed by 「第二十条第（X）项」."""

    id: str
    label: str
    item: str  # the Art. 20 item numeral, e.g. "一"
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Group:
    """A label-only row of Table 3 that heads numbered sub-rows (e.g. （三）不予公开)."""

    id: str
    label: str
    match: tuple[str, ...]
    rows: tuple[str, ...]  # ids of its sub-rows


@dataclass(frozen=True)
class TableSpec:
    id: str  # "active", "apply", "review"
    section: str  # "sec2", "sec3", "sec4"
    name: str  # 表二 …, used in messages
    title: str
    rows: tuple[Row, ...]
    blocks: tuple[Block, ...] = ()
    groups: tuple[Group, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    id: str
    numeral: str
    title: str
    match: tuple[str, ...]
    table: str | None = None


@dataclass(frozen=True)
class ReportFormat:
    version: Version
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionSpec, ...] = field(default=())

    @cached_property
    def rows(self) -> dict[str, Row]:
        return {row.id: row for table in self.tables for row in table.rows}

    @cached_property
    def cells(self) -> dict[str, tuple[Row, Column]]:
        """Every cell of the format, in table order: cell id -> (row, column)."""
        return {
            row.cell_id(c): (row, c) for t in self.tables for row in t.rows for c in row.columns
        }

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)


# --- Narrative sections -------------------------------------------------------------

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("sec1", "一", "一、总体情况", ("总体情况", "总体概述", "概述", "基本情况")),
    SectionSpec("sec2", "二", "二、主动公开政府信息情况", ("主动公开",), table="active"),
    SectionSpec(
        "sec3",
        "三",
        "三、收到和处理政府信息公开申请情况",
        ("收到和处理", "依申请公开", "政府信息公开申请"),
        table="apply",
    ),
    SectionSpec(
        "sec4",
        "四",
        "四、政府信息公开行政复议、行政诉讼情况",
        ("行政复议", "行政诉讼"),
        table="review",
    ),
    SectionSpec("sec5", "五", "五、存在的主要问题及改进情况", ("问题",)),
    SectionSpec("sec6", "六", "六、其他需要报告的事项", ("其他需要报告", "其他事项", "需要报告")),
)


# --- Table 2: 主动公开政府信息情况 ----------------------------------------------------


def _block(
    table: str,
    bid: str,
    item: str,
    columns: tuple[Column, ...],
    rows: list[tuple[str, str, tuple[str, ...]]],
) -> Block:
    return Block(
        id=bid,
        label=f"第二十条第（{item}）项",
        item=item,
        columns=columns,
        rows=tuple(Row(rid, label, columns, match, table=table) for rid, label, match in rows),
    )


def _active_2021() -> TableSpec:
    stock = (
        Column("issued", "本年制发件数", match=("制发",)),
        Column("repealed", "本年废止件数", match=("废止",)),
        Column("in_force", "现行有效件数", match=("现行有效",)),
    )
    decisions = (Column("decisions", "本年处理决定数量", match=("处理决定",)),)
    fees = (Column("amount_wan", "本年收费金额（单位：万元）", Kind.AMOUNT, match=("收费金额",)),)
    blocks = (
        _block(
            "active",
            "art20_1",
            "一",
            stock,
            [
                ("active.rules", "规章", ("规章",)),
                ("active.normative", "行政规范性文件", ("规范性文件",)),
            ],
        ),
        _block(
            "active", "art20_5", "五", decisions, [("active.licensing", "行政许可", ("行政许可",))]
        ),
        _block(
            "active",
            "art20_6",
            "六",
            decisions,
            [
                ("active.penalty", "行政处罚", ("行政处罚",)),
                ("active.coercion", "行政强制", ("行政强制",)),
            ],
        ),
        _block(
            "active",
            "art20_8",
            "八",
            fees,
            [("active.admin_fees", "行政事业性收费", ("行政事业性收费",))],
        ),
    )
    return TableSpec(
        "active",
        "sec2",
        "表二",
        "二、主动公开政府信息情况",
        rows=tuple(r for b in blocks for r in b.rows),
        blocks=blocks,
    )


def _active_2019() -> TableSpec:
    made = (
        Column("new_made", "本年新制作数量", match=("新制作",)),
        Column("new_published", "本年新公开数量", match=("新公开",)),
        Column("total_published", "对外公开总数量", match=("对外公开总数",)),
    )
    items = (
        Column("prev_items", "上一年项目数量", match=("上一年项目",)),
        Column("change", "本年增/减", Kind.DELTA, match=("增减", "增/减")),
        Column("decisions", "处理决定数量", match=("处理决定",)),
    )
    fee_items = items[:2]
    purchase = (
        Column("items", "采购项目数量", match=("采购项目",)),
        Column("amount", "采购总金额", Kind.AMOUNT, match=("采购总金额",)),
    )
    blocks = (
        _block(
            "active",
            "art20_1",
            "一",
            made,
            [
                ("active.rules", "规章", ("规章",)),
                ("active.normative", "规范性文件", ("规范性文件",)),
            ],
        ),
        _block(
            "active",
            "art20_5",
            "五",
            items,
            [
                ("active.licensing", "行政许可", ("行政许可",)),
                ("active.other_services", "其他对外管理服务事项", ("对外管理服务",)),
            ],
        ),
        _block(
            "active",
            "art20_6",
            "六",
            items,
            [
                ("active.penalty", "行政处罚", ("行政处罚",)),
                ("active.coercion", "行政强制", ("行政强制",)),
            ],
        ),
        _block(
            "active",
            "art20_8",
            "八",
            fee_items,
            [("active.admin_fees", "行政事业性收费", ("行政事业性收费",))],
        ),
        _block(
            "active",
            "art20_9",
            "九",
            purchase,
            [("active.procurement", "政府集中采购", ("集中采购",))],
        ),
    )
    return TableSpec(
        "active",
        "sec2",
        "表二",
        "二、主动公开政府信息情况",
        rows=tuple(r for b in blocks for r in b.rows),
        blocks=blocks,
    )


# --- Table 3: 收到和处理政府信息公开申请情况 -----------------------------------------------

TABLE3_COLUMNS: tuple[Column, ...] = (
    Column("np", "自然人", match=("自然人",)),
    Column("le_com", "商业企业", match=("商业企业",)),
    Column("le_res", "科研机构", match=("科研机构",)),
    Column("le_soc", "社会公益组织", match=("社会公益组织", "公益组织")),
    Column("le_law", "法律服务机构", match=("法律服务机构",)),
    Column("le_oth", "其他", match=("其他",)),
    Column("total", "总计", match=("总计", "合计")),
)
#: The 法人或其他组织 subtotal column some reports print between 其他 and 总计.
LE_SUBTOTAL = Column("le_subtotal", "小计", match=("小计",))
LEGAL_ENTITY_COLUMNS = ("le_com", "le_res", "le_soc", "le_law", "le_oth")
APPLICANT_COLUMNS = ("np", *LEGAL_ENTITY_COLUMNS)

_DENY = [
    ("state_secret", "1.属于国家秘密", ("国家秘密",)),
    (
        "law_prohibited",
        "2.其他法律行政法规禁止公开",
        ("禁止公开", "法律行政法规", "法律行政止公开"),
    ),
    ("security_stability", "3.危及“三安全一稳定”", ("三安全一稳定", "三安全")),
    ("third_party", "4.保护第三方合法权益", ("第三方合法权益", "第三方")),
    ("internal_affairs", "5.属于三类内部事务信息", ("内部事务",)),
    ("process_info", "6.属于四类过程性信息", ("过程性信息",)),
    ("enforcement_file", "7.属于行政执法案卷", ("执法案卷",)),
    ("admin_query", "8.属于行政查询事项", ("行政查询",)),
]
_UNABLE = [
    ("not_held", "1.本机关不掌握相关政府信息", ("不掌握",)),
    ("needs_creation", "2.没有现成信息需要另行制作", ("另行制作", "没有现成信息")),
    ("unclear_after_correction", "3.补正后申请内容仍不明确", ("仍不明确",)),
]
_REJECT = [
    ("petition", "1.信访举报投诉类申请", ("信访举报投诉", "信访")),
    ("duplicate", "2.重复申请", ("重复申请",)),
    ("publication", "3.要求提供公开出版物", ("公开出版物", "出版物")),
    ("mass_repetitive", "4.无正当理由大量反复申请", ("大量反复",)),
    ("confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息", ("重新出具", "确认或重新")),
]
_OTHER = [
    (
        "no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正", "不补正"),
    ),
    (
        "fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用", "收费通知"),
    ),
    ("misc", "3.其他", ("其他",)),
]


def _apply(version: Version) -> TableSpec:
    cols = TABLE3_COLUMNS

    def row(rid: str, label: str, match: tuple[str, ...], group: str | None = None) -> Row:
        return Row(rid, label, cols, match, group=group, table="apply")

    def group_rows(gid: str, items: list[tuple[str, str, tuple[str, ...]]]) -> list[Row]:
        return [row(f"{gid}.{key}", label, match, group=gid) for key, label, match in items]

    rows: list[Row] = [
        row("apply.new", "一、本年新收政府信息公开申请数量", ("本年新收",)),
        row("apply.carried_in", "二、上年结转政府信息公开申请数量", ("上年结转",)),
        row("apply.result.grant", "（一）予以公开", ("予以公开",)),
        row(
            "apply.result.partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ("部分公开",),
        ),
        *group_rows("apply.result.deny", _DENY),
        *group_rows("apply.result.unable", _UNABLE),
        *group_rows("apply.result.reject", _REJECT),
    ]
    groups = [
        Group(
            "apply.result.deny",
            "（三）不予公开",
            ("不予公开",),
            tuple(f"apply.result.deny.{k}" for k, _, _ in _DENY),
        ),
        Group(
            "apply.result.unable",
            "（四）无法提供",
            ("无法提供",),
            tuple(f"apply.result.unable.{k}" for k, _, _ in _UNABLE),
        ),
        Group(
            "apply.result.reject",
            "（五）不予处理",
            ("不予处理",),
            tuple(f"apply.result.reject.{k}" for k, _, _ in _REJECT),
        ),
    ]
    if version is Version.V2021:
        rows += group_rows("apply.result.other", _OTHER)
        groups.append(
            Group(
                "apply.result.other",
                "（六）其他处理",
                ("其他处理",),
                tuple(f"apply.result.other.{k}" for k, _, _ in _OTHER),
            )
        )
    else:
        rows.append(row("apply.result.other", "（六）其他处理", ("其他处理",)))
    rows += [
        row("apply.result.total", "（七）总计", ("总计",)),
        row("apply.carried_out", "四、结转下年度继续办理", ("结转下年度", "结转下一年度")),
    ]
    return TableSpec(
        "apply",
        "sec3",
        "表三",
        "三、收到和处理政府信息公开申请情况",
        rows=tuple(rows),
        groups=tuple(groups),
    )


# --- Table 4: 政府信息公开行政复议、行政诉讼情况 -----------------------------------------------

TABLE4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", match=("结果维持",)),
    Column("corrected", "结果纠正", match=("结果纠正",)),
    Column("other", "其他结果", match=("其他结果",)),
    Column("pending", "尚未审结", match=("尚未审结",)),
    Column("total", "总计", match=("总计",)),
)


def _review() -> TableSpec:
    rows = (
        Row("review", "行政复议", TABLE4_COLUMNS, ("行政复议",), table="review"),
        Row(
            "lit_direct", "行政诉讼/未经复议直接起诉", TABLE4_COLUMNS, ("直接起诉",), table="review"
        ),
        Row(
            "lit_after_review",
            "行政诉讼/复议后起诉",
            TABLE4_COLUMNS,
            ("复议后起诉",),
            table="review",
        ),
    )
    return TableSpec("review", "sec4", "表四", "四、政府信息公开行政复议、行政诉讼情况", rows=rows)


FORMATS: dict[Version, ReportFormat] = {
    Version.V2019: ReportFormat(
        Version.V2019, (_active_2019(), _apply(Version.V2019), _review()), SECTIONS
    ),
    Version.V2021: ReportFormat(
        Version.V2021, (_active_2021(), _apply(Version.V2021), _review()), SECTIONS
    ),
}


def format_for_year(year: int | None) -> Version | None:
    """The format a report for ``year`` must use: 2019 trial for 2019–2020, 2021 from 2021."""
    if year is None or year < 2019:
        return None
    return Version.V2019 if year <= 2020 else Version.V2021
