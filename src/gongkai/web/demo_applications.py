"""The demo county's applications: their lives through the staff services (corrections,
fees, consultations, extensions, replies, appeals). Their numbered letters are made by
``demo_letters``, the work in hand on ``as_of`` by ``demo_work_in_hand``."""

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
    FormWanted,
    ServiceMethod,
)
from gongkai.web.demo_data import (
    CATEGORY_WEIGHTS,
    CHANNEL_WEIGHTS,
    CORRECTION_ITEMS,
    GIVEN,
    LEGAL_BASIS,
    ORGANISATIONS,
    OUTCOME_WEIGHTS,
    SURNAMES,
    TOPICS,
    TOWNSHIPS,
    WITHHELD,
)
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
