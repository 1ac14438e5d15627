"""What the evaluation services share: the error they raise and the kind of job they
start."""

from __future__ import annotations

from gongkai.web.jobs.models import JobKind

#: The kind of background job that runs an evaluation (gongkai.web.jobs.runner).
JOB_KIND = JobKind.EVALUATION


class EvaluationError(Exception):
    """A request the workspace refuses: ``messages`` say why, in Chinese."""

    def __init__(self, *messages: str) -> None:
        self.messages = list(messages)
        super().__init__("；".join(messages))
