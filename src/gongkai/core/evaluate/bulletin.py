"""The bulletin (通报) on an evaluation, as a draft to edit before it is issued.

:func:`draft_bulletin` writes every part of the bulletin from the evaluation — title,
recipients, the opening, the scope, the overall picture, the common problems with their
counts, the requirements, the table of units by grade, and two annexes: each unit's
score and grade, and each unit's problems — as a :class:`Bulletin`, which is saved as JSON (or YAML) for the office to
edit; :func:`read_bulletin` reads an edited draft back, checking it and naming the key
at fault, for the renderers (:mod:`.bulletin_docx`, :mod:`.bulletin_pdf`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from gongkai.core.errors import GongkaiError
from gongkai.core.evaluate.bulletin_text import annex_rows, body_sections, grade_rows, opening
from gongkai.core.evaluate.fields import (
    E_LIST,
    FieldError,
    count,
    got,
    load_yaml,
    mapping,
    text,
    texts,
)
from gongkai.core.evaluate.results import Evaluation

__all__ = [
    "FORMAT",
    "AnnexRow",
    "Bulletin",
    "BulletinError",
    "GradeRow",
    "Part",
    "bulletin_from_data",
    "draft_bulletin",
    "read_bulletin",
    "write_bulletin",
]

FORMAT = "gongkai-bulletin/1"
#: What the draft says where the office has to write its own name.
ISSUER_PLACEHOLDER = "（发文机关署名）"
E_TABLE = "应为 grades 或 null，而不是{got}"
E_FORMAT = f"不是 gongkai 的通报草稿（format 应为 {FORMAT}）"
E_READ = "无法读取：{problem}"


class BulletinError(GongkaiError):
    """A bulletin draft that cannot be rendered; ``key`` names the part at fault
    (``annex.rows[3].unit``)."""

    def __init__(self, message: str, *, key: str = "", source: str = "") -> None:
        self.message, self.key, self.source = message, key, source
        where = "：".join(p for p in (source, key) if p)
        super().__init__(f"{where}：{message}" if where else message)


@dataclass(frozen=True)
class Part:
    """A part of the body: its heading (「一、检查范围和方法」), paragraphs, and the
    table printed after them, if any (``"grades"``)."""

    heading: str
    paragraphs: tuple[str, ...]
    table: str | None = None


@dataclass(frozen=True)
class GradeRow:
    """A grade, its band of scores, how many units have it and, unless there are too many
    to name in the body's table (see 附件1), which."""

    grade: str
    band: str
    count: int
    units: tuple[str, ...]

    @property
    def named(self) -> str:
        """The table's cell of units: their names, 「见附件1」, or 「无」."""
        if self.units:
            return "、".join(self.units)
        return "见附件1" if self.count else "无"


@dataclass(frozen=True)
class AnnexRow:
    unit: str
    year: str
    score: str
    grade: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Bulletin:
    title: str
    recipients: str
    opening: str
    parts: tuple[Part, ...]
    closing: str
    grades_title: str
    grades: tuple[GradeRow, ...]
    #: The annexes' titles: 附件1 (each unit's score and grade) and 附件2 (its problems),
    #: both drawn from ``annex``.
    scores_title: str
    problems_title: str
    annex: tuple[AnnexRow, ...]
    issuer: str
    date: str
    number: str = ""

    def to_json(self) -> dict[str, Any]:
        """The draft as JSON data (lists, not tuples), ``format`` first."""
        data: dict[str, Any] = json.loads(json.dumps({"format": FORMAT, **asdict(self)}))
        return data

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(r.unit for r in self.annex)


#: The draft's keys: the text ones (empty allowed for those not required) and the lists.
_TEXT_KEYS = (
    "title",
    "recipients",
    "opening",
    "closing",
    "grades_title",
    "scores_title",
    "problems_title",
    "issuer",
    "date",
    "number",
)
_KEYS = (
    "title",
    "opening",
    "parts",
    "grades",
    "annex",
    "scores_title",
    "problems_title",
    "issuer",
    "date",
)


def draft_bulletin(ev: Evaluation, *, issued_on: date, issuer: str | None = None) -> Bulletin:
    """The bulletin on ``ev``, dated ``issued_on`` (成文日期), signed by ``issuer``."""
    year = ev.year_text
    return Bulletin(
        title=f"关于{year}年度政府信息公开工作年度报告检查情况的通报",
        recipients="各有关单位：",
        opening=opening(ev),
        parts=tuple(Part(h, tuple(p), t) for h, p, t in body_sections(ev)),
        closing="特此通报。",
        grades_title=f"{year}年度政府信息公开工作年度报告检查等次",
        grades=tuple(GradeRow(g, b, n, tuple(u)) for g, b, n, u in grade_rows(ev)),
        scores_title=f"各单位{year}年度政府信息公开工作年度报告检查得分",
        problems_title=f"各单位{year}年度政府信息公开工作年度报告存在的问题",
        annex=tuple(AnnexRow(*row[:4], tuple(row[4])) for row in annex_rows(ev)),
        issuer=issuer or ISSUER_PLACEHOLDER,
        date=f"{issued_on.year}年{issued_on.month}月{issued_on.day}日",
    )


def write_bulletin(bulletin: Bulletin, path: str | Path) -> None:
    """Save a draft: YAML for a ``.yaml``/``.yml`` path, else JSON."""
    data = bulletin.to_json()
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def read_bulletin(path: str | Path) -> Bulletin:
    """An edited draft (JSON, or YAML for a ``.yaml``/``.yml`` path), checked."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise BulletinError(E_READ.format(problem=err), source=source) from None
    try:
        if Path(path).suffix.lower() in (".yaml", ".yml"):
            data = load_yaml(text)
        else:
            try:
                data = json.loads(text)
            except ValueError as err:
                raise FieldError(E_READ.format(problem=err)) from None
        return _bulletin(data)
    except FieldError as err:
        raise BulletinError(err.message, key=err.key, source=source) from None


def bulletin_from_data(data: object) -> Bulletin:
    """A draft kept as data (:meth:`Bulletin.to_json`'s form), checked like a file."""
    try:
        return _bulletin(data)
    except FieldError as err:
        raise BulletinError(err.message, key=err.key) from None


def _bulletin(data: object) -> Bulletin:
    top = mapping(data, "", ("format",))
    if top["format"] != FORMAT:
        raise FieldError(E_FORMAT, "format")
    top = mapping(data, "", _KEYS)

    def rows(name: str) -> list[tuple[str, dict[str, Any]]]:
        items = top[name]
        if not isinstance(items, list):
            raise FieldError(E_LIST.format(got=got(items)), name)
        return [(f"{name}[{i}]", mapping(item, f"{name}[{i}]")) for i, item in enumerate(items)]

    def field(d: dict[str, Any], key: str, name: str) -> str:
        return text(mapping(d, key, (name,))[name], f"{key}.{name}", empty=True)

    parts = []
    for key, p in rows("parts"):
        table = p.get("table")
        if table is not None and table != "grades":
            raise FieldError(E_TABLE.format(got=got(table)), f"{key}.table")
        paragraphs = texts(mapping(p, key, ("paragraphs",))["paragraphs"], f"{key}.paragraphs")
        parts.append(Part(field(p, key, "heading"), paragraphs, table))
    grades = [
        GradeRow(
            field(g, key, "grade"),
            field(g, key, "band"),
            count(mapping(g, key, ("count",))["count"], f"{key}.count"),
            texts(mapping(g, key, ("units",))["units"], f"{key}.units"),
        )
        for key, g in rows("grades")
    ]
    annex = [
        AnnexRow(
            field(a, key, "unit"),
            text(a.get("year", ""), f"{key}.year", empty=True),
            field(a, key, "score"),
            field(a, key, "grade"),
            texts(mapping(a, key, ("problems",))["problems"], f"{key}.problems"),
        )
        for key, a in rows("annex")
    ]
    return Bulletin(
        **{k: text(top.get(k, ""), k, empty=True) for k in _TEXT_KEYS},
        parts=tuple(parts),
        grades=tuple(grades),
        annex=tuple(annex),
    )
