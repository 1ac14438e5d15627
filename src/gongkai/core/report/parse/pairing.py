"""Pairing labels with value rows printed apart from them.

Some converters print a block of row labels, then the value rows without labels. The
pairing is certain only where the counts agree: as many value rows as labels that carry
values (a group label such as 「（三）不予公开」 carries none), taken in order. Then each
label is given its row's values, as if printed on its line. Where the counts differ, the
labels are left without values (each is reported as a row printed without its cells)
and the values are dropped — never attached to the last label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from gongkai.core.report.parse.normalize import fold, fold_label
from gongkai.core.report.parse.tokens import Token

__all__ = ["pair_label_blocks"]

#: Group labels of Table 3: printed as labels, they carry no values.
_GROUPS = frozenset(("本年度办理结果", "三本年度办理结果", "不予公开", "无法提供", "不予处理"))
_OTHER_ITEMS = ("不补正", "缴纳费用", "收费通知")
_BARE = frozenset(("其他", "总计", "合计"))


def _bare(text: str) -> str:
    """The text without punctuation or spaces, numbering kept."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _carries_values(folded: str, block: list[str]) -> bool:
    if folded in _GROUPS:
        return False
    if folded == "其他处理":  # one row in the 2019 format, a group over three in 2021
        return not any(k in f for f in block for k in _OTHER_ITEMS)
    return True


def _may_hold_block(region: list[Token], is_label: Callable[[str], bool], texts: list[int]) -> bool:
    """Are there two labels in a row, each alone on its line? (A quick look first.)"""
    last = len(region) - 1
    previous = -2  # index of the last label seen alone on its line
    for n in [n for n in texts if region[n].first]:
        if n < last and not region[n + 1].first:
            continue  # not alone on its line
        if is_label(fold_label(region[n].text)):
            if previous == n - 1:
                return True
            previous = n
    return False


def _lines(region: list[Token], start: int) -> list[tuple[int, int]]:
    """The lines from ``start`` on, as (first, end) index pairs."""
    out = []
    n = start
    while n < len(region):
        end = n + 1
        while end < len(region) and not region[end].first:
            end += 1
        out.append((n, end))
        n = end
    return out


def pair_label_blocks(
    region: list[Token],
    grouped: bool,
    is_label: Callable[[str], bool],
    texts: list[int] | None = None,
) -> list[Token]:
    """``region`` with each block of two or more labels (each alone on its line) that is
    followed by value rows rewritten as labels each followed by its row — where the
    counts agree; see the module's docstring. ``texts``, if given, are the indices of
    the region's texts."""
    if texts is None:
        texts = [n for n, t in enumerate(region) if t.value is None]
    if not _may_hold_block(region, is_label, texts):
        return region  # the usual case: every label has values on its line or after it
    lines = _lines(region, 0)
    out: list[Token] = []
    k = 0
    while k < len(lines):
        block = _label_block(region, lines, k, is_label, grouped)
        labels = [region[lines[j][0]] for j in block]
        folded = [fold_label(t.text) for t in labels]
        carrying = [t for t, f in zip(labels, folded, strict=True) if _carries_values(f, folded)]
        if len(carrying) < 2:  # one label before its values: they are its own, as always
            a, b = lines[k]
            out.extend(region[a:b])
            k += 1
            continue
        k += len(block)
        values: list[Token] = []
        while k < len(lines) and all(t.value is not None for t in region[slice(*lines[k])]):
            values.extend(region[slice(*lines[k])])
            k += 1
        rows = _value_rows(values, grouped)
        if len(rows) != len(carrying):
            out.extend(labels)  # the counts differ: nothing is certain; the values are dropped
            continue
        given = dict(zip((id(t) for t in carrying), rows, strict=True))
        for t in labels:
            out.append(replace(t, brk=True) if grouped else t)
            row = given.get(id(t), [])
            out.extend(replace(v, line=t.line, first=False, brk=False) for v in row)
    return out


def _label_block(
    region: list[Token],
    lines: list[tuple[int, int]],
    k: int,
    is_label: Callable[[str], bool],
    grouped: bool,
) -> list[int]:
    """The lines from ``lines[k]`` on that hold one row label each and nothing else (and,
    where rows are apart by empty lines, no empty line between them)."""
    block: list[int] = []
    while k < len(lines):
        a, b = lines[k]
        t = region[a]
        if block and grouped and t.brk:
            break
        if b - a != 1 or t.value is not None or not is_label(fold_label(t.text)):
            break
        if fold_label(t.text) in _BARE and fold_label(t.text) == _bare(t.text):
            break  # 「其他」「总计」 unnumbered: column headers, not rows
        block.append(k)
        k += 1
    if k >= len(lines) or region[lines[k][0]].value is None:
        return []  # not followed by values: labels printed on their own, as usual
    return block


def _value_rows(values: list[Token], grouped: bool) -> list[list[Token]]:
    """Split a run of values into rows: by line, or where a row's cells stand on
    consecutive lines and rows are apart by empty lines, by empty line."""
    rows: list[list[Token]] = []
    by_break = grouped and any(v.brk for v in values[1:])
    for v in values:
        starts = v.brk if by_break else v.first
        if starts or not rows:
            rows.append([])
        rows[-1].append(v)
    return rows
