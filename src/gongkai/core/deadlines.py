"""Statutory time limits for an application (条例 Arts. 30–33): the due date of the
reply, worked out step by step so that staff can see how it was reached.

- The receipt day is not counted: the reply is due on the 20th working day after it
  (Art. 33).
- A 补正 (correction) restarts the clock from the day the supplement is received
  (Art. 30); the notice itself must go out within 7 working days of receipt.
- An extension adds at most 20 working days (Art. 33).
- Consultations of a third party or another organ (Arts. 32, 34) are not counted:
  a pause from FROM to TO leaves out the working days after FROM up to and
  including TO (sent and answered on one day costs nothing); overlapping pauses
  count once. Waiting for a fee to be paid pauses the clock the same way.

A due date whose count crosses a year with no official holiday arrangement is an
estimate (``DueDate.provisional``): the steps name that year and the days off the
rule gave it, and the due date is shown as 预计 until the arrangement is entered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.core.calendar import ProvisionalDay, WorkCalendar
from gongkai.core.errors import GongkaiError

__all__ = [
    "CORRECTION_NOTICE_DAYS",
    "MAX_EXTENSION_DAYS",
    "REPLY_DAYS",
    "DeadlineError",
    "DueDate",
    "Pause",
    "Step",
    "correction_notice_due",
    "due_date",
    "provisional_note",
]

REPLY_DAYS = 20
MAX_EXTENSION_DAYS = 20
CORRECTION_NOTICE_DAYS = 7


class DeadlineError(GongkaiError):
    """The dates given cannot make a deadline (a supplement before receipt, …)."""


@dataclass(frozen=True)
class Pause:
    start: date
    end: date
    kind: str = "征求意见"  # what paused the clock, as staff call it


@dataclass(frozen=True)
class Step:
    day: date
    text: str


@dataclass(frozen=True)
class DueDate:
    due: date
    steps: tuple[Step, ...]
    #: The years counted over whose holiday arrangement is not official (empty: an exact date).
    provisional_years: tuple[int, ...] = ()
    #: The days off by rule the count passed over, in those years.
    provisional_days: tuple[ProvisionalDay, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    def as_dict(self) -> dict[str, object]:
        return {
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "provisional_days": [
                {"date": d.day.isoformat(), "name": d.name} for d in self.provisional_days
            ],
            "steps": [{"date": s.day.isoformat(), "text": s.text} for s in self.steps],
        }


def provisional_note(years: Iterable[int], days: Iterable[ProvisionalDay]) -> str:
    """The step that says a count is an estimate, naming the years and the days off by rule."""
    named = "、".join(f"{y}年" for y in years)
    off = "、".join(d.label() for d in days)
    rest = (
        f"按《全国年节及纪念日放假办法》预计{off}放假"
        if off
        else "期间未遇法定节假日，按《全国年节及纪念日放假办法》预计"
    )
    return f"{named}的节假日安排尚未公布：{rest}；期限为预计，正式安排录入后重新计算"


def correction_notice_due(calendar: WorkCalendar, received: date) -> date:
    """The last day a 补正 notice may be sent: the 7th working day after receipt."""
    return calendar.add_working_days(received, CORRECTION_NOTICE_DAYS)


def due_date(
    calendar: WorkCalendar,
    *,
    received: date,
    correction_received: date | None = None,
    extension_days: int = 0,
    pauses: Iterable[Pause] = (),
) -> DueDate:
    """The reply's due date and the steps that lead to it."""
    steps = [Step(received, f"收到申请（{received.isoformat()}），当日不计入期限")]
    start = received
    if correction_received is not None:
        if correction_received < received:
            raise DeadlineError(
                f"收到补正材料的日期{correction_received.isoformat()}早于收到申请的日期{received.isoformat()}"
            )
        start = correction_received
        steps.append(Step(start, f"收到补正后的申请（{start.isoformat()}），答复期限自此重新起算"))
    due = calendar.add_working_days(start, REPLY_DAYS)
    steps.append(
        Step(
            due,
            f"自{start.isoformat()}起第{REPLY_DAYS}个工作日为{due.isoformat()}（条例第三十三条）",
        )
    )
    if not 0 <= extension_days <= MAX_EXTENSION_DAYS:
        raise DeadlineError(
            f"延长答复期限为{extension_days}个工作日；延长的期限最长不得超过{MAX_EXTENSION_DAYS}个工作日"
        )
    if extension_days:
        due = calendar.add_working_days(due, extension_days)
        steps.append(Step(due, f"经批准延长{extension_days}个工作日，至{due.isoformat()}"))
    paused: set[date] = set()
    last = due
    for p in sorted(pauses, key=lambda p: (p.start, p.end)):
        if p.end < p.start:
            raise DeadlineError(
                f"{p.kind}的结束日期{p.end.isoformat()}早于开始日期{p.start.isoformat()}"
            )
        days = {d for d in calendar.working_days_after(p.start, p.end) if d > start}
        last = max(last, p.end)
        new = days - paused
        paused |= days
        note = (
            f"，其中{len(days) - len(new)}个与其他暂停重叠，只计一次"
            if len(new) != len(days)
            else ""
        )
        steps.append(
            Step(
                p.end,
                f"{p.kind}（{p.start.isoformat()}至{p.end.isoformat()}）：{len(days)}个工作日不计入期限{note}",
            )
        )
    if paused:
        due = calendar.add_working_days(due, len(paused))
        steps.append(Step(due, f"扣除不计入期限的{len(paused)}个工作日，顺延至{due.isoformat()}"))
    last = max(last, due)
    # The days counted are those after the receipt: its own year matters only from then.
    first = received + timedelta(days=1)
    years = calendar.provisional_years(first, last)
    rule_days = calendar.provisional_days(first, last)
    if years:
        steps.append(Step(due, provisional_note(years, rule_days)))
    steps.append(Step(due, f"答复期限：{due.isoformat()}{'（预计）' if years else ''}"))
    return DueDate(due, tuple(steps), years, rule_days)
