"""Tokenising: a report's text as a stream of printed cells.

Each line is split into its cells — by 「|」 (markdown tables included), by tabs, by runs
of spaces where the line looks like a table row, or as a label followed by numbers —
and each cell is read as a value (a number, a blank, a not-applicable mark) or kept as
text. An empty line is remembered (it may separate rows); a line holding only a tab is
a blank cell. Page furniture — a footer 「— 4 —」, 「第4页」 — is no cell and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gongkai.core.errors import LimitError
from gongkai.core.report.model import Value, ValueKind
from gongkai.core.report.parse.limits import E_TOO_MANY_CELLS, MAX_TEXT_CELLS
from gongkai.core.report.parse.normalize import CACHED_LENGTH, read_parts, read_value

__all__ = ["Token", "tokenise"]


@dataclass(slots=True)
class Token:
    text: str  # the cell as printed, stripped
    line: int
    brk: bool  # an empty line comes before it
    first: bool  # first cell of its line
    value: Value | None  # a value cell (number, blank, mark) or None for text


# --- Tokenising --------------------------------------------------------------------

_SPLIT_SPACES = re.compile(r"\s{2,}|\t")
_TRAILING_VALUES = re.compile(
    r"^(?P<label>.*?[^\d\s.,+\-/])(?P<values>(?:\s+[+\-]?[\d,]+(?:\.\d+)?|\s+[/—\-]{1,2})+)\s*$"
)
_SENTENCE = re.compile(r"[，。；：,;:！？]")


_MD_SEPARATOR = re.compile(r"[\s|:\-]+")

_NUMBERS_ONLY = re.compile(r"[+\-]?\d[\d,.]*(?:\s+[+\-]?\d[\d,.]*)+")


def _has_space_run(stripped: str) -> bool:
    """Do two whitespace characters stand together in this stripped line (what the
    regex ``\\s{2,}`` finds)? Counted from ``str.split``, which knows whitespace as
    the regex does, at a fraction of the regex engine's cost per character."""
    words = stripped.split()
    return len(words) > 1 and len(stripped) - sum(map(len, words)) > len(words) - 1


def _cells_of_line(line: str) -> tuple[str, ...]:
    """Split one line into its printed cells (short lines, the tables', are cached)."""
    if len(line) <= CACHED_LENGTH:
        return _cells_of_short_line(line)
    return tuple(_split_line(line))


@lru_cache(maxsize=1 << 14)
def _cells_of_short_line(line: str) -> tuple[str, ...]:
    return tuple(_split_line(line))


def _split_line(line: str) -> list[str]:
    stripped = line.strip()
    if "|" in line:
        if "-" in stripped and _MD_SEPARATOR.fullmatch(stripped):
            return []  # a markdown separator row
        parts = line.split("|")
        if not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        return [p.strip() for p in parts]
    if "\t" in stripped or _has_space_run(stripped):
        parts = [p.strip() for p in _SPLIT_SPACES.split(stripped)]
        if "\t" in stripped:
            return parts
        # Runs of spaces: split only a line that looks like a table row: a label
        # followed by values, or several short header words.
        values = [read_value(p).kind is not ValueKind.INVALID for p in parts]
        short = all(len(p) <= 20 and not _SENTENCE.search(p) for p in parts)
        if len(parts) >= 2 and all(values[1:]) and len(parts[0]) <= 60:
            return parts
        if len(parts) >= 3 and short:
            return parts
        return [stripped]
    m = _TRAILING_VALUES.match(stripped) if len(stripped) <= 60 else None  # slow on long lines
    if m and not _SENTENCE.search(m["label"]):
        return [m["label"].strip(), *m["values"].split()]
    if _NUMBERS_ONLY.fullmatch(stripped):
        return stripped.split()
    return [stripped]


#: A page number a converter left in the text: 「— 4 —」「- 4 -」「—4—」「第4页」「第4页 共9页」.
_PAGE_MARK = re.compile(
    r"[-—–－―]{1,2}\s*\d{1,4}\s*[-—–－―]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
)
_PAGE_MARK_START = frozenset("-—–－―第")  # what a page mark starts with

_INVALID = ValueKind.INVALID
_value = Value.read


def tokenise(lines: list[str]) -> list[Token]:
    tokens: list[Token] = []
    brk = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            if "\t" in line:  # a whitespace-only cell line: a blank cell
                tokens.append(Token("", number, brk, True, read_value("", line=number)))
                brk = False
            else:
                brk = True
            continue
        if stripped[0] in _PAGE_MARK_START and _PAGE_MARK.fullmatch(stripped):
            continue  # page furniture: 「— 4 —」, 「第4页」 is no cell
        first = True
        cells = _cells_of_line(line)
        if len(tokens) + len(cells) > MAX_TEXT_CELLS:
            raise LimitError(
                E_TOO_MANY_CELLS.format(cap=f"{MAX_TEXT_CELLS:,}"),
                limit="MAX_TEXT_CELLS",
                line=number,
            )
        for cell in cells:
            kind, n, unit = read_parts(cell)  # a value cell, or None for text
            value = None if kind is _INVALID else _value(kind, n, cell, unit, number)
            tokens.append(Token(cell, number, brk and first, first, value))
            first = brk = False
        brk = False
    return tokens
