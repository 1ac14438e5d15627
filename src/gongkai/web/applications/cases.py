"""Reconsiderations (行政复议) and lawsuits (行政诉讼) after they are filed: the result, the
case number, the reconsideration body or court and the date decided, entered on the
application's page as the case goes on. Table 4 of the annual report counts the cases
by their result (``reports.selectors.table4_counts``), so an update shows there at once.

Error messages are module constants; tests import them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongkai.web.applications.models import Appeal, AppealResult
from gongkai.web.applications.services.steps import ServiceError, _not_future
from gongkai.web.audit.services import audit_record

E_CASE_DECIDED_BEFORE_FILED = _("A case cannot be decided before it was filed ({filed}).")
E_CASE_RESULT_NEEDS_DATE = _("Give the date of the decision.")
E_CASE_DATE_NEEDS_RESULT = _("A decided case needs its result.")
E_CASE_UNCHANGED = _("Nothing to save: the case is as it was.")
E_CASE_NO_RESULT = _("Choose the result from the list.")

#: What an update may change, in the order the audit row names them.
CASE_FIELDS = ("result", "case_number", "deciding_body", "decided_on")


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def appeal_update(
    *,
    appeal: Appeal,
    result: str,
    case_number: str,
    deciding_body: str,
    decided_on: date | None,
    actor: Any,
    as_of: date,
) -> Appeal:
    """Record how a case stands: its result (尚未审结 while pending), case number,
    reconsideration body or court, and the date it was decided — never after today, nor
    before it was filed; a result other than pending goes with its date and a date with
    a result. One audit row with the values before and after."""
    case = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if result not in AppealResult.values:
        raise ServiceError(E_CASE_NO_RESULT, field="result")
    if decided_on is not None:
        _not_future(decided_on, as_of, "decided_on")
        if decided_on < case.filed_on:
            raise ServiceError(
                E_CASE_DECIDED_BEFORE_FILED, field="decided_on", filed=case.filed_on.isoformat()
            )
        if result == AppealResult.PENDING:
            raise ServiceError(E_CASE_DATE_NEEDS_RESULT, field="result")
    elif result != AppealResult.PENDING:
        raise ServiceError(E_CASE_RESULT_NEEDS_DATE, field="decided_on")
    after = {
        "result": result,
        "case_number": case_number.strip(),
        "deciding_body": deciding_body.strip(),
        "decided_on": decided_on,
    }
    before = {name: getattr(case, name) for name in CASE_FIELDS}
    changed = [name for name in CASE_FIELDS if before[name] != after[name]]
    if not changed:
        raise ServiceError(E_CASE_UNCHANGED)
    for name in changed:
        setattr(case, name, after[name])
    case.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="appeal.update",
        obj=case,
        unit=case.unit,
        application=case.application_id,
        kind=case.kind,
        before={name: _shown(before[name]) for name in changed},
        after={name: _shown(after[name]) for name in changed},
    )
    return case
