"""The exceptions gongkai's core raises.

Every exception the core raises on purpose derives from :class:`GongkaiError`::

    GongkaiError
     ├── CalendarMissing   a date whose working days neither data nor the rule can give
     │                     (core.calendar)
     ├── CollectError      a sites list the collector cannot use (core.collect.errors)
     │    └── FetchError   one URL it could not fetch; ``reason`` goes to failures.jsonl
     ├── DeadlineError     dates that cannot make a deadline (core.deadlines)
     ├── LetterError       a letter template that cannot be filled (core.letters)
     ├── NoticeError       a holiday notice that cannot be read (core.holiday_notice;
     │                     the message names the line)
     └── ParseError        input that cannot be read as an annual report
          │                (carries the source and the 1-based line number)
          └── RecordError  an audit JSON record (``gongkai render``'s input, a stored
                           report snapshot) that does not describe a report; the
                           message names the key or cell at fault

Callers at the edges (the command line, the web views) catch ``GongkaiError``
and show its message; anything else escaping the core is a bug.
"""

from __future__ import annotations

__all__ = ["GongkaiError", "ParseError", "RecordError"]


class GongkaiError(Exception):
    """Base class of every error the core raises on purpose."""


class ParseError(GongkaiError):
    """The input cannot be read as an annual report.

    ``line`` is the 1-based line of the input where reading failed (0 when the
    whole input is at fault, e.g. it is empty or not text).
    """

    def __init__(self, message: str, *, line: int, source: str = "") -> None:
        self.message = message
        self.line = line
        self.source = source
        where = f"{source}:{line}" if source else f"line {line}"
        super().__init__(f"{where}: {message}")


class RecordError(ParseError):
    """An audit JSON record that does not describe a report (not JSON, not an object, a
    cell that is not a number, an unknown cell id, a year out of range …). ``line`` is
    the line of the JSON text at fault where known, else 0."""
