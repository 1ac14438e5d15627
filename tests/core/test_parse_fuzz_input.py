"""The text reader's contract (``text_fuzz``) on made-up input: arbitrary text, report
vocabulary and arbitrary bytes through ``parse_text`` and ``read_report``, a missing file
or a directory, and numbers too long for ``int`` or ``decimal``.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gongkai.core import ParseError, audit_record, check, parse_text, read_report
from text_fuzz import (
    ANY_TEXT,
    CORPUS,
    FAST,
    MEDIUM,
    VOCAB_TEXT,
    check_parse_error,
    check_report,
    note_input,
    parse_or_parse_error,
)

# --- 1. Arbitrary text ----------------------------------------------------------------------


@FAST
@given(text=st.one_of(ANY_TEXT, VOCAB_TEXT))
@example(text="")
@example(text="\x00")
@example(text="|")
@example(text="\t")
@example(text="二、主动公开政府信息情况\n规章\t0\t0")
@example(text="三、收到和处理政府信息公开申请情况\n\t总计\t1")
@example(text="四、政府信息公开行政复议、行政诉讼情况\n0\t0\t0")
@example(text="2023年政府信息公开工作年度报告\r\n二、主动公开\r规章|1|2|3")
def test_arbitrary_text_parses_or_raises_parse_error(text: str) -> None:
    parse_or_parse_error(text)


# --- 2. Arbitrary bytes through read_report ----------------------------------------------------


def _encodings_of_corpus() -> st.SearchStrategy[bytes]:
    if not CORPUS:
        return st.nothing()

    @st.composite
    def encoded(draw: Callable[..., Any]) -> bytes:
        name = draw(st.sampled_from(sorted(CORPUS)))
        enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5"]))
        data = bytearray(CORPUS[name].encode(enc, errors="replace"))
        for _ in range(draw(st.integers(0, 4))):
            if not data:
                break
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        cut = draw(st.integers(0, len(data)))
        return bytes(data[:cut]) if draw(st.booleans()) else bytes(data)

    return encoded()


@MEDIUM
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        ANY_TEXT.map(lambda s: s.encode("utf-8", errors="surrogatepass")),
        VOCAB_TEXT.map(lambda s: s.encode("gb18030")),
        _encodings_of_corpus(),
    )
)
@example(data=b"")
@example(data=b"\x00")
@example(data=b"\xff\xfe")
@example(data=b"\xef\xbb\xbf")
@example(data=b"\x81")  # an incomplete GB18030 lead byte
@example(data=b"\xed\xa0\x80")  # a UTF-8-encoded lone surrogate
def test_arbitrary_bytes_read_report_raises_only_parse_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_bytes(data)
        try:
            report = read_report(path)
        except ParseError as err:
            n_lines = data.count(b"\n") + data.count(b"\r") + 1
            check_parse_error(err, source=str(path), n_lines=n_lines)
            return
        except Exception as err:
            note_input(err, data)
            raise
        check_report(report, data)


def test_read_report_of_missing_file_raises_parse_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-report.txt"
    with pytest.raises(ParseError) as info:
        read_report(missing)
    assert info.value.line == 0 and info.value.source == str(missing), (
        f"missing file: expected ParseError(line=0, source={str(missing)!r}), got {info.value!r}"
    )


def test_read_report_of_directory_raises_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as info:
        read_report(tmp_path)
    assert info.value.source == str(tmp_path), f"directory: source is {info.value.source!r}"


# --- 3b. Extreme numbers ------------------------------------------------------------------
#
# Found by the fuzzers above (a digit replaced by a long run of digits) and pinned here so
# they fail fast and deterministically. Python refuses int <-> str conversions beyond 4300
# digits (ValueError), and decimal's default context overflows past 10**999999
# (decimal.Overflow) as soon as such a number is added to anything.

_T2 = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
_T3 = "三、收到和处理政府信息公开申请情况\n申请人情况\n"
_T4 = "四、政府信息公开行政复议、行政诉讼情况\n"


def _extreme(n_digits: int) -> dict[str, str]:
    big = "9" * n_digits
    return {
        "table2": _T2 + f"规章\t{big}\t0\t0\n",
        "table3": _T3 + "一、本年新收政府信息公开申请数量\t" + "\t".join([big] + ["0"] * 6) + "\n",
        "table4": _T4 + "\t".join([big] + ["0"] * 14) + "\n",
    }


EXTREME_CASES = {
    **{f"{k}-4301-digits": v for k, v in _extreme(4301).items()},
    # 999…9 (4300 digits) + 0 rounds to 1E+4300 in decimal's context: 4301 digits as an int
    **{f"{k}-4300-digits": v for k, v in _extreme(4300).items()},
    # 10**1000000 is past decimal's Emax: any sum with it overflows (1 MB, under the size cap)
    "table3-1000001-digits": _extreme(1_000_001)["table3"],
    "table4-1000001-digits": _extreme(1_000_001)["table4"],
}


@pytest.mark.parametrize("name", sorted(EXTREME_CASES))
def test_extreme_numbers_parse_or_raise_parse_error(name: str) -> None:
    parse_or_parse_error(EXTREME_CASES[name], source=name)


@pytest.mark.parametrize(
    "text",
    [
        _T2.replace("（一）", "（八）") + "行政事业性收费\t" + "9" * 400 + ".5\n",
        _T2 + "规章\t0.5\t0\t" + "9" * 400 + ".5\n",
    ],
    ids=["admin-fees-400-digit-decimal", "rules-400-digit-decimal"],
)
def test_audit_record_is_strict_json(text: str) -> None:
    """Beyond the brief's contract: the audit record should be valid JSON (RFC 8259), so a
    non-integer too large for a float must not come out as ``Infinity``."""
    report = parse_text(text, source="strict")
    record = audit_record(report, check(report))
    try:
        json.dumps(record, ensure_ascii=False, allow_nan=False)
    except ValueError as err:
        inf = {
            k: v
            for k, v in record["cells"].items()
            if isinstance(v, float) and v in (float("inf"), float("-inf"))
        }
        raise AssertionError(
            f"audit record is not strict JSON ({err}); cells that became float infinity: {inf}"
        ) from err
