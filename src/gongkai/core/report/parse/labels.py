"""Recognising labels: the format's row labels, and labels a converter broke apart.

Two ways a converter breaks a label, both joined back here, and only where the joined
text is (the beginning of) one of the format's labels — nothing else is certain:

- **wrapped**: the label's tail stands alone on the next line, after the row's values
  (「5.要求行政机关确认或重新出具」 … 「已获取信息」): the tail is no cell, it belongs to
  the label;
- **cut**: the head of the next row's label ends this row (「行政处罚 0 0 0 行政强」, then
  「制 0 0 0」): the fragment is no cell, it begins the next label.

A label printed alone on its line and again at the start of the next (a ``###`` heading
over its row) is one label, not a row printed twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from gongkai.core.report.formats import FORMATS, Version
from gongkai.core.report.parse.normalize import fold, fold_label
from gongkai.core.report.parse.tokens import Token

__all__ = ["OFFICIAL", "join_fragments"]


def _official(table: str) -> tuple[str, ...]:
    labels: set[str] = set()
    for version in Version:
        spec = FORMATS[version].table(table)
        labels.update(fold_label(r.label) for r in spec.rows)
        labels.update(fold_label(g.label) for g in getattr(spec, "groups", ()))
    labels.update(("本年度办理结果", "其他处理"))
    return tuple(sorted(label for label in labels if label))


#: Every label of a table in either format, folded (no numbering, punctuation, spaces).
OFFICIAL = {"active": _official("active"), "apply": _official("apply")}

_NUMBERED = re.compile(
    r"^\s*(?:[(（]\s*[一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+\s*、|\d{1,2}\s*[.、．])"
)


@lru_cache(maxsize=1 << 12)
def _begins_label(table: str, folded: str) -> bool:
    """Is ``folded`` one of the table's labels, or the beginning of one?"""
    return len(folded) >= 2 and any(label.startswith(folded) for label in OFFICIAL[table])


def _alone(region: list[Token], n: int) -> bool:
    """Is ``region[n]`` the only cell of its line?"""
    nxt = n + 1 < len(region) and region[n + 1].line == region[n].line
    return region[n].first and not nxt


def join_fragments(table: str, region: list[Token], is_label: Callable[[str], bool]) -> list[Token]:
    """``region`` with wrapped tails joined to their labels and cut heads to the next
    label. ``is_label(folded)`` says whether a text opens a row."""
    if table not in OFFICIAL:
        return region
    out: list[Token] = []
    label: int | None = None  # where in ``out`` the last row label stands, while its values follow
    n = 0
    while n < len(region):
        t = region[n]
        if t.value is not None:
            out.append(t)
            n += 1
            continue
        folded = fold_label(t.text)
        nxt = region[n + 1] if n + 1 < len(region) else None
        last_on_line = nxt is None or nxt.line != t.line
        # A label repeated: alone on its line (a ``###`` heading), then opening the row.
        if (
            t.first
            and last_on_line
            and nxt is not None
            and nxt.first
            and nxt.value is None
            and (heading := fold_label(t.text.lstrip().lstrip("#")))
            and fold_label(nxt.text) == heading
            and is_label(heading)
        ):
            n += 1
            continue
        # A cut: this text ends its line after a value, the next line begins with text,
        # and the two make the beginning of a label that this text alone is not.
        if (
            last_on_line
            and nxt is not None
            and nxt.value is None
            and nxt.first
            and out
            and out[-1].value is not None
            and folded not in OFFICIAL[table]
            and not _NUMBERED.match(fold(nxt.text))
            and _begins_label(table, fold_label(t.text + nxt.text))
        ):
            region = [
                *region[: n + 1],
                Token(t.text + nxt.text, nxt.line, t.brk or nxt.brk, True, None),
                *region[n + 2 :],
            ]
            n += 1
            continue
        # A wrapped tail: alone on its line, right after a label's values, unnumbered,
        # and the label with it is (the beginning of) a label.
        head = out[label] if label is not None else None
        if (
            head is not None
            and _alone(region, n)
            and not _NUMBERED.match(fold(t.text))
            and _begins_label(table, fold_label(head.text + t.text))
            and len(fold_label(head.text + t.text)) > len(fold_label(head.text))
        ):
            assert label is not None
            out[label] = Token(head.text + t.text, head.line, head.brk, head.first, None)
            n += 1
            continue
        opens = is_label(folded) or (t.first and _begins_label(table, folded))
        label = len(out) if opens else None
        out.append(t)
        n += 1
    return out
