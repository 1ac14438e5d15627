"""The demo county (示例县): fictional units, staff and realistic records.

Everything is made through the same services staff use, so the demo's data obeys
the same rules (deadlines, one outcome per application, audit log). Deterministic:
the same seed and ``as_of`` give the same county: the three years before ``as_of``'s
and its own year up to ``as_of``. It loads in one transaction: all or nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.web.applications import extensions
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import (
    OUTCOME_CHOICES,
    Appeal,
    AppealKind,
    AppealResult,
    Application,
    Category,
    Channel,
    Event,
    EventKind,
    FormWanted,
    ServiceMethod,
    Status,
)
from gongkai.web.proactive.demo_columns import demo_columns
from gongkai.web.proactive.models import ActiveCounts, CatalogueItem, DocKind, ItemStatus
from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportVersion, Scope
from gongkai.web.units.models import Role, Unit, UnitKind
from gongkai.web.units.services import membership_grant, unit_create
from gongkai.web.workdays.services import work_calendar

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


@dataclass
class DemoResult:
    units: int
    applications: int
    users: list[tuple[str, str]]


def demo_loaded() -> bool:
    return Unit.objects.filter(code=COUNTY_CODE).exists()


#: Everyone who can log in to the demo, as the login page names them.
DEMO_ACCOUNTS = (
    ("admin", "系统管理员（管理后台）"),
    ("office", "县政务公开办（全县，含审核）"),
    ("supervisor", "县监督员（只读）"),
    ("clerk_county", "县政府办经办人"),
    *(
        (f"{role}_{code.lower()}", f"示例县{name}{label}")
        for name, code in DEPARTMENTS + TOWNSHIPS
        for role, label in (("clerk", "经办人"), ("reviewer", "审核人"))
    ),
)


def load_demo(
    *,
    as_of: date,
    seed: int = 2023,
    per_unit_year: int = 70,
    years: tuple[int, ...] | None = None,
) -> DemoResult:
    """Load 示例县 (once), in one transaction: on any failure nothing is left. ``years``
    (default: the three years before ``as_of``'s) get ``per_unit_year`` applications per
    unit, and ``as_of``'s year open ones up to ``as_of``."""
    if years is None:
        years = (as_of.year - 3, as_of.year - 2, as_of.year - 1)
    with transaction.atomic():
        return _load(as_of=as_of, seed=seed, per_unit_year=per_unit_year, years=years)


def _load(*, as_of: date, seed: int, per_unit_year: int, years: tuple[int, ...]) -> DemoResult:
    rnd = random.Random(seed)
    county, units, users = _units_and_staff()
    reviewers = {
        u.pk: users[f"reviewer_{u.code.lower()}"]
        for u in units
        if f"reviewer_{u.code.lower()}" in users
    }
    cal = work_calendar()
    count = 0
    for year in years:
        for unit in units:
            reviewer = reviewers.get(unit.pk, users["office"])
            count += _applications(rnd, unit, year, per_unit_year, as_of, reviewer, cal)
            _catalogue_and_counts(rnd, unit, year)
    current = as_of.year
    if current not in years:
        for unit in units:
            reviewer = reviewers.get(unit.pk, users["office"])
            count += _applications(rnd, unit, current, per_unit_year // 3, as_of, reviewer, cal)
    count += _repeat_applicant(units, as_of, seed, users["office"], cal)
    _reports(county, years, users["office"], users["clerk_county"])
    count += _work_in_hand(units, users, as_of, years[-1], cal)
    _letters(county, users["office"], as_of)
    _extension_requests(units, users, as_of)
    demo_columns(units, as_of)
    from gongkai.web.evaluations.demo import demo_evaluation

    demo_evaluation(units=[u for u in units if u != county], year=years[-1], office=users["office"])
    accounts = [(name, DEMO_PASSWORD) for name, _label in DEMO_ACCOUNTS]
    return DemoResult(units=len(units), applications=count, users=accounts)


def demo_email(username: str) -> str:
    """A demo account's e-mail address, in a domain reserved for examples (RFC 2606)."""
    return f"{username.replace('_', '.')}@slx.example"


def _units_and_staff() -> tuple[Unit, list[Unit], dict[str, Any]]:
    User = get_user_model()
    county = unit_create(name="示例县人民政府", code=COUNTY_CODE, kind=UnitKind.GOVERNMENT)
    units = [county]
    for name, code in DEPARTMENTS:
        units.append(
            unit_create(
                name=f"示例县{name}",
                code=f"{COUNTY_CODE}-{code}",
                kind=UnitKind.DEPARTMENT,
                parent=county,
            )
        )
    for name, code in TOWNSHIPS:
        units.append(
            unit_create(
                name=f"示例县{name}",
                code=f"{COUNTY_CODE}-{code}",
                kind=UnitKind.TOWNSHIP,
                parent=county,
            )
        )
    users: dict[str, Any] = {}

    hashed = make_password(DEMO_PASSWORD)  # hashing is slow on purpose: once for all demo accounts

    def user(username: str, full: str, **extra: Any) -> Any:
        u = User.objects.create(
            username=username, password=hashed, first_name=full, email=demo_email(username), **extra
        )
        users[username] = u
        return u

    user("admin", "系统管理员", is_staff=True, is_superuser=True)
    membership_grant(user=user("office", "县政务公开办"), unit=county, role=Role.OFFICE)
    membership_grant(user=users["office"], unit=county, role=Role.REVIEWER)
    membership_grant(user=user("supervisor", "县监督员"), unit=county, role=Role.SUPERVISOR)
    for unit in units[1:]:
        short = unit.code.split("-")[1].lower()
        membership_grant(
            user=user(f"clerk_{short}", f"{unit.name}经办人"), unit=unit, role=Role.CLERK
        )
        membership_grant(
            user=user(f"reviewer_{short}", f"{unit.name}审核人"), unit=unit, role=Role.REVIEWER
        )
    membership_grant(user=user("clerk_county", "县政府办经办人"), unit=county, role=Role.CLERK)
    return county, units, users


def _pick(rnd: random.Random, weights: dict[str, int]) -> str:
    return rnd.choices(list(weights), weights=list(weights.values()))[0]


def _person(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))


def _applications(
    rnd: random.Random, unit: Unit, year: int, n: int, as_of: date, reviewer: Any, cal: Any
) -> int:
    made = 0
    last_day = min(date(year, 12, 31), as_of)
    span = (last_day - date(year, 1, 1)).days
    if span < 0:
        return 0
    for _ in range(n):
        received = date(year, 1, 1) + timedelta(days=rnd.randint(0, span))
        while not cal.is_working_day(received):
            received += timedelta(days=1)
        if received > as_of:
            continue
        category = _pick(rnd, CATEGORY_WEIGHTS)
        channel = _pick(rnd, CHANNEL_WEIGHTS)
        submitted = (
            received - timedelta(days=rnd.randint(0, 3))
            if channel != Channel.IN_PERSON
            else received
        )
        name = _person(rnd) if category == Category.NATURAL_PERSON else rnd.choice(COMPANIES)
        app = apps.application_register(
            unit=unit,
            channel=channel,
            category=category,
            applicant_name=name,
            id_number=f"1301{rnd.randint(10**13, 10**14 - 1)}"
            if category == Category.NATURAL_PERSON
            else "",
            phone=f"13{rnd.randint(100000000, 999999999)}",
            address=f"示例县{rnd.choice(TOWNSHIPS)[0]}{rnd.randint(1, 200)}号",
            description=f"申请公开{unit.name}{rnd.choice(TOPICS)}（{year}年）",
            form_wanted=rnd.choice(FormWanted.values),
            submitted_on=submitted,
            received_on=received,
            as_of=as_of,
        )
        made += 1
        _life(rnd, app, as_of, reviewer, cal)
    return made


def _repeat_applicant(units: list[Unit], as_of: date, seed: int, reviewer: Any, cal: Any) -> int:
    """One person who applies again and again, to several units (条例第三十五条): the
    ledger's search and each application's "other applications" find them all. A random
    generator of its own, so that the rest of the demo stays as it was."""
    rnd = random.Random(seed + 35)
    made = 0
    for n, unit in enumerate(units[1:5]):
        received = cal.add_working_days(date(as_of.year - 1, 3, 2), 40 * n)
        if received > as_of:
            continue
        app = apps.application_register(
            unit=unit,
            channel=Channel.ONLINE,
            category=Category.NATURAL_PERSON,
            applicant_name="钱多问",
            id_number="130102198507153516",
            phone="13703110035",
            address="示例县城关镇解放路35号",
            description=f"申请公开{unit.name}近三年全部会议纪要、内部请示及领导批示（{received.year}年）",
            form_wanted=FormWanted.ELECTRONIC,
            submitted_on=received,
            received_on=received,
            as_of=as_of,
        )
        made += 1
        _life(rnd, app, as_of, reviewer, cal)
    return made


def _life(rnd: random.Random, app: Application, as_of: date, reviewer: Any, cal: Any) -> None:
    """Walk one application through a plausible life, stopping at ``as_of``. ``day`` is the
    date of the latest step, so that each step (the reply last) comes after the one before."""
    assert app.received_on is not None
    day = app.received_on
    roll = rnd.random()
    if roll < 0.10:  # a correction notice
        sent = cal.add_working_days(day, rnd.randint(1, 6))
        if sent > as_of:
            return
        deadline = cal.add_working_days(sent, 10)
        app = apps.application_correction_notice(
            application=app,
            on=sent,
            deadline=deadline,
            note=CORRECTION_ITEMS,
            actor=None,
            as_of=as_of,
        )
        if rnd.random() < 0.3:
            lapse = cal.add_working_days(deadline, 1)
            if lapse <= as_of:
                apps.application_correction_lapsed(
                    application=app, on=lapse, actor=None, as_of=as_of
                )
            return
        back = cal.add_working_days(sent, rnd.randint(1, 9))
        if back > as_of:
            return
        app = apps.application_correction_received(
            application=app, on=back, actor=None, as_of=as_of
        )
        day = back
    elif roll < 0.14:  # a fee notice
        sent = cal.add_working_days(day, rnd.randint(3, 10))
        if sent > as_of:
            return
        deadline = cal.add_working_days(sent, 20)
        app = apps.application_fee_notice(
            application=app,
            on=sent,
            deadline=deadline,
            amount_yuan=rnd.choice((100, 200, 400)),
            actor=None,
            as_of=as_of,
        )
        if rnd.random() < 0.4:
            lapse = cal.add_working_days(deadline, 1)
            if lapse <= as_of:
                apps.application_fee_lapsed(application=app, on=lapse, actor=None, as_of=as_of)
            return
        paid = cal.add_working_days(sent, rnd.randint(1, 15))
        if paid > as_of:
            return
        app = apps.application_fee_paid(application=app, on=paid, actor=None, as_of=as_of)
        day = paid
    if rnd.random() < 0.08:  # a third-party consultation
        sent = cal.add_working_days(day, rnd.randint(2, 8))
        if sent > as_of:
            return
        answered = cal.add_working_days(sent, rnd.randint(3, 15))
        app = apps.application_consultation_start(
            application=app,
            on=sent,
            party="第三方企业",
            party_kind="third_party",
            actor=None,
            as_of=as_of,
            answered_on=answered if answered <= as_of else None,
        )
        if answered > as_of:
            return
        day = answered
    if rnd.random() < 0.07 and app.due_on is not None:  # an approved extension
        on = app.due_on - timedelta(days=rnd.randint(1, 5))
        on = max(on, day)
        if on > as_of:
            return
        # Asked for (by the clerk: the demo's steps have no actor) and approved by the reviewer.
        asked = extensions.extension_request(
            application=app,
            on=on,
            days=rnd.choice((10, 15, 20)),
            reason="申请内容涉及多个年度的档案，需要调取和整理",
            actor=None,
            as_of=as_of,
        )
        extensions.extension_approve(request=asked, on=on, actor=reviewer, as_of=as_of)
        app = Application.objects.get(pk=app.pk)
        day = on
    assert app.due_on is not None
    # Most replies are on time; a few are late.
    latest = (
        app.due_on if rnd.random() < 0.96 else cal.add_working_days(app.due_on, rnd.randint(1, 8))
    )
    earliest = cal.add_working_days(day, 1)
    reply = earliest + timedelta(days=rnd.randint(0, max(0, (latest - earliest).days)))
    if reply > as_of:
        return
    outcome = _pick(rnd, OUTCOME_WEIGHTS)
    group = outcome.split(".")[2]
    apps.application_reply(
        application=app,
        on=reply,
        outcome=outcome,
        legal_basis=LEGAL_BASIS[group],
        service_method=rnd.choice(ServiceMethod.values),
        withheld=WITHHELD if group == "partial" else "",
        actor=None,
        as_of=as_of,
    )
    if group in ("deny", "unable", "reject") and rnd.random() < 0.05:
        _appeal(rnd, app, reply, as_of)


def _appeal(rnd: random.Random, app: Application, replied: date, as_of: date) -> None:
    kind = rnd.choices(AppealKind.values, weights=(6, 3, 1))[0]
    filed = replied + timedelta(days=rnd.randint(10, 55))
    if filed > as_of:
        return
    decided = filed + timedelta(days=rnd.randint(30, 150))
    if decided > as_of or rnd.random() < 0.15:
        Appeal.objects.create(unit=app.unit, application=app, kind=kind, filed_on=filed)
        return
    result = rnd.choices(
        [AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER], weights=(7, 2, 1)
    )[0]
    Appeal.objects.create(
        unit=app.unit, application=app, kind=kind, filed_on=filed, decided_on=decided, result=result
    )


def _letters(county: Unit, office: Any, as_of: date) -> None:
    """Numbered letters on the demo: the units' number patterns and the county's contact
    line, and in the two first departments the letters of the latest steps of each kind
    (numbered in the order issued), the replies delivered."""
    from gongkai.web.applications import letter_services as letters
    from gongkai.web.applications.letter_models import DeliveryMethod
    from gongkai.web.applications.models import EventKind

    for code, pattern in NUMBER_PATTERNS.items():
        letters.letter_numbering_save(
            unit=Unit.objects.get(code=code), pattern=pattern, actor=office
        )
    for kind, closing in (("reply", "特此答复。"), ("correction", "特此告知。")):
        letters.letter_wording_save(
            unit=county,
            kind=kind,
            notes="",
            closing=closing,
            signature="{机关名称}",
            contact="联系人：{机关名称}办公室　联系电话：0000-1234567",
            actor=office,
        )
    kinds = {
        EventKind.CORRECTION_NOTICE: "correction",
        EventKind.CONSULTATION: "consultation",
        EventKind.EXTENSION: "extension",
        EventKind.REPLY: "reply",
    }
    for code in (f"{COUNTY_CODE}-FGJ", f"{COUNTY_CODE}-JYJ"):
        events = (
            Event.objects.filter(
                application__unit__code=code, kind__in=list(kinds), on__year=as_of.year
            )
            .select_related("application")
            .order_by("on", "pk")
        )
        latest = {e.kind: e for e in events}
        for event in sorted(latest.values(), key=lambda e: (e.on, e.pk)):
            issued = letters.letter_issue(
                application=event.application,
                kind=kinds[EventKind(event.kind)],
                event=event,
                actor=office,
                as_of=as_of,
            )
            if event.kind == EventKind.REPLY:
                method = {
                    ServiceMethod.DIRECT: DeliveryMethod.IN_PERSON,
                    ServiceMethod.POST: DeliveryMethod.POST,
                }.get(ServiceMethod(event.service_method), DeliveryMethod.EMAIL)
                letters.letter_delivery_record(
                    letter=issued,
                    method=method,
                    on=event.on,
                    tracking_number=f"KD{event.on:%Y%m%d}{event.pk:06d}"
                    if method == DeliveryMethod.POST
                    else "",
                    actor=office,
                    as_of=as_of,
                )


def _catalogue_and_counts(rnd: random.Random, unit: Unit, year: int) -> None:
    seq = CatalogueItem.objects.filter(unit=unit).count()
    for i in range(rnd.randint(2, 6)):
        seq += 1
        published = date(year, rnd.randint(1, 12), rnd.randint(1, 28))
        kind = DocKind.NORMATIVE if i < 2 and unit.kind != UnitKind.TOWNSHIP else DocKind.ORDINARY
        CatalogueItem.objects.create(
            unit=unit,
            index_no=f"{unit.code}/{year}-{seq:05d}",
            publisher=unit.name,
            doc_number=f"{unit.name[:3]}发〔{year}〕{seq}号" if kind == DocKind.NORMATIVE else "",
            title=f"{unit.name}关于{rnd.choice(TOPICS)}的{'通知' if kind == DocKind.NORMATIVE else '公告'}",
            written_on=published - timedelta(days=rnd.randint(1, 10)),
            published_on=published,
            topic=1 if kind == DocKind.NORMATIVE else rnd.randint(2, 15),
            kind=kind,
            issued_on=published if kind == DocKind.NORMATIVE else None,
            body="（示例正文）",
            status=ItemStatus.PUBLISHED,
            secrecy_reviewed=True,
        )
    # Repeal one older normative document now and then.
    old = CatalogueItem.objects.filter(
        unit=unit, kind=DocKind.NORMATIVE, repealed_on=None, issued_on__lt=date(year, 1, 1)
    ).first()
    if old is not None and rnd.random() < 0.5:
        old.repealed_on = date(year, rnd.randint(1, 12), rnd.randint(1, 28))
        old.save(update_fields=["repealed_on"])
    ActiveCounts.objects.create(
        unit=unit,
        year=year,
        licensing=rnd.randint(0, 400) if unit.kind != UnitKind.TOWNSHIP else rnd.randint(0, 20),
        penalty=rnd.randint(0, 300) if unit.kind == UnitKind.DEPARTMENT else rnd.randint(0, 10),
        coercion=rnd.randint(0, 30) if unit.kind == UnitKind.DEPARTMENT else 0,
        fees_wan=Decimal(rnd.randint(0, 5_000_000)) / 100
        if unit.kind == UnitKind.DEPARTMENT
        else Decimal(0),
    )


def _received_for_due(cal: Any, due: date) -> date:
    """The latest working day whose 20-working-day reply limit falls on or before ``due``."""
    day = due
    while not (cal.is_working_day(day) and cal.add_working_days(day, 20) <= due):
        day -= timedelta(days=1)
    return day


def _work_in_hand(
    units: list[Unit], users: dict[str, Any], as_of: date, last_year: int, cal: Any
) -> int:
    """What the reminders and the work queue show on any ``as_of``: at 发展和改革局 a
    reply due within three working days and an overdue one, at 教育局 one due soon; the
    last year's own reports of 发展和改革局 (submitted, waiting for approval) and of 教育局
    (returned by its reviewer); and catalogue items waiting for review. No randomness:
    the rest of the demo is the same with or without them."""
    by_code = {u.code: u for u in units}
    fgj, jyj = by_code[f"{COUNTY_CODE}-FGJ"], by_code[f"{COUNTY_CODE}-JYJ"]
    cases = [
        (
            fgj,
            cal.add_working_days(as_of, 2),
            "刘明",
            "申请公开示例县发展和改革局年度重点项目审批清单",
        ),
        (fgj, as_of - timedelta(days=3), "陈静", "申请公开示例县发展和改革局价格监测报告"),
        (jyj, cal.add_working_days(as_of, 1), "周磊", "申请公开示例县教育局校车服务采购合同"),
    ]
    for unit, due, name, description in cases:
        received = _received_for_due(cal, due)
        apps.application_register(
            unit=unit,
            channel=Channel.IN_PERSON,
            category=Category.NATURAL_PERSON,
            applicant_name=name,
            description=description,
            form_wanted=FormWanted.ELECTRONIC,
            submitted_on=received,
            received_on=received,
            as_of=as_of,
            actor=users[f"clerk_{unit.code.split('-')[1].lower()}"],
        )
    clerk_fgj, reviewer_jyj = users["clerk_fgj"], users["reviewer_jyj"]
    v = reports.report_version_open(unit=fgj, year=last_year, scope=Scope.UNIT, actor=clerk_fgj)
    reports.report_submit(version=v, actor=clerk_fgj)
    v = reports.report_version_open(
        unit=jyj, year=last_year, scope=Scope.UNIT, actor=users["clerk_jyj"]
    )
    v = reports.report_submit(version=v, actor=users["clerk_jyj"])
    reports.report_return(
        version=v, reason="第三部分申请数量与台账不一致，请核对后重新提交。", actor=reviewer_jyj
    )
    for i, title in enumerate(("关于开展年度价格监督检查的通知", "重点项目建设进展情况公告"), 1):
        CatalogueItem.objects.create(
            unit=fgj,
            index_no=f"{fgj.code}/{as_of.year}-D{i:04d}",
            publisher=fgj.name,
            title=f"{fgj.name}{title}",
            written_on=as_of,
            topic=2,
            body="（示例正文，待保密审查）",
            status=ItemStatus.DRAFT,
        )
    return len(cases)


def _extension_requests(units: list[Unit], users: dict[str, Any], as_of: date) -> None:
    """An extension request of this year waiting for each of the first three departments'
    reviewers, asked today by the department's clerk: the reviewers' work queue shows it."""
    for unit in units[1:4]:
        short = unit.code.split("-")[1].lower()
        app = (
            Application.objects.filter(
                unit=unit, status=Status.IN_PROGRESS, due_on__gte=as_of, received_on__lte=as_of
            )
            .exclude(events__kind=EventKind.EXTENSION)
            .order_by("due_on", "pk")
            .first()
        )
        if app is not None:
            extensions.extension_request(
                application=app,
                on=as_of,
                days=15,
                reason="需向多个科室调取材料并逐项核对，难以在规定期限内答复",
                actor=users[f"clerk_{short}"],
                as_of=as_of,
            )


def _reports(county: Unit, years: tuple[int, ...], office: Any, clerk: Any) -> None:
    """The county's roll-up reports: earlier years published, the last one a draft."""
    for year in years:
        roll_up_report(
            county,
            year,
            office,
            submitter=clerk,
            sec1=f"{year}年，示例县人民政府深入贯彻《中华人民共和国政府信息公开条例》，围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面推进政务公开工作。",
            sec5=f"{year}年工作中仍存在公开内容不够全面、基层人员业务能力有待提升等问题。下一步将加强培训，完善制度。",
            publish=year != years[-1],
        )


def roll_up_report(
    unit: Unit,
    year: int,
    office: Any,
    *,
    sec1: str,
    sec5: str,
    publish: bool,
    submitter: Any = None,
) -> None:
    """A demo unit's roll-up report of ``year`` with its narrative, if ``publish`` taken
    through submission (by ``submitter``, else by no one named: the demo loaded it),
    approval and publication by the office — never the submitter (four eyes)."""
    v = reports.report_version_open(unit=unit, year=year, scope=Scope.SUBTREE, actor=office)
    v = reports.report_save_narrative(
        version=v, sec1=sec1, sec5=sec5, sec6="本年度未收取信息处理费。", actor=office
    )
    if publish:
        v = reports.report_submit(version=v, actor=submitter)
        v = reports.report_approve(version=v, actor=office)
        v = reports.report_publish(version=v, actor=office)
        # Published on time (Art. 49: a department by 31 January, the county by 31 March),
        # not on the day the demo was loaded.
        on_time = datetime(year + 1, 1, 20, 10, tzinfo=timezone.get_current_timezone())
        ReportVersion.objects.filter(pk=v.pk).update(published_at=min(on_time, timezone.now()))


__all__ = [
    "COUNTY_CODE",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "OUTCOME_CHOICES",
    "demo_loaded",
    "load_demo",
]
