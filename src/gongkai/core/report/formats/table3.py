"""Table 3 (收到和处理政府信息公开申请情况): the applicant columns, and the rows and
groups of each format. The 2021 format splits （六）其他处理 into three numbered
sub-rows; the 2019 trial format has it as one row.
"""

from __future__ import annotations

from gongkai.core.report.formats.spec import Column, Group, Row, TableSpec, Version

__all__ = [
    "APPLICANT_COLUMNS",
    "LEGAL_ENTITY_COLUMNS",
    "LE_SUBTOTAL",
    "TABLE3_COLUMNS",
    "apply",
]

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


def apply(version: Version) -> TableSpec:
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
