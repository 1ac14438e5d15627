"""The demo county's applications: their lives through the staff services (corrections,
fees, consultations, extensions, replies, appeals), the numbered letters, and the work in
hand that the reminders and the work queue show on ``as_of``."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from gongkai.web.applications import extensions
from gongkai.web.applications import services as apps
from gongkai.web.applications.models import (
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
from gongkai.web.demo_data import (
    CATEGORY_WEIGHTS,
    CHANNEL_WEIGHTS,
    CORRECTION_ITEMS,
    COUNTY_CODE,
    GIVEN,
    LEGAL_BASIS,
    NUMBER_PATTERNS,
    ORGANISATIONS,
    OUTCOME_WEIGHTS,
    SURNAMES,
    TOPICS,
    TOWNSHIPS,
    WITHHELD,
    office_phone,
)
from gongkai.web.proactive.models import CatalogueItem, ItemStatus
from gongkai.web.reports import services as reports
from gongkai.web.reports.models import ReportStatus, Scope
from gongkai.web.units.models import Unit


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
        name = (
            _person(rnd)
            if category == Category.NATURAL_PERSON
            else rnd.choice(ORGANISATIONS[category])
        )
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


#: The closing line of each kind of the demo's letters.
CLOSINGS = (
    ("reply", "特此答复。"),
    ("correction", "特此告知。"),
    ("extension", "特此告知。"),
    ("consultation", "特此函告。"),
)


def _letters(county: Unit, office: Any, as_of: date) -> None:
    """Numbered letters on the demo: the units' number patterns and contact lines, and in the two first departments the letters of the latest steps of each kind
    (numbered in the order issued), the replies delivered."""
    from gongkai.web.applications import letter_services as letters
    from gongkai.web.applications.letter_models import DeliveryMethod
    from gongkai.web.applications.models import EventKind

    for code, pattern in NUMBER_PATTERNS.items():
        letters.letter_numbering_save(
            unit=Unit.objects.get(code=code), pattern=pattern, actor=office
        )
    # Each unit's contact line gives its own office's telephone, as its guide does.
    for unit in Unit.objects.filter(path__startswith=county.path):
        phone = office_phone(unit.code.split("-")[1] if "-" in unit.code else "")
        for kind, closing in CLOSINGS:
            letters.letter_wording_save(
                unit=unit,
                kind=kind,
                notes="",
                closing=closing,
                signature="{机关名称}",
                contact=f"联系人：{{机关名称}}办公室　联系电话：{phone}",
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
    (returned by its reviewer) — a new version correcting the published one once it is out; and catalogue items waiting for review. No randomness:
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
    v = _report_in_hand(
        fgj, last_year, clerk_fgj, "更正第三部分“本年新收政府信息公开申请数量”的笔误"
    )
    reports.report_submit(version=v, actor=clerk_fgj)
    v = _report_in_hand(jyj, last_year, users["clerk_jyj"], "补充第五部分存在的主要问题及改进情况")
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


def _report_in_hand(unit: Unit, year: int, clerk: Any, reason: str) -> Any:
    """The unit's report of ``year`` being worked on: its draft if not yet published,
    else a new version of the published one, to correct it (``reason``)."""
    v = reports.report_version_open(unit=unit, year=year, scope=Scope.UNIT, actor=clerk)
    if v.status == ReportStatus.PUBLISHED:
        v = reports.report_new_version(version=v, reason=reason, actor=clerk)
    return v


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
