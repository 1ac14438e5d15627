"""The six narrative sections of the annual report, the same in both formats."""

from __future__ import annotations

from gongkai.core.report.formats.spec import SectionSpec

__all__ = ["SECTIONS"]

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
