"""Table 4 (政府信息公开行政复议、行政诉讼情况): the same three rows and five columns in
both formats."""

from __future__ import annotations

from gongkai.core.report.formats.spec import Column, Row, TableSpec

__all__ = ["TABLE4_COLUMNS", "review"]

TABLE4_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", match=("结果维持",)),
    Column("corrected", "结果纠正", match=("结果纠正",)),
    Column("other", "其他结果", match=("其他结果",)),
    Column("pending", "尚未审结", match=("尚未审结",)),
    Column("total", "总计", match=("总计",)),
)


def review() -> TableSpec:
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
