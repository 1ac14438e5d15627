"""The Chinese catalogue (the default language) is complete, keeps every placeholder, and
the committed .mo is the compiled form of the committed .po.

After adding strings, from src/gongkai/web: `django-admin makemessages -l zh_Hans
--ignore 'migrations/*' --no-obsolete`, translate the new entries, `django-admin
compilemessages`, and commit both django.po and django.mo.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import gongkai.web

LC_MESSAGES = Path(gongkai.web.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?) (".*")$')


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(text: str) -> list[Entry]:
    """A PO file's live entries (obsolete `#~` entries are skipped); the header is the
    entry whose msgid is empty. Enough of the format for what makemessages writes."""
    entries: list[Entry] = []
    cur: Entry | None = None
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal cur, target
        if cur is not None:
            entries.append(cur)
        cur, target = None, None

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if target is not None and target[0] != "comment":
                finish()  # comments start a new entry
            if cur is None:
                cur = Entry(line=n)
            target = ("comment", 0)
            if line.startswith("#,"):
                cur.flags.update(f.strip() for f in line[2:].split(","))
            continue
        m = _KEYWORD.match(line)
        if m:
            key, index, value = m.group(1), m.group(2), ast.literal_eval(m.group(3))
            if key in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                finish()  # a new entry without a blank line before it
            if cur is None:
                cur = Entry(line=n)
            if key == "msgctxt":
                cur.msgctxt, target = value, ("msgctxt", 0)
            elif key == "msgid":
                cur.msgid, target = value, ("msgid", 0)
            elif key == "msgid_plural":
                cur.msgid_plural, target = value, ("msgid_plural", 0)
            else:
                i = int(index) if index is not None else 0
                cur.msgstr[i], target = value, ("msgstr", i)
            continue
        assert line.startswith('"') and cur is not None and target is not None, (
            f"{PO.name}:{n}: cannot parse {raw!r}"
        )
        value = ast.literal_eval(line)
        kind, i = target
        if kind == "msgctxt":
            cur.msgctxt = (cur.msgctxt or "") + value
        elif kind == "msgid":
            cur.msgid += value
        elif kind == "msgid_plural":
            cur.msgid_plural = (cur.msgid_plural or "") + value
        elif kind == "msgstr":
            cur.msgstr[i] += value
        else:
            raise AssertionError(f"{PO.name}:{n}: string continuation after a comment")
    finish()
    return [e for e in entries if e.msgstr or e.msgid]


def _header(entries: list[Entry]) -> dict[str, str]:
    (header,) = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    pairs = (h.split(":", 1) for h in header.msgstr[0].splitlines() if ":" in h)
    return {k.strip(): v.strip() for k, v in pairs}


def _messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not (e.msgid == "" and e.msgctxt is None)]


#: %(name)s / %(n)d style and bare %s / %d conversions; `%%` is a literal percent sign.
_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeExXrc%]")
#: {name} / {0} / {} str.format fields; `{{` and `}}` are literal braces.
_BRACE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def placeholders(s: str) -> list[str]:
    found = [m.group(0) for m in _PERCENT.finditer(s) if m.group(0) != "%%"]
    found += ["{" + m.group(1) + "}" for m in _BRACE.finditer(s) if m.group(1) is not None]
    return sorted(found)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


def test_parser_reads_multiline_and_plural_entries() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n\n'
        '#: a.py:1\n#, python-format, fuzzy\nmsgid ""\n"two "\n"lines"\nmsgstr "两行"\n\n'
        'msgid "%(n)s unit"\nmsgid_plural "%(n)s units"\nmsgstr[0] "%(n)s个单位"\n\n'
        '#~ msgid "gone"\n#~ msgstr "已删除"\n'
    )
    header, multi, plural = parse_po(text)
    assert header.msgstr == {0: "Language: zh_Hans\n"}
    assert (multi.msgid, multi.msgstr, multi.flags) == (
        "two lines",
        {0: "两行"},
        {"python-format", "fuzzy"},
    )
    assert (plural.msgid_plural, plural.msgstr) == ("%(n)s units", {0: "%(n)s个单位"})
    assert placeholders("%(n)d of {year} {{x}} 100%% %s") == ["%(n)d", "%s", "{year}"]


def test_header(entries: list[Entry]) -> None:
    h = _header(entries)
    assert h["Language"] == "zh_Hans"
    assert h["Content-Type"] == "text/plain; charset=UTF-8"
    assert h["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"


def test_catalogue_is_not_empty(entries: list[Entry]) -> None:
    assert len(_messages(entries)) > 100


def test_no_entry_is_fuzzy(entries: list[Entry]) -> None:
    fuzzy = [e.msgid or "(header)" for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"


def test_every_entry_is_translated(entries: list[Entry]) -> None:
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in _messages(entries)
        # Chinese has one plural form: exactly msgstr[0] for plural entries.
        if (sorted(e.msgstr) != [0]) or not e.msgstr[0].strip()
    ]
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_placeholders_are_kept(entries: list[Entry]) -> None:
    wrong = []
    for e in _messages(entries):
        want = placeholders(e.msgid)
        if e.msgid_plural is not None and placeholders(e.msgid_plural) != want:
            wrong.append(f"{e.msgid!r}: msgid and msgid_plural differ")
        for i, s in e.msgstr.items():
            if placeholders(s) != want:
                wrong.append(f"{e.msgid!r}: msgstr[{i}] has {placeholders(s)}, wants {want}")
    assert not wrong, "\n".join(wrong)


def test_mo_is_the_compiled_po(entries: list[Entry]) -> None:
    """The committed .mo holds exactly the .po's translations (run compilemessages after
    editing the .po). Contexts are not used by this catalogue; the check covers them too."""
    with MO.open("rb") as f:
        mo = gettext.GNUTranslations(f)
    stale = []
    expected: dict[object, str] = {}
    for e in _messages(entries):
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            expected[key] = e.msgstr[0]
            got = mo.gettext(e.msgid) if e.msgctxt is None else mo.pgettext(e.msgctxt, e.msgid)
            if got != e.msgstr[0]:
                stale.append(f"{e.msgid!r}: .mo has {got!r}, .po has {e.msgstr[0]!r}")
        else:
            for i, s in e.msgstr.items():
                expected[(key, i)] = s
            for n in (1, 2, 5):
                got = mo.ngettext(e.msgid, e.msgid_plural, n)
                if got != e.msgstr[0]:
                    stale.append(f"{e.msgid!r} (n={n}): .mo has {got!r}, .po has {e.msgstr[0]!r}")
    assert not stale, "the .mo is stale; run compilemessages:\n" + "\n".join(stale)
    # Nothing left over in the .mo from strings since removed from the .po.
    catalog = {k: v for k, v in mo._catalog.items() if k != ""}
    assert catalog == expected, "the .mo has entries the .po lacks; run compilemessages"


def test_django_serves_the_catalogue() -> None:
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("zh-hans"):
        assert gettext("Work queue") == "工作台"
        assert gettext("Register an application") == "登记申请"


def test_action_titles_are_translated() -> None:
    """The action titles in applications/step_views.py are wrapped in `_lazy`, which
    makemessages does not extract; they are in the .po by hand. If makemessages drops
    them (it marks them obsolete), this fails."""
    from django.utils import translation

    from gongkai.web.applications.step_views import ACTIONS

    with translation.override("zh-hans"):
        english = {name: str(a.title) for name, a in ACTIONS.items() if str(a.title).isascii()}
    assert not english, f"untranslated action titles: {english}"
