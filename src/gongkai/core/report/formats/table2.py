"""Table 2 (主动公开政府信息情况) of each format: its blocks, one per item of Art. 20
(「第二十条第（X）项」), each with its columns and rows. The 2019 trial format has more
blocks and other columns than the 2021 format.
"""

from __future__ import annotations

from gongkai.core.report.formats.spec import Block, Column, Kind, Row, TableSpec

__all__ = ["active_2019", "active_2021"]


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


def active_2021() -> TableSpec:
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


def active_2019() -> TableSpec:
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
