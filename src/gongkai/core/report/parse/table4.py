"""Table 4's rows: where the table starts, and its one data row.

Table 4 has no row labels: it is found by its anchor or its header words (「行政复议」 over
「行政诉讼」, or over its own five columns; a header a PDF broke into fragments), and its
fifteen values are read after the header — or assembled from three five-column parts,
each under a title naming its group.
"""

from __future__ import annotations

from functools import lru_cache

from gongkai.core.report.model import Value, ValueKind
from gongkai.core.report.parse.headings import opens_review, opens_table
from gongkai.core.report.parse.normalize import fold_label
from gongkai.core.report.parse.rows import T4_HEADER, RawRow, RawTable, unreadable_cell
from gongkai.core.report.parse.tokens import Token

__all__ = ["opens_review_at", "read_review"]


def opens_review_at(tokens: list[Token], i: int) -> bool:
    """Does Table 4 start at ``tokens[i]`` (its anchor, or 「行政复议」 over its groups)?"""
    t = tokens[i]
    if "复" not in t.text:  # most cells: no need to fold them
        return False
    if "复议" not in t.text:
        return _over_broken_header(tokens, i)
    if opens_table(t.text) == "review":
        return True
    if i + 1 < len(tokens) and opens_review([t.text, tokens[i + 1].text]):
        return True
    return _over_broken_header(tokens, i)


#: Every character of Table 4's header words: a PDF that lays the narrow header columns
#: out character by character (「行政复 / 议」, 「结果维 / 持」) leaves only these.
_T4_HEADER_CHARS = frozenset("".join(T4_HEADER) + "未经复议后起诉")
_T4_VALUES = 15


def _over_broken_header(tokens: list[Token], i: int) -> bool:
    """A heading that names both 行政复议 and 行政诉讼 (「三、政府信息公开行政复议、行政诉讼
    情况」, an annex's numbering) or the header's own first fragment (「行政复」), then
    nothing but fragments of Table 4's header words, then one line of exactly its fifteen
    values: Table 4, whose header the converter broke apart. Anything else between
    (prose, another table's labels) and it is not."""
    t = tokens[i]
    if not t.first or t.value is not None:
        return False
    head = fold_label(t.text)
    if head.startswith("行政复") and _T4_HEADER_CHARS.issuperset(head):
        j = i  # the header's first fragment: it counts among them
    elif "复议" in head and "诉讼" in head and len(head) <= 30:
        j = i + 1
    else:
        return False
    fragments = 0
    while j < len(tokens) and tokens[j].value is None:
        folded = fold_label(tokens[j].text)
        if folded and not _T4_HEADER_CHARS.issuperset(folded):
            return False
        fragments += 1
        j += 1
        if fragments > 60:
            return False
    if fragments < 5 or j >= len(tokens):
        return False
    line = tokens[j].line
    run = 0
    while j < len(tokens) and tokens[j].line == line:
        if tokens[j].value is None:
            return False
        run += 1
        j += 1
    return run == _T4_VALUES


def read_review(raw: RawTable, region: list[Token]) -> None:
    last_text = -1
    parts = False  # values stand between header words: Table 4 printed in parts
    for n, t in enumerate(region):
        if t.value is None:
            folded = fold_label(t.text)
            if _names_t4_header(folded) or not folded:
                parts = parts or (n > last_text + 1 and last_text >= 0)
                last_text = n
                raw.header.append(t)
            elif n > last_text and any(v.value is not None for v in region[last_text + 1 : n]):
                break  # narrative after the numbers
            else:
                last_text = n
    assembled = (
        _review_parts(region[: last_text + 1 + _run_length(region, last_text + 1)])
        if parts
        else None
    )
    if assembled is not None:
        raw.rows.append(assembled)
        return
    row = RawRow("", "", region[last_text + 1].line if last_text + 1 < len(region) else raw.line)
    for t in region[last_text + 1 :]:
        if t.value is None:
            if not unreadable_cell(fold_label(t.text)):
                break
            t = Token(
                t.text, t.line, t.brk, t.first, Value(ValueKind.INVALID, raw=t.text, line=t.line)
            )
            row.text_cells = True
        row.values.append(t)
    if row.values or raw.header:
        raw.rows.append(row)


@lru_cache(maxsize=1 << 12)
def _names_t4_header(folded: str) -> bool:
    """Does the text hold one of Table 4's header words? (Cached: the same few headers
    repeat in every report.)"""
    return any(h in folded for h in T4_HEADER)


@lru_cache(maxsize=1 << 12)
def _names_t4_column(folded: str) -> bool:
    """Does the text hold the title of one of a Table 4 group's five columns?"""
    return any(w in folded for w in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))


def _run_length(region: list[Token], start: int) -> int:
    n = start
    while n < len(region) and region[n].value is not None:
        n += 1
    return n - start


#: Table 4's groups in the format's order, by the words of their titles (the litigation
#: groups first: their titles hold 「复议」 too).
_T4_GROUPS = (("复议后起诉", 2), ("直接起诉", 1), ("行政复议", 0))


def _review_parts(region: list[Token]) -> RawRow | None:
    """Table 4 printed as three five-column tables (复议; 未经复议直接起诉; 复议后起诉): its
    data row assembled in the format's order — only when each part's five values stand
    under a title that names its group, and the three titles name three groups."""
    parts: dict[int, list[Token]] = {}
    title = ""
    n = 0
    while n < len(region):
        t = region[n]
        if t.value is None:
            folded = fold_label(t.text)
            if not _names_t4_column(folded):
                title = folded
            n += 1
            continue
        run = _run_length(region, n)
        group = next((g for w, g in _T4_GROUPS if w in title), None)
        if run != 5 or group is None or group in parts:
            return None
        parts[group] = region[n : n + 5]
        title = ""
        n += run
    if sorted(parts) != [0, 1, 2]:
        return None
    values = [t for g in (0, 1, 2) for t in parts[g]]
    return RawRow("", "", values[0].line, values=values)
