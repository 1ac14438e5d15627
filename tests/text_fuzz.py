"""The text reader's contract as one helper, its corpus and the Hypothesis strategies,
shared by the ``test_parse_fuzz_*`` modules.

The contract (see ``gongkai.core.errors``): for ANY input, ``parse_text`` either
returns an :class:`AnnualReport` or raises :class:`ParseError` -- never any other
exception -- and on a returned report ``check``, ``audit_record`` and
``json.dumps(record, ensure_ascii=False)`` never raise. ``read_report`` on any
bytes likewise raises only ``ParseError``.

Besides random text and bytes, the inputs are real reports (the Xinglong 2023 seed
and the fixture reports under ``shared/``) mutated the way copied, scraped and
hand-edited reports get mangled: lines dropped, duplicated, swapped, merged or
split, spans deleted, junk inserted, digits replaced, the text cut off.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, currently_in_test_context, event, settings
from hypothesis import strategies as st

from gongkai.core import AnnualReport, ParseError, audit_record, check, parse_text

# --- The corpus ---------------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_PATH = SHARED / "seed" / "xinglong-2023-annual-report.txt"
FIXTURE_PATHS = sorted((SHARED / "fixtures" / "reports").glob("*.txt"))

CORPUS: dict[str, str] = {
    p.name: p.read_text(encoding="utf-8") for p in [SEED_PATH, *FIXTURE_PATHS] if p.is_file()
}
SEED_TEXT: str | None = CORPUS.get(SEED_PATH.name)

needs_corpus = pytest.mark.skipif(not CORPUS, reason=f"no corpus under {SHARED}")
needs_seed = pytest.mark.skipif(SEED_TEXT is None, reason=f"seed report missing: {SEED_PATH}")

CELL_PREFIXES = ("active.", "apply.", "review.", "lit_direct.", "lit_after_review.")

# Examples per property: the test_parse_fuzz_* modules should run in well under a minute
# on 2 cores together.
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


def note_input(err: BaseException, text: str | bytes) -> None:
    """Attach the offending input to an unexpected exception, keeping its traceback
    (so Hypothesis still tells distinct bugs apart by where they are raised)."""
    shown = short_repr(text)
    err.add_note(f"CONTRACT BROKEN: {type(err).__name__} escaped the reader (only ParseError may).")
    err.add_note(f"input: {shown}")


def check_parse_error(err: ParseError, *, source: str, n_lines: int) -> None:
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


def check_report(report: AnnualReport, text: str | bytes) -> dict[str, Any]:
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
        note_input(err, text)
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
        check_parse_error(err, source=source, n_lines=_line_count(text))
        _event("ParseError")
        return None
    except Exception as err:
        note_input(err, text)
        raise
    _event("report", payload=len(report.cells))
    return check_report(report, text)


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
