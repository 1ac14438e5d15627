"""Check digits of the two numbers an applicant most often gives (条例第二十九条): the
resident identity card number (GB 11643-1999: 17 digits, then a check character by
ISO 7064 MOD 11-2) and the unified social credit code (GB 32100-2015: 17 characters of
its alphabet, then a check character modulo 31). A typing slip in either is caught at
once, instead of an application that cannot be matched to its applicant."""

from __future__ import annotations

import re
from datetime import date

_RESIDENT = re.compile(r"\d{17}[\dX]")
_RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_CHECK = "10X98765432"

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT = re.compile(f"[{CREDIT_ALPHABET}]{{18}}")
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def looks_like_resident_id(number: str) -> bool:
    """18 characters shaped like a resident identity card number (17 digits, then a
    digit or X)."""
    return _RESIDENT.fullmatch(number) is not None


def resident_id_valid(number: str) -> bool:
    """A resident identity card number whose birth date exists and whose check
    character matches."""
    if not looks_like_resident_id(number):
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _RESIDENT_WEIGHTS, strict=True))
    return _RESIDENT_CHECK[total % 11] == number[17]


def credit_code_valid(code: str) -> bool:
    """A unified social credit code whose check character matches."""
    if _CREDIT.fullmatch(code) is None:
        return False
    total = sum(
        CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_ALPHABET[(31 - total % 31) % 31] == code[17]
