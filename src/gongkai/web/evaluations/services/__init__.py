"""The evaluation workspace's writes: each in one transaction with its audit-log row.

One module per family, all re-exported here (``services.evaluation_create``):

- :mod:`.base`: what they share — :class:`EvaluationError` and the kind of job;
- :mod:`.intake`: an evaluation checked and recorded with its job, and run again;
- :mod:`.scoring`: the audited reports kept and scored, a finding set aside or counted
  again.

The bulletin's writes are in :mod:`gongkai.web.evaluations.bulletin`, deleting an
evaluation in :mod:`gongkai.web.evaluations.removal`. Error messages are module
constants; tests import them from here.
"""

from gongkai.web.evaluations.services.base import JOB_KIND, EvaluationError
from gongkai.web.evaluations.services.intake import (
    E_NO_COLUMN,
    E_NO_REPORTS,
    E_NOT_FAILED,
    E_SCHEME,
    E_SITES,
    E_SITES_ENCODING,
    evaluation_can_rerun,
    evaluation_create,
    evaluation_rerun,
)
from gongkai.web.evaluations.services.scoring import (
    E_ALREADY_OVERRIDDEN,
    E_NO_FINDING,
    evaluation_results_save,
    finding_override,
    override_withdraw,
)

__all__ = [
    "E_ALREADY_OVERRIDDEN",
    "E_NOT_FAILED",
    "E_NO_COLUMN",
    "E_NO_FINDING",
    "E_NO_REPORTS",
    "E_SCHEME",
    "E_SITES",
    "E_SITES_ENCODING",
    "JOB_KIND",
    "EvaluationError",
    "evaluation_can_rerun",
    "evaluation_create",
    "evaluation_rerun",
    "evaluation_results_save",
    "finding_override",
    "override_withdraw",
]
