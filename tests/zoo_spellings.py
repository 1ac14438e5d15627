"""The layout zoo's eighth foreign class: the spellings of values real reports print.

- full-width digits (「１２」) and thousands separators (「1,234」「1，234」): the same
  number, to be read as it;
- a dash or a slash for zero (「—」「-」「/」) and an empty cell for zero: a mark the
  reader keeps as not-applicable or blank and, deliberately, counts 0 in a sum (never
  a number of its own; :func:`zoo.compare` with ``marks`` takes such a cell as read
  where the model holds 0);
- a unit after the number (「12件」, 「99.52万元」 in the fee column).

A report keeps to a style: each Doc draws one to three spellings and how often it uses
them. Kept apart from ``zoo.py``, which registers it in :data:`zoo.CLASSES`.
"""

from __future__ import annotations

import random
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoo import Doc

NAME = "8 value spellings"

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")
SPELLINGS = ("full-width", "thousands", "dash", "blank", "unit")


def _thousands(digits: str, sep: str) -> str:
    whole, dot, frac = digits.partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    return sep.join([whole, *groups]) + dot + frac


def spell(cell: str, style: tuple[str, ...], rnd: random.Random, *, amount: bool) -> str:
    """One value cell in the spellings of ``style`` (each used where it applies)."""
    if cell in ("0", "0.0", "0.00") and {"dash", "blank"} & set(style):
        marks = [m for m in ("dash", "blank") if m in style]
        return rnd.choice(["—", "-", "/"]) if rnd.choice(marks) == "dash" else ""
    out = cell
    if "thousands" in style and float(cell) >= 1000:
        out = _thousands(out, rnd.choice([",", "，"]))
    if "full-width" in style:
        out = out.translate(_WIDE)
    if "unit" in style:
        out += "万元" if amount else "件"
    return out


def value_spellings(doc: Doc, rnd: random.Random) -> None:
    """8. Values spelled as real reports do: full-width digits, thousands separators, a
    dash or an empty cell for zero, a unit after the number."""
    style = tuple(sorted(rnd.sample(SPELLINGS, rnd.randint(1, 3))))
    share = rnd.choice([0.3, 0.7, 1.0])
    for part in doc.parts:
        if not part.table:
            continue
        for i, item in enumerate(part.items):
            if isinstance(item, str):
                continue
            amount = part.table == "active" and "收费" in item[0]  # 行政事业性收费: 万元
            part.items[i] = tuple(
                spell(c, style, rnd, amount=amount)
                if _NUMBER.fullmatch(c) and rnd.random() < share
                else c
                for c in item
            )
