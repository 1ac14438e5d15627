"""Property-based tests holding the text reader to its contract.

The contract (see ``gongkai.core.errors``): for ANY input, ``parse_text`` either
returns an :class:`AnnualReport` or raises :class:`ParseError` -- never any other
exception -- and on a returned report ``check``, ``audit_record`` and
``json.dumps(record, ensure_ascii=False)`` never raise. ``read_report`` on any
bytes likewise raises only ``ParseError``.

Besides random text and bytes, the inputs are real reports (the Xinglong 2023 seed
and the fixture reports under ``shared/``) mutated the way copied, scraped and
hand-edited reports get mangled: lines dropped, duplicated, swapped, merged or
split, spans deleted, junk inserted, digits replaced, the text cut off.

Targeted properties:
* truncating the seed at a line boundary never invents a cell, nor changes the
  number of a cell the whole text also shows;
* parsing is deterministic.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import (
    Phase,
    assume,
    currently_in_test_context,
    event,
    example,
    given,
    settings,
)
from hypothesis import strategies as st

from gongkai.core import AnnualReport, ParseError, audit_record, check, parse_text, read_report

# --- The corpus ---------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED_PATH = SHARED / "seed" / "xinglong-2023-annual-report.txt"
FIXTURE_PATHS = sorted((SHARED / "fixtures" / "reports").glob("*.txt"))

CORPUS: dict[str, str] = {
    p.name: p.read_text(encoding="utf-8") for p in [SEED_PATH, *FIXTURE_PATHS] if p.is_file()
}
SEED_TEXT: str | None = CORPUS.get(SEED_PATH.name)

needs_corpus = pytest.mark.skipif(not CORPUS, reason=f"no corpus under {SHARED}")
needs_seed = pytest.mark.skipif(SEED_TEXT is None, reason=f"seed report missing: {SEED_PATH}")

CELL_PREFIXES = ("active.", "apply.", "review.", "lit_direct.", "lit_after_review.")

# Examples per property: the whole file should run in well under a minute on 2 cores.
# GONGKAI_FUZZ_SCALE=20 multiplies them, for a longer hunt.
_SCALE = max(1, int(os.environ.get("GONGKAI_FUZZ_SCALE", "1")))
# No explain phase: it re-runs a failing case many times over (seconds per bug on a 20 KB
# report) for a comment that adds little here.
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
FAST = settings(max_examples=300 * _SCALE, deadline=None, phases=_PHASES)
MEDIUM = settings(max_examples=200 * _SCALE, deadline=None, phases=_PHASES)


# --- The contract, as one helper ------------------------------------------------------


def _event(what: str, payload: int | None = None) -> None:
    """Outcome statistics for ``--hypothesis-show-statistics`` (no-op outside Hypothesis)."""
    if currently_in_test_context():
        event(what) if payload is None else event(what, payload=payload)


def short_repr(text: str | bytes, limit: int = 3000) -> str:
    """A Python expression equal to ``text``, with runs of one character written
    ``'9' * 4301`` so that the long inputs the fuzzers find stay readable."""
    parts: list[str] = []
    literal = text[:0]
    items = [text[i : i + 1] for i in range(len(text))]  # str or bytes, one char each
    for char, run in itertools.groupby(items):
        chunk = text[:0].join(run)
        if len(chunk) > 12:
            if literal:
                parts.append(repr(literal))
                literal = text[:0]
            parts.append(f"{char!r} * {len(chunk)}")
        else:
            literal += chunk
    if literal or not parts:
        parts.append(repr(literal))
    shown = " + ".join(parts)
    if len(shown) > limit:
        shown = shown[:limit] + f" ... [cut: {len(text)} chars/bytes in all]"
    return shown


def _note(err: BaseException, text: str | bytes) -> None:
    """Attach the offending input to an unexpected exception, keeping its traceback
    (so Hypothesis still tells distinct bugs apart by where they are raised)."""
    shown = short_repr(text)
    err.add_note(f"CONTRACT BROKEN: {type(err).__name__} escaped the reader (only ParseError may).")
    err.add_note(f"input: {shown}")


def _check_parse_error(err: ParseError, *, source: str, n_lines: int) -> None:
    assert isinstance(err.line, int) and not isinstance(err.line, bool), (
        f"ParseError.line must be an int, got {err.line!r} ({type(err.line).__name__}): {err}"
    )
    assert err.line >= 0, f"ParseError.line must be >= 0, got {err.line}: {err}"
    assert err.line <= n_lines + 1, (
        f"ParseError.line {err.line} points past the end of a {n_lines}-line input: {err}"
    )
    assert isinstance(err.source, str), f"ParseError.source must be a str, got {err.source!r}"
    assert err.source == source, (
        f"ParseError.source is {err.source!r}, expected the source passed in, {source!r}: {err}"
    )


def _line_count(text: str) -> int:
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _check_report(report: AnnualReport, text: str | bytes) -> dict[str, Any]:
    """Run the rules and the audit record on a parsed report; return the record."""
    assert isinstance(report, AnnualReport), (
        f"parse returned {type(report).__name__}, not AnnualReport"
    )
    try:
        findings = check(report)
        record = audit_record(report, findings)
        dumped = json.dumps(record, ensure_ascii=False)
    except Exception as err:
        err.add_note("CONTRACT BROKEN: check/audit_record/json.dumps raised on a parsed report.")
        _note(err, text)
        raise
    assert isinstance(findings, list), f"check() returned {type(findings).__name__}, not a list"
    assert json.loads(dumped) == json.loads(json.dumps(record)), (
        "audit record does not round-trip through JSON"
    )
    bad = [cell for cell in record["cells"] if not cell.startswith(CELL_PREFIXES)]
    assert not bad, (
        f"cell ids outside the tables {CELL_PREFIXES}: {bad!r}\ninput: {short_repr(text)}"
    )
    return record


def parse_or_parse_error(text: str, *, source: str = "<fuzz>") -> dict[str, Any] | None:
    """The contract for ``parse_text``: the audit record of the report, or None on ParseError."""
    try:
        report = parse_text(text, source=source)
    except ParseError as err:
        _check_parse_error(err, source=source, n_lines=_line_count(text))
        _event("ParseError")
        return None
    except Exception as err:
        _note(err, text)
        raise
    _event("report", payload=len(report.cells))
    return _check_report(report, text)


# --- Strategies: arbitrary text ---------------------------------------------------------

# Characters the reader treats specially, plus CJK, full-width forms and controls.
SPECIAL = (
    "|\t \u3000\u00a0\u200b\ufeff\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    "0123456789０１２３４５６７８９+-.,，。；：:/\\—–－―─*×"
    "()（）[]「」“”一二三四五六七八九十、．"
    "第条项部分年度政府信息公开工作报告总计合计其他小计万元件"
)
SPECIAL_CHARS = st.sampled_from(SPECIAL)

ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.one_of(SPECIAL_CHARS, st.characters()), max_size=300),
    # Lone surrogates are legal in a Python str.
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=100),
)

# Fragments of real reports, to build text that reaches the table readers.
VOCAB = [
    "2023年政府信息公开工作年度报告",
    "某某县人民政府",
    "2019年度政府信息公开工作年度报告",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "第二十条第（一）项",
    "第二十条第(五)项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
    "信息内容",
    "本年制发件数",
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "处理决定数量",
    "规章",
    "行政规范性文件",
    "规范性文件",
    "行政许可",
    "对外管理服务事项",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "政府集中采购",
    "采购项目数量",
    "采购总金额",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "小计",
    "总计",
    "合计",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开",
    "（三）不予公开",
    "1.属于国家秘密",
    "8.属于行政查询事项",
    "（四）无法提供",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正",
    "2.申请人逾期未按收费通知要求缴纳费用",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未经复议直接起诉",
    "复议后起诉",
    "0",
    "1",
    "52",
    "1,234",
    "+10",
    "-3",
    "12.5",
    "142万元",
    "3件",
    "/",
    "—",
    "-",
    "无",
    "",
    "x",
    "请与某某县政务公开办公室联系",
    "统计期限自2023年1月1日起",
]
SEPARATORS = ["\n", "\n\n", "\t", "|", " | ", "  ", " ", "\n\t", "\t\n", "\n|", "|\n"]

# A run of digits: real reports never print a 5000-digit count, but the reader must
# not break on one (Python refuses int <-> str beyond 4300 digits).
# Lengths are biased towards the limits that matter: 28 (decimal's default precision),
# ~309 (beyond a float) and 4300 (int <-> str).
DIGIT_RUNS = st.builds(
    lambda d, n: d * n,
    st.sampled_from("0123456789"),
    st.one_of(
        st.integers(2, 40),
        st.sampled_from([28, 29, 308, 309, 310, 4299, 4300, 4301]),
        st.integers(2, 5000),
    ),
)

VOCAB_TEXT = st.lists(
    st.one_of(
        st.sampled_from(VOCAB),
        st.sampled_from(SEPARATORS),
        st.text(SPECIAL, max_size=4),
        DIGIT_RUNS,
    ),
    max_size=120,
).map("".join)


# --- Strategies: mutated real reports ---------------------------------------------------

JUNK = "0123456789|/—-\t 　（）()一二三四五六、.总计其他\n０１２３小计合计，。:：+万元件"
JUNK_TEXT = st.text(alphabet=JUNK, min_size=1, max_size=12)
DIGIT_REPLACEMENTS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "O",
            "o",
            "l",
            "I",
            "一",
            "/",
            "-",
            "—",
            "|",
            "\t",
            "０",
            "９",
            ",",
            ".",
            "x",
            "万",
        ]
    ),
    st.characters(),
    DIGIT_RUNS,
)
MERGE_SEPARATORS = st.sampled_from(["", " ", " | ", "\t"])

MUTATIONS = (
    "delete_line",
    "duplicate_line",
    "swap_lines",
    "merge_lines",
    "split_line",
    "delete_span",
    "insert_string",
    "replace_digit",
    "truncate",
)


def _mutate(draw: Callable[..., Any], text: str, op: str) -> tuple[str, str]:
    """Apply one mutation; return the new text and a description of what was done."""
    lines = text.split("\n")
    n = len(lines)
    if op == "delete_line":
        i = draw(st.integers(0, n - 1))
        return "\n".join(lines[:i] + lines[i + 1 :]), f"delete line {i + 1}"
    if op == "duplicate_line":
        i = draw(st.integers(0, n - 1))
        return "\n".join(lines[: i + 1] + lines[i:]), f"duplicate line {i + 1}"
    if op == "swap_lines":
        i = draw(st.integers(0, n - 1))
        j = draw(st.integers(0, n - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines), f"swap lines {i + 1} and {j + 1}"
    if op == "merge_lines":
        if n < 2:
            return text, "merge (no-op: one line)"
        i = draw(st.integers(0, n - 2))
        sep = draw(MERGE_SEPARATORS)
        merged = [*lines[:i], lines[i] + sep + lines[i + 1], *lines[i + 2 :]]
        return "\n".join(merged), f"merge line {i + 1} with the next using {sep!r}"
    if op == "split_line":
        i = draw(st.integers(0, n - 1))
        at = draw(st.integers(0, len(lines[i])))
        split = [*lines[:i], lines[i][:at], lines[i][at:], *lines[i + 1 :]]
        return "\n".join(split), f"split line {i + 1} at {at}"
    if op == "delete_span":
        if not text:
            return text, "delete span (no-op: empty)"
        start = draw(st.integers(0, len(text) - 1))
        length = draw(st.integers(1, 40))
        return text[:start] + text[start + length :], f"delete {length} chars at {start}"
    if op == "insert_string":
        at = draw(st.integers(0, len(text)))
        junk = draw(JUNK_TEXT)
        return text[:at] + junk + text[at:], f"insert {short_repr(junk)} at {at}"
    if op == "replace_digit":
        digits = [k for k, c in enumerate(text) if c.isdigit()]
        if not digits:
            return text, "replace digit (no-op: no digits)"
        k = draw(st.sampled_from(digits))
        rep = draw(DIGIT_REPLACEMENTS)
        return text[:k] + rep + text[k + 1 :], f"replace {text[k]!r} at {k} with {short_repr(rep)}"
    if op == "truncate":
        at = draw(st.integers(0, len(text)))
        return text[:at], f"truncate at {at}"
    raise AssertionError(f"unknown mutation {op}")  # pragma: no cover


@st.composite
def mutated_reports(
    draw: Callable[..., Any], names: list[str] | None = None
) -> tuple[str, list[str], str]:
    """(corpus file, mutations applied, mutated text)."""
    name = draw(st.sampled_from(names or sorted(CORPUS)))
    text = CORPUS[name]
    steps: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(MUTATIONS))
        text, what = _mutate(draw, text, op)
        steps.append(what)
    return name, steps, text


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
            _check_parse_error(err, source=str(path), n_lines=n_lines)
            return
        except Exception as err:
            _note(err, data)
            raise
        _check_report(report, data)


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
