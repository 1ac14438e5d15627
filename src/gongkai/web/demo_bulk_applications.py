"""The bulk city's applications (see ``demo_bulk``): made in batches of plain rows, each
with its ledger (收到申请 and, when closed, the reply) inserted by one parametrised
statement, and now and then an appeal. The rows obey the services' rules as
``application_derive`` gives them."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from django.db import connection
from django.utils import timezone

from gongkai.core.calendar import WorkCalendar
from gongkai.core.deadlines import REPLY_DAYS
from gongkai.web.applications.models import (
    Appeal,
    AppealKind,
    AppealResult,
    Application,
    Category,
    Event,
    EventKind,
    FormWanted,
    ServiceMethod,
    Status,
)
from gongkai.web.demo_data import (
    CATEGORY_WEIGHTS,
    CHANNEL_WEIGHTS,
    GIVEN,
    LEGAL_BASIS,
    ORGANISATIONS,
    OUTCOME_WEIGHTS,
    SURNAMES,
    TOPICS,
)
from gongkai.web.units.models import Unit

BATCH = 5000
#: Tracking codes: the application's number run through a bijection of 32**10 (an odd
#: multiplier), so that codes are unique without a lookup and do not look sequential.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_SPACE = 32**10
_CODE_STEP = 0x5DEECE66D
#: Share of the open applications submitted online whose receipt is not yet confirmed.
_UNCONFIRMED = 0.03
#: Share of replies that are late (after the due date), as in 示例县.
_LATE = 0.04


class BulkError(Exception):
    """The bulk city cannot be made: bad sizes or dates, already loaded, no calendar."""


def _tracking_code(n: int, salt: int) -> str:
    x = (n * _CODE_STEP + salt) % _CODE_SPACE
    digits = []
    for _ in range(10):
        x, r = divmod(x, 32)
        digits.append(_ALPHABET[r])
    return "GK" + "".join(digits)


def bulk_applications(
    rnd: random.Random,
    units: list[Unit],
    n: int,
    as_of: date,
    since: date,
    cal: WorkCalendar,
) -> Iterator[list[tuple[Application, Callable[[Application], list[tuple[Any, ...]]]]]]:
    """Applications in batches, each with a function giving its ledger once it has its id."""
    # Working days up to a few weeks after as_of, so that due dates and late replies have an
    # index (in a year with no official arrangement, the provisional calendar's).
    horizon = as_of + timedelta(days=90)
    days = sorted(cal.working_days_after(since - timedelta(days=1), horizon))
    received_days = [d for i, d in enumerate(days[:-REPLY_DAYS]) if d <= as_of]
    if not received_days:
        raise BulkError(f"the work calendar has no data for {since}–{as_of}")
    index = {d: i for i, d in enumerate(days)}
    # Some units are much busier than others, as in real counties.
    cum_weights = list(accumulate(rnd.lognormvariate(0, 1) for _ in units))
    categories, cat_w = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    channels, chan_w = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())
    outcomes, out_w = list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values())
    salt = rnd.randrange(_CODE_SPACE)
    existing = set(Application.objects.values_list("tracking_code", flat=True))
    number = 0
    made = 0
    while made < n:
        size = min(BATCH, n - made)
        batch: list[tuple[Application, Callable[[Application], list[tuple[Any, ...]]]]] = []
        for unit in rnd.choices(units, cum_weights=cum_weights, k=size):
            received = rnd.choice(received_days)
            i = index[received]
            due = days[i + REPLY_DAYS]
            late = rnd.random() < _LATE
            k = i + (
                rnd.randint(REPLY_DAYS + 1, REPLY_DAYS + 8) if late else rnd.randint(1, REPLY_DAYS)
            )
            reply = days[k] if k < len(days) else horizon + timedelta(days=1)
            category = rnd.choices(categories, cat_w)[0]
            channel = rnd.choices(channels, chan_w)[0]
            code = _tracking_code(number, salt)
            number += 1
            while code in existing:
                code = _tracking_code(number, salt)
                number += 1
            person = category == Category.NATURAL_PERSON
            app = Application(
                unit=unit,
                due_provisional=bool(cal.provisional_years(received + timedelta(days=1), due)),
                tracking_code=code,
                channel=channel,
                category=category,
                applicant_name=(
                    rnd.choice(SURNAMES) + "".join(rnd.choices(GIVEN, k=rnd.choice((1, 2))))
                    if person
                    else rnd.choice(ORGANISATIONS[category])
                ),
                id_number=f"3301{rnd.randint(10**13, 10**14 - 1)}" if person else "",
                phone=f"13{rnd.randint(100000000, 999999999)}",
                address=f"示例市{rnd.randint(1, 500)}号",
                description=f"申请公开{unit.name}{rnd.choice(TOPICS)}（{received.year}年）",
                form_wanted=rnd.choice(FormWanted.values),
                submitted_on=received
                if channel == "in_person"
                else received - timedelta(days=rnd.randint(0, 3)),
                received_on=received,
                version=2,
            )
            if reply <= as_of:
                outcome = rnd.choices(outcomes, out_w)[0]
                app.status, app.due_on = Status.CLOSED, due
                app.outcome, app.closed_on = outcome, reply
                app.version = 3
                batch.append((app, _ledger(received, reply, outcome, rnd)))
            elif channel == "online" and rnd.random() < _UNCONFIRMED:
                app.received_on = None
                app.status = Status.AWAITING_CONFIRMATION
                app.submitted_on = max(received, as_of - timedelta(days=rnd.randint(0, 2)))
                batch.append((app, _ledger(None, None, "", rnd)))
            else:
                app.status, app.due_on = Status.IN_PROGRESS, due
                batch.append((app, _ledger(received, None, "", rnd)))
        made += size
        yield batch


def _ledger(
    received: date | None, reply: date | None, outcome: str, rnd: random.Random
) -> Callable[[Application], list[tuple[Any, ...]]]:
    """The application's ledger as rows of :data:`_EVENT_COLUMNS`, once it has its id."""
    method = rnd.choice(ServiceMethod.values)
    day = connection.ops.adapt_datefield_value

    def events(app: Application) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        if received is not None:
            out.append((app.pk, EventKind.RECEIVED.value, day(received), "", "", "", ""))
        if reply is not None:
            basis = LEGAL_BASIS[outcome.split(".")[2]]
            out.append((app.pk, EventKind.REPLY.value, day(reply), outcome, basis, method, ""))
        return out

    return events


#: The columns the bulk ledger fills (the others are NULL); ``party`` and the text columns
#: after it are left empty, and ``created_at`` is added.
_EVENT_COLUMNS = (
    "application_id",
    "kind",
    "on",
    "outcome",
    "legal_basis",
    "service_method",
    "note",
    "party",
    "withheld",
    "party_kind",
)


def bulk_insert_events(rows: list[tuple[Any, ...]]) -> None:
    """One parametrised INSERT run over the rows (``executemany``): the ORM's per-object SQL
    compilation would take most of the load's time for the ledger, its largest table."""
    if not rows:
        return
    table = connection.ops.quote_name(Event._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*_EVENT_COLUMNS, "created_at"))
    marks = ", ".join(["%s"] * (len(_EVENT_COLUMNS) + 1))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            [(*r, "", "", "", now) for r in rows],
        )


def bulk_appealed(rnd: random.Random, app: Application) -> bool:
    group = app.outcome.split(".")[2] if app.outcome else ""
    return group in ("deny", "unable", "reject") and rnd.random() < 0.05


def bulk_appeal(rnd: random.Random, app: Application, as_of: date) -> Appeal | None:
    assert app.closed_on is not None
    kind = rnd.choices(AppealKind.values, weights=(6, 3, 1))[0]
    filed = app.closed_on + timedelta(days=rnd.randint(10, 55))
    if filed > as_of:
        return None
    decided = filed + timedelta(days=rnd.randint(30, 150))
    if decided > as_of or rnd.random() < 0.15:
        return Appeal(unit=app.unit, application=app, kind=kind, filed_on=filed)
    result = rnd.choices(
        [AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER], weights=(7, 2, 1)
    )[0]
    return Appeal(
        unit=app.unit,
        application=app,
        kind=kind,
        filed_on=filed,
        decided_on=decided,
        result=result,
    )


__all__ = [
    "BATCH",
    "BulkError",
    "bulk_appeal",
    "bulk_appealed",
    "bulk_applications",
    "bulk_insert_events",
]
