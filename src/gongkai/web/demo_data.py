"""The demo county's data tables: its units, names, topics and how often each outcome,
category and channel occurs. Shared by 示例县 (``demo``) and the bulk city (``demo_bulk``)."""

from __future__ import annotations

COUNTY_CODE = "SLX"
DEMO_PASSWORD = "gongkai-demo"

DEPARTMENTS = [
    ("发展和改革局", "FGJ"),
    ("教育局", "JYJ"),
    ("公安局", "GAJ"),
    ("民政局", "MZJ"),
    ("自然资源局", "ZRZYJ"),
    ("住房和城乡建设局", "ZJJ"),
    ("生态环境分局", "STHJ"),
    ("市场监督管理局", "SCJGJ"),
]
TOWNSHIPS = [
    ("城关镇", "CGZ"),
    ("东河镇", "DHZ"),
    ("西岭乡", "XLX"),
    ("南湖街道", "NHJD"),
    ("北山乡", "BSX"),
    ("青石镇", "QSZ"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
COMPANIES = ["示例建材有限公司", "青石物流有限公司", "东河农业科技有限公司", "南湖置业有限公司"]
TOPICS = [
    "征收补偿安置方案",
    "建设项目环境影响评价批复",
    "年度财政预算执行情况",
    "某路段改造工程规划许可",
    "低保对象认定标准",
    "学校划片招生方案",
    "行政处罚决定书",
    "土地出让合同",
    "食品抽检结果",
    "拆迁补偿标准依据文件",
]
#: How often each outcome occurs (weights, roughly as in published county reports).
OUTCOME_WEIGHTS = {
    "apply.result.grant": 40,
    "apply.result.partial": 8,
    "apply.result.deny.state_secret": 1,
    "apply.result.deny.law_prohibited": 1,
    "apply.result.deny.security_stability": 1,
    "apply.result.deny.third_party": 3,
    "apply.result.deny.internal_affairs": 2,
    "apply.result.deny.process_info": 3,
    "apply.result.deny.enforcement_file": 1,
    "apply.result.deny.admin_query": 1,
    "apply.result.unable.not_held": 18,
    "apply.result.unable.needs_creation": 4,
    "apply.result.unable.unclear_after_correction": 1,
    "apply.result.reject.petition": 3,
    "apply.result.reject.duplicate": 3,
    "apply.result.reject.publication": 1,
    "apply.result.reject.mass_repetitive": 1,
    "apply.result.reject.confirm_or_reissue": 1,
    "apply.result.other.misc": 3,
}
LEGAL_BASIS = {
    "grant": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    "partial": "《中华人民共和国政府信息公开条例》第十五条",
    "deny": "《中华人民共和国政府信息公开条例》第十四条、第十五条、第十六条",
    "unable": "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第三十八条",
    "reject": "《中华人民共和国政府信息公开条例》第三十五条、第三十九条",
    "other": "《中华人民共和国政府信息公开条例》第三十条",
}
#: What the demo's clerks enter: the items to correct, and what a partial reply withholds.
CORRECTION_ITEMS = "所需政府信息的名称或者文号\n所需政府信息的大致形成时间和制作机关"
WITHHELD = "文件中涉及第三方个人信息（姓名、身份证号码、联系电话）的内容"
#: The demo units' document-number patterns (the county's is the default of those without).
NUMBER_PATTERNS = {
    COUNTY_CODE: "示政依申〔{年份}〕{序号}号",
    f"{COUNTY_CODE}-FGJ": "示发改依申〔{年份}〕{序号}号",
}
CATEGORY_WEIGHTS = {"np": 80, "le_com": 10, "le_res": 2, "le_soc": 2, "le_law": 4, "le_oth": 2}
CHANNEL_WEIGHTS = {
    "online": 45,
    "post_signed": 25,
    "in_person": 15,
    "post_ordinary": 5,
    "email": 7,
    "fax": 3,
}
