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


def test_every_rule_family_has_a_chinese_name_for_readers():
    from gongkai.core.report.rules.catalogue import RULE_NAMES, rule_name

    families = {e.rule for e in CATALOGUE.values()}
    assert families == set(RULE_NAMES)
    for family in families:
        # a name a Chinese reader understands: no English word (the format's R1…R9 keep their number)
        assert not re.search(r"[A-Za-z]{2,}", rule_name(family)), family
        assert re.search(r"[\u4e00-\u9fff]", rule_name(family)), family
    assert rule_name("XYZ") == "XYZ"
