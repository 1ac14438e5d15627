"""The text reader's contract (``text_fuzz``) on real reports: the seed and the fixture
reports as they are and mangled the way copied, scraped and hand-edited reports get;
parsing is deterministic, and an anchor that reads no row does not loop.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from text_fuzz import (
    ANY_TEXT,
    CORPUS,
    FAST,
    MEDIUM,
    SEED_PATH,
    VOCAB_TEXT,
    mutated_reports,
    needs_corpus,
    needs_seed,
    parse_or_parse_error,
    short_repr,
)

# --- 3. Mutated real reports ------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file_parses_and_checks(name: str) -> None:
    """The unmutated corpus itself: each file is a report, and the pipeline runs on it."""
    record = parse_or_parse_error(CORPUS[name], source=name)
    assert record is not None, f"{name}: the unmutated corpus file raised ParseError"


@needs_corpus
@FAST
@given(case=mutated_reports())
def test_mutated_reports_parse_or_raise_parse_error(case: tuple[str, list[str], str]) -> None:
    name, steps, text = case
    try:
        parse_or_parse_error(text, source=name)
    except Exception as err:
        err.add_note(f"corpus file: {name}; mutations: {steps}")
        raise


@needs_seed
@FAST
@given(case=mutated_reports(names=[SEED_PATH.name]))
def test_mutated_seed_parses_or_raises_parse_error(case: tuple[str, list[str], str]) -> None:
    """The seed is the only report with all three tables: give it its own budget."""
    name, steps, text = case
    try:
        parse_or_parse_error(text, source=name)
    except Exception as err:
        err.add_note(f"corpus file: {name}; mutations: {steps}")
        raise


# --- 4b. Determinism ----------------------------------------------------------------------------


@needs_corpus
@MEDIUM
@given(text=st.one_of(mutated_reports().map(lambda c: c[2]), VOCAB_TEXT, ANY_TEXT))
def test_parsing_is_deterministic(text: str) -> None:
    first = parse_or_parse_error(text)
    second = parse_or_parse_error(text)
    assert first == second, (
        f"two parses of the same text differ:\nfirst:  {json.dumps(first, ensure_ascii=False)[:1500]}"
        f"\nsecond: {json.dumps(second, ensure_ascii=False)[:1500]}\ninput: {short_repr(text)}"
    )


@needs_corpus
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_parse_is_deterministic_on_the_corpus(name: str) -> None:
    records = {
        json.dumps(parse_or_parse_error(CORPUS[name], source=name), ensure_ascii=False)
        for _ in range(3)
    }
    assert len(records) == 1, f"{name}: three parses gave {len(records)} different records"


def test_a_table_anchor_that_reads_no_row_does_not_loop_forever() -> None:
    """Found by the long atheris run of the text reader: a line that anchors Table 2
    (「第二十条第（五）项」) where the table ends at once made the reader start the same
    table at the same line again, forever. Now it reads (within a second, under an
    alarm that fails the test rather than hang the suite)."""
    import signal

    data = (Path(__file__).parent / "regressions" / "text-anchor-loop.txt").read_bytes()

    def hung(signum: int, frame: Any) -> None:
        raise AssertionError("parse_text did not return within 10 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        outcome = parse_or_parse_error(data.decode("utf-8", errors="replace"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert outcome is not None
