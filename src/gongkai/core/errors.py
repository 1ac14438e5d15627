"""The exceptions gongkai's core raises.

Every exception the core raises on purpose derives from :class:`GongkaiError`::

    GongkaiError
     ├── BulletinError     a bulletin draft that cannot be rendered (core.evaluate.bulletin);
     │                     ``key`` names the part at fault (``annex[2].problems``)
     ├── CalendarMissing   a date whose working days neither data nor the rule can give
     │                     (core.calendar)
     ├── CollectError      a sites list the collector cannot use (core.collect.errors)
     │    └── FetchError   one URL it could not fetch; ``reason`` goes to failures.jsonl
     ├── DeadlineError     dates that cannot make a deadline (core.deadlines)
     ├── LetterError       a letter template that cannot be filled (core.letters)
     ├── NoticeError       a holiday notice that cannot be read (core.holiday_notice;
     │                     the message names the line)
     ├── SchemeError       a scoring scheme that cannot be used (core.evaluate.scheme);
     │                     ``key`` names the key at fault (``indicators.format.weight``)
     └── ParseError        input that cannot be read as an annual report
          │                (carries the source and the 1-based line number)
          ├── LimitError   input refused because it is over one of the readers' caps
          │                (size, decompressed size, tags, depth, pages, CPU time,
          │                memory: ``core.report.parse.limits``); ``limit`` names the cap
          └── RecordError  an audit JSON record (``gongkai render``'s input, a stored
                           report snapshot) that does not describe a report; the
                           message names the key or cell at fault

Callers at the edges (the command line, the web views) catch ``GongkaiError``
and show its message; anything else escaping the core is a bug.
"""

from __future__ import annotations

__all__ = ["GongkaiError", "LimitError", "ParseError", "RecordError"]


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

    def located(self, source: str) -> ParseError:
        """The same error (its type and attributes kept) naming ``source``."""
        err = type(self).__new__(type(self))
        err.__dict__.update(self.__dict__)
        err.source = source
        Exception.__init__(err, f"{source}:{self.line}: {self.message}")
        return err


class RecordError(ParseError):
    """An audit JSON record that does not describe a report (not JSON, not an object, a
    cell that is not a number, an unknown cell id, a year out of range …). ``line`` is
    the line of the JSON text at fault where known, else 0."""


class LimitError(ParseError):
    """An input over one of the readers' caps (``core.report.parse.limits``): too big, too
    deep, too many pages, too long to read. ``limit`` is the name of the cap's constant
    (``"MAX_FILE_BYTES"`` …); the message names the cap and its value."""

    def __init__(self, message: str, *, limit: str, line: int = 0, source: str = "") -> None:
        self.limit = limit
        super().__init__(message, line=line, source=source)
