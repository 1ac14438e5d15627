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


def join_fragments(
    table: str,
    region: list[Token],
    is_label: Callable[[str], bool],
    texts: list[int] | None = None,
) -> list[Token]:
    """``region`` with wrapped tails joined to their labels and cut heads to the next
    label. ``is_label(folded)`` says whether a text opens a row; ``texts``, if given,
    are the indices of the region's texts. Only the texts that end a line are visited,
    and the region is copied only when something is joined."""
    if table not in OFFICIAL:
        return region
    size = len(region)
    dropped: set[int] = set()
    changed: dict[int, Token] = {}
    # Every rule needs a text that ends its line: the only ones visited.
    if texts is None:
        texts = [n for n, t in enumerate(region) if t.value is None]
    for n in [n for n in texts if n + 1 == size or region[n + 1].first]:
        t = changed.get(n, region[n])
        nxt = changed.get(n + 1, region[n + 1]) if n + 1 < size else None
        if nxt is not None and nxt.first and nxt.value is None:
            # A label repeated: alone on its line (a ``###`` heading), then opening the row.
            if (
                t.first
                and (heading := fold_label(t.text.lstrip().lstrip("#")))
                and fold_label(nxt.text) == heading
                and is_label(heading)
            ):
                dropped.add(n)
                continue
            # A cut: this text ends its line after a value, the next line begins with
            # text, and the two make the beginning of a label that this text is not.
            if (
                n > 0
                and region[n - 1].value is not None
                and fold_label(t.text) not in OFFICIAL[table]
                and not _NUMBERED.match(fold(nxt.text))
                and _begins_label(table, fold_label(t.text + nxt.text))
            ):
                dropped.add(n)
                changed[n + 1] = Token(t.text + nxt.text, nxt.line, t.brk or nxt.brk, True, None)
                continue
        # A wrapped tail: alone on its line, right after a label (and its values),
        # unnumbered, and the label with it is (the beginning of) a label.
        if not t.first:
            continue
        previous = n - 1
        while previous >= 0 and (region[previous].value is not None or previous in dropped):
            previous -= 1
        if previous < 0:
            continue
        head = changed.get(previous, region[previous])
        folded = fold_label(head.text)
        joined = fold_label(head.text + t.text)
        if (
            (is_label(folded) or (head.first and _begins_label(table, folded)))
            and not _NUMBERED.match(fold(t.text))
            and _begins_label(table, joined)
            and len(joined) > len(folded)
        ):
            changed[previous] = Token(head.text + t.text, head.line, head.brk, head.first, None)
            dropped.add(n)
    if not dropped and not changed:
        return region
    return [changed.get(n, t) for n, t in enumerate(region) if n not in dropped]
