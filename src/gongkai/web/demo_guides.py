"""The demo units' disclosure guides (政府信息公开指南, Art. 12 of the Regulations): what
each unit discloses and where, how to apply to it, its office's address, telephone and
hours, and how to complain. Fictional addresses of the county town and telephones in the
demo's fictional area code (``demo_data.AREA_CODE``)."""

from __future__ import annotations

from gongkai.web.demo_data import ADDRESSES, COUNTY_CODE, office_phone
from gongkai.web.units.models import Unit, UnitKind

#: The office hours every demo unit keeps.
HOURS = "工作日上午9:00-12:00、下午14:00-17:30（法定节假日除外）"


def demo_guide(unit: Unit) -> str:
    """``unit``'s disclosure guide, as its office would write it (plain text, one
    paragraph a line)."""
    short = unit.code.split("-")[1] if "-" in unit.code else ""
    phone = office_phone(short)
    fax = phone[:-1] + str((int(phone[-1]) + 1) % 10)
    office = "示例县人民政府办公室" if unit.code == COUNTY_CODE else f"{unit.name}办公室"
    website = "示例县人民政府门户网站" + ("" if unit.code == COUNTY_CODE else f"“{unit.name}”栏目")
    head = (
        f"为保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》"
        f"（以下简称《条例》），编制本指南。{unit.name}的政府信息公开工作由{office}负责。"
    )
    proactive = (
        f"一、主动公开。{unit.name}主动公开的政府信息见本单位政府信息公开目录，通过{website}、"
        "本门户“公开目录”以及县政府信息公开查阅点（见下文）公开。属于主动公开范围的政府信息，"
        "自形成或者变更之日起20个工作日内公开；法律、法规另有规定的，从其规定。"
    )
    if unit.kind == UnitKind.TOWNSHIP:
        proactive += "村（居）务公开事项在各村（社区）公开栏同步公布。"
    apply = (
        f"二、依申请公开。申请获取{unit.name}未主动公开的政府信息，可通过本门户在线提交申请，"
        "或者填写《政府信息公开申请表》后当面提交、邮寄或者传真。申请内容应包括申请人的姓名或者名称、"
        "身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径。"
        "能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复，"
        "需要延长答复期限的，经负责人同意并告知申请人，延长期限最长不超过20个工作日。"
        "提供政府信息不收取费用；申请数量、频次明显超过合理范围的，可以依法收取信息处理费。"
    )
    contact = (
        f"三、受理机构：{office}。地址：{ADDRESSES[short]}；"
        f"联系电话：{phone}；传真：{fax}；办公时间：{HOURS}。"
        "邮寄申请的，请在信封左下角注明“政府信息公开申请”字样。"
    )
    remedy = (
        "四、监督和救济。公民、法人或者其他组织认为本单位在政府信息公开工作中侵犯其合法权益的，"
        "可以向示例县人民政府办公室（县政务公开办）投诉、举报，也可以依法申请行政复议或者提起行政诉讼。"
    )
    return "\n\n".join((head, proactive, apply, contact, remedy))


def demo_guides(units: list[Unit]) -> None:
    """Every demo unit's guide written, as its office would in the admin."""
    for unit in units:
        unit.disclosure_guide = demo_guide(unit)
        unit.save(update_fields=["disclosure_guide"])
