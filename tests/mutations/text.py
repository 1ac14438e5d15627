"""Mutations of any text or bytes -- a digit replaced, a span deleted, junk inserted, the
input cut off, bytes flipped -- and of plain-text reports line by line (lines deleted,
duplicated, swapped, merged or split).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .choosers import Chooser, T, pick

# --- Text-level helpers ------------------------------------------------------------------

JUNK = "0123456789|/—-\t 　（）()一二三四五六、.总计其他\n０１２３小计合计，。:：+万元件<>&;\"'="
DIGIT_REPLACEMENTS = (
    "",
    " ",
    "O",
    "一",
    "/",
    "-",
    "—",
    "|",
    "０",
    ",",
    ".",
    "万",
    "9" * 30,
    "9" * 400,
    "9" * 4301,
    "-5",
    "1e999",
    "NaN",
)


def _junk(c: Chooser) -> str:
    return "".join(pick(c, JUNK) for _ in range(c.integer(1, 12)))


def find_spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text, re.S)]


def replace_digit(c: Chooser, text: str) -> tuple[str, str]:
    digits = [m.start() for m in re.finditer(r"\d", text)]
    if not digits:
        return text, "replace digit (none)"
    k = pick(c, digits)
    rep = pick(c, DIGIT_REPLACEMENTS)
    return text[:k] + rep + text[k + 1 :], f"replace digit at {k} with {rep[:12]!r}"


def truncate(c: Chooser, text: T) -> tuple[T, str]:
    n = len(text)  # type: ignore[arg-type]
    at = c.integer(0, n)
    return text[:at], f"truncate at {at} of {n}"  # type: ignore[index]


def delete_span(c: Chooser, text: str) -> tuple[str, str]:
    if not text:
        return text, "delete span (empty)"
    at = c.integer(0, len(text) - 1)
    n = c.integer(1, 64)
    return text[:at] + text[at + n :], f"delete {n} chars at {at}"


def insert_junk(c: Chooser, text: str) -> tuple[str, str]:
    at = c.integer(0, len(text))
    junk = _junk(c)
    return text[:at] + junk + text[at:], f"insert {junk!r} at {at}"


def flip_bytes(c: Chooser, data: bytes, *, most: int = 8) -> tuple[bytes, list[str]]:
    buf = bytearray(data)
    done = []
    for _ in range(c.integer(1, most)):
        if not buf:
            break
        at = c.integer(0, len(buf) - 1)
        buf[at] = c.integer(0, 255)
        done.append(f"byte {at} = {buf[at]}")
    return bytes(buf), done


# --- Plain text -------------------------------------------------------------------------------


def _lines_op(c: Chooser, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    i = c.integer(0, len(lines) - 1)
    op = c.integer(0, 4)
    if op == 0:
        return "\n".join(lines[:i] + lines[i + 1 :]), f"delete line {i + 1}"
    if op == 1:
        return "\n".join(lines[: i + 1] + lines[i:]), f"duplicate line {i + 1}"
    if op == 2:
        j = c.integer(0, len(lines) - 1)
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines), f"swap lines {i + 1} and {j + 1}"
    if op == 3 and i + 1 < len(lines):
        sep = pick(c, ("", " ", " | ", "\t"))
        return "\n".join([*lines[:i], lines[i] + sep + lines[i + 1], *lines[i + 2 :]]), (
            f"merge line {i + 1} with the next"
        )
    at = c.integer(0, len(lines[i]))
    return "\n".join([*lines[:i], lines[i][:at], lines[i][at:], *lines[i + 1 :]]), (
        f"split line {i + 1} at {at}"
    )


TEXT_MUTATIONS: dict[str, Callable[[Chooser, str], tuple[str, str]]] = {
    "lines": _lines_op,
    "junk": insert_junk,
    "replace_digit": replace_digit,
    "delete_span": delete_span,
    "truncate": truncate,
}


def mutate_text(c: Chooser, text: str, *, steps: int | None = None) -> tuple[str, list[str]]:
    done: list[str] = []
    for _ in range(c.integer(1, 5) if steps is None else steps):
        name = pick(c, sorted(TEXT_MUTATIONS))
        text, what = TEXT_MUTATIONS[name](c, text)
        done.append(what)
    return text, done
