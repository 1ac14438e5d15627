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
#: The demo's telephone area code. No such code exists, so no demo number rings anyone:
#: 010 is Beijing's three-digit code, so no four-digit code begins with it, and no
#: Beijing number begins with 0. (0000 would read as a blank; this reads as a number.)
AREA_CODE = "0100"
#: Where each demo unit's office is (fictional streets of the county town, 城关镇).
ADDRESSES = {
    "": "示例县人民路1号县政府大院",
    "FGJ": "示例县人民路1号县政府大院3号楼",
    "JYJ": "示例县文化路15号",
    "GAJ": "示例县建设路88号",
    "MZJ": "示例县人民路36号",
    "ZRZYJ": "示例县新区大道12号",
    "ZJJ": "示例县新区大道16号",
    "STHJ": "示例县滨河路7号",
    "SCJGJ": "示例县建设路20号",
    "CGZ": "示例县城关镇府前街2号",
    "DHZ": "示例县东河镇东河大街10号",
    "XLX": "示例县西岭乡西岭村委会东侧",
    "NHJD": "示例县南湖街道湖滨路5号",
    "BSX": "示例县北山乡北山街1号",
    "QSZ": "示例县青石镇青石大街3号",
}


def office_phone(short: str) -> str:
    """A demo unit's office telephone (``short``: its code below the county, "" for the
    county), in the demo's fictional area code (:data:`AREA_CODE`)."""
    codes = ["", *(c for _, c in DEPARTMENTS), *(c for _, c in TOWNSHIPS)]
    i = codes.index(short)
    return f"{AREA_CODE}-8{5201000 + 1013 * i:07d}"


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
#: Organisations that apply, by applicant category (Table 3's columns): a 有限公司 is a
#: 商业企业, a 研究所 a 科研机构, a 协会 or 基金会 a 社会公益组织, a 律师事务所 a 法律服务机构.
#: Four of each, so that picking one draws from the random stream as before.
ORGANISATIONS = {
    "le_com": ["示例建材有限公司", "青石物流有限公司", "东河农业科技有限公司", "南湖置业有限公司"],
    "le_res": [
        "示例县农业科学研究所",
        "示例市环境科学研究院",
        "示例县水利水电勘测设计研究所",
        "示例大学城乡规划研究中心",
    ],
    "le_soc": [
        "示例县消费者协会",
        "示例县慈善基金会",
        "示例县青年志愿者协会",
        "示例县环保公益促进会",
    ],
    "le_law": ["示例律师事务所", "东河律师事务所", "示例县明正律师事务所", "南湖法律服务所"],
    "le_oth": [
        "东河镇青石村村民委员会",
        "示例县果蔬种植专业合作社",
        "南湖街道湖滨社区居民委员会",
        "示例县第一中学",
    ],
}
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
