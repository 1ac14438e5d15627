"""Each finding id as a problem is named in a bulletin (通报): one short phrase in the
words of official practice. A test keeps this table and the rule catalogue in step."""

from __future__ import annotations

__all__ = ["PROBLEMS", "problem_label"]

PROBLEMS: dict[str, str] = {
    "T3.E001": "表三各栏不符合「第一项加第二项之和等于第三项加第四项之和」的勾稽关系",
    "T3.E002": "表三「（七）总计」不等于各项办理结果之和",
    "T3.E003": "表三「总计」栏不等于各类申请人之和",
    "T3.E004": "表三「法人或其他组织」小计不等于其下五类之和",
    "T3.E005": "表三自行增设的小计行与所列各行之和不符",
    "T4.E001": "表四「总计」不等于结果维持、结果纠正、其他结果、尚未审结之和",
    "VAL.E001": "统计表单元格填写了非数字内容",
    "VAL.E002": "统计表填写了负数",
    "VAL.E003": "统计表件数填写了非整数",
    "VAL.W001": "统计表单元格留空，未填写「0」",
    "VAL.W002": "统计表以「/」「—」等符号代替「0」",
    "VAL.W003": "行政事业性收费金额未以万元为单位填写",
    "VAL.W004": "对外公开总数量小于本年新公开数量",
    "NAR.W001": "正文所述数字与统计表不一致",
    "NAR.W003": "正文沿用往年统计数字",
    "YR.W001": "表三「上年结转」与上年报告「结转下年度继续办理」不一致",
    "YR.I001": "规章、规范性文件现行有效件数与上年数据不衔接",
    "YR.W002": "跨年度核对所用报告不是同一机关上一年度的报告",
    "YR.W003": "正文内容与上年报告雷同",
    "FMT.W001": "2021年度及以后的报告仍使用2019年试行格式",
    "FMT.W002": "2019、2020年度报告使用了2021年格式",
    "FMT.W003": "统计表行、列名称与规定格式不一致",
    "FMT.W004": "统计表缺少规定格式中的行",
    "STRUCT.E001": "缺少统计表",
    "STRUCT.W001": "统计表部分行的单元格少于规定栏数",
    "STRUCT.W002": "统计表部分行的单元格多于规定栏数",
    "STRUCT.W003": "缺少条例第五十条规定的正文部分",
    "STRUCT.W004": "统计表同一行重复出现",
    "STRUCT.W005": "报告文本不完整",
    "STRUCT.W006": "统计表未填写任何数据",
    "STRUCT.W007": "正文各部分编号不规范",
    "STRUCT.W008": "开头所述部分数与正文不一致",
    "PUB.W001": "未在条例第四十九条规定的时限内公布年度报告",
    "T2.W001": "无规章制定权的机关填报了规章",
    "META.W001": "标题未写明报告年度",
    "META.W002": "标题未写明发布机关",
    "META.W003": "标题年度与统计期限不一致",
    "META.W004": "报告开头所称报告年度与统计期限不一致",
    "T2.W002": "表二现行有效件数少于本年制发件数减本年废止件数",
    "T2.W003": "表二本年新制作文件但新公开数量和对外公开总数量均为0",
    "VAL.W005": "统计表「总计」栏留空",
    "FMT.W005": "2021年格式的「行政规范性文件」仍写作「规范性文件」",
}


def problem_label(finding_id: str) -> str:
    """The phrase for ``finding_id``; an id not catalogued (a record of a later gongkai)
    is named by itself."""
    return PROBLEMS.get(finding_id, finding_id)
