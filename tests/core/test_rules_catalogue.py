"""docs/rules.md and the code's rule catalogue stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from gongkai.core import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "gongkai"


def documented() -> dict[str, tuple[str, str]]:
    rows = re.findall(
        r"^\| `([A-Z0-9]+\.[EWI]\d{3})` \| (\S+) \| (\w+) \|",
        (ROOT / "docs" / "rules.md").read_text(),
        re.M,
    )
    return {rid: (rule, severity) for rid, rule, severity in rows}


def test_every_catalogued_id_is_documented_alike():
    code = {e.id: (e.rule, e.severity.value) for e in CATALOGUE.values()}
    assert documented() == code


def test_ids_follow_their_severity():
    for e in CATALOGUE.values():
        letter = e.id.split(".")[1][0]
        assert {"E": "error", "W": "warning", "I": "info"}[letter] == e.severity.value, e.id


def test_every_id_the_code_emits_is_catalogued_and_every_catalogued_id_is_emitted():
    source = "\n".join(p.read_text() for p in SRC.rglob("*.py") if p.name != "catalogue.py")
    emitted = set(re.findall(r'"([A-Z0-9]+\.[EWI]\d{3})"', source))
    assert emitted <= set(CATALOGUE), emitted - set(CATALOGUE)
    assert set(CATALOGUE) <= emitted, set(CATALOGUE) - emitted
