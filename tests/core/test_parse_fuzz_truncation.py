"""Truncating a report at a line boundary never invents a cell, nor changes the number
of a cell the whole text also shows: the seed cut at every line, the corpus and the
mutated seed cut at a drawn line (Hypothesis; inputs from ``text_fuzz``).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.core import ParseError, parse_text
from text_fuzz import (
    CORPUS,
    MEDIUM,
    SEED_PATH,
    SEED_TEXT,
    mutated_reports,
    needs_corpus,
    needs_seed,
)

# --- 4a. Truncation at a line boundary never invents or changes a cell ----------------------------


def _cells(text: str, source: str) -> dict[str, Any] | None:
    """Cell id -> Value.number, or None when the text is not read as a report."""
    try:
        report = parse_text(text, source=source)
    except ParseError:
        return None
    return {cid: v.number for cid, v in report.cells.items()}


def _truncation_violations(full: dict[str, Any], cut: dict[str, Any]) -> list[str]:
    out = []
    for cid, number in cut.items():
        if cid not in full:
            out.append(f"{cid}={number} (the whole text has no such cell)")
        elif full[cid] != number:
            out.append(f"{cid}={number} (the whole text has {full[cid]})")
    return out


def _assert_prefix_consistent(name: str, text: str, k: int, trailing_newline: bool) -> None:
    full = _cells(text, name)
    assert full is not None, f"{name}: the whole text does not parse"
    lines = text.split("\n")
    prefix = "\n".join(lines[:k]) + ("\n" if trailing_newline else "")
    cut = _cells(prefix, name)
    if cut is None:
        return  # a ParseError on a short prefix is fine
    bad = _truncation_violations(full, cut)
    assert not bad, (
        f"{name} cut after line {k} (trailing newline: {trailing_newline}; "
        f"last line kept: {lines[k - 1] if k else ''!r}) reads cells the whole text does not: {bad}"
    )


@needs_seed
@pytest.mark.parametrize(
    "trailing_newline", [False, True], ids=["no-final-newline", "final-newline"]
)
def test_seed_truncated_at_every_line_never_invents_cells(trailing_newline: bool) -> None:
    """Exhaustive over all line boundaries of the seed (it has a few hundred lines)."""
    assert SEED_TEXT is not None
    full = _cells(SEED_TEXT, "seed")
    assert full, "the seed report parses to no cells at all"
    lines = SEED_TEXT.split("\n")
    failures = []
    for k in range(len(lines) + 1):
        prefix = "\n".join(lines[:k]) + ("\n" if trailing_newline else "")
        cut = _cells(prefix, "seed")
        if cut is None:
            continue
        bad = _truncation_violations(full, cut)
        if bad:
            failures.append(
                f"  cut after line {k} (last kept {lines[k - 1] if k else ''!r}): {bad}"
            )
    assert not failures, (
        f"truncating the seed at {len(failures)} line boundaries reads cells the whole seed "
        "does not have, or with different numbers:\n" + "\n".join(failures[:15])
    )


@needs_corpus
@MEDIUM
@given(data=st.data())
def test_corpus_truncated_at_a_line_never_invents_cells(data: st.DataObject) -> None:
    """The same property for every corpus file (the fixtures are themselves cut off)."""
    name = data.draw(st.sampled_from(sorted(CORPUS)), label="file")
    text = CORPUS[name]
    k = data.draw(st.integers(0, text.count("\n") + 1), label="keep lines")
    trailing = data.draw(st.booleans(), label="final newline")
    _assert_prefix_consistent(name, text, k, trailing)


# Rows the whole text prints with too few or too many cells, and so does not read.
_WRONG_CELL_COUNT = ("STRUCT.W001", "STRUCT.W002")
_TABLE4_PREFIXES = ("review.", "lit_direct.", "lit_after_review.")


def _unread_rows(text: str, source: str) -> set[str]:
    report = parse_text(text, source=source)
    return {f.location.row for f in report.reading if f.id in _WRONG_CELL_COUNT and f.location.row}


def _in_row(cid: str, row: str) -> bool:
    # Table 4 is one printed row ("review") holding all 15 cells of its three rows.
    return cid.startswith(_TABLE4_PREFIXES) if row == "review" else cid.startswith(row + ".")


@needs_seed
@MEDIUM
@given(case=mutated_reports(names=[SEED_PATH.name]), data=st.data())
def test_mutated_seed_truncated_at_a_line_never_invents_cells(
    case: tuple[str, list[str], str], data: st.DataObject
) -> None:
    """Property 4a for mangled reports too: a prefix cut at a line boundary reads no cell
    the whole text lacks and no other number -- except cells of a row the whole text
    prints with the wrong number of cells (STRUCT.W001/W002, not read): a prefix that
    stops after the 15th of 16 Table 4 cells shows a well-formed row, and no reader can
    know a 16th follows."""
    name, steps, text = case
    full = _cells(text, name)
    assume(full is not None)
    assert full is not None
    unread = _unread_rows(text, name)
    lines = text.split("\n")
    k = data.draw(st.integers(0, len(lines)), label="keep lines")
    trailing = data.draw(st.booleans(), label="final newline")
    cut = _cells("\n".join(lines[:k]) + ("\n" if trailing else ""), name)
    if cut is None:
        return
    cut = {
        cid: n
        for cid, n in cut.items()
        if cid in full or not any(_in_row(cid, row) for row in unread)
    }
    bad = _truncation_violations(full, cut)
    assert not bad, (
        f"{name} mutated by {steps}, then cut after line {k} (trailing newline: {trailing}; "
        f"last line kept: {lines[k - 1] if k else ''!r}), reads cells the whole text does "
        f"not: {bad}"
    )
