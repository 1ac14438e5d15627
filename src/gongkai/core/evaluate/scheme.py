"""Scoring schemes: which findings cost a report how many points, under which indicator.

A scheme is a YAML file (docs/evaluate.md; the default ships beside this module)::

    name: 政府信息公开工作年度报告检查评分方案
    total: 100                      # the full score; the weights must add up to it
    grades: {优秀: 90, 良好: 80, 合格: 60, 不合格: 0}   # lowest score of each grade
    indicators:
      on_time:                      # an id of the scheme's own choosing
        label: 按时公开
        weight: 10                  # the most the indicator can lose
        match: [ART49]              # finding ids, rule families, or id prefixes (VAL.*)
        deduct: {warning: 10}       # points per finding: by id, family, prefix or severity
        section: sec2               # optional: only findings located in that section

A finding is charged to the first indicator (in the file's order) that matches it, and
never loses an indicator more than its weight. :func:`load_scheme` checks everything and
raises :class:`SchemeError` naming the key at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from importlib import resources
from pathlib import Path

from gongkai.core.errors import GongkaiError
from gongkai.core.evaluate.fields import (
    E_MAPPING,
    FieldError,
    got,
    load_yaml,
    mapping,
    number,
    text,
)
from gongkai.core.report.formats import SECTIONS
from gongkai.core.report.rules.catalogue import CATALOGUE

__all__ = [
    "DEFAULT_SCHEME",
    "Indicator",
    "Scheme",
    "SchemeError",
    "default_scheme",
    "load_scheme",
    "parse_scheme",
]

#: The scheme that ships with gongkai (package data beside this module).
DEFAULT_SCHEME = "default-scheme.yaml"
SEVERITIES = ("error", "warning", "info")
SECTION_IDS = tuple(s.id for s in SECTIONS)
FAMILIES = frozenset(info.rule for info in CATALOGUE.values())

E_MATCH = "应为非空列表，而不是{got}"
E_PATTERN = "「{pattern}」既不是发现项编号（如 T3.E001），也不是规则类别（如 R1、COPY）或编号前缀（如 VAL.*）"
E_DEDUCT_KEY = "「{key}」不是严重程度（error、warning、info），也不在本指标的 match 之内"
E_OVER_WEIGHT = "每项扣{points}分，超过本指标的分值{weight}分"
E_SECTION = "应为 sec1 至 sec6 之一，而不是{got}"
E_WEIGHTS = "各指标分值之和为{sum}，应等于满分{total}"
E_GRADE_SAME = "与「{name}」的最低分同为{low}分"
E_GRADE_RANGE = "最低分{low}超出0至满分{total}的范围"
E_GRADE_FLOOR = "最低的等次应从0分起，「{name}」从{low}分起"


class SchemeError(GongkaiError):
    """A scheme that cannot be used; ``key`` is the dotted path of the key at fault
    (``indicators.format.weight``), empty for the file as a whole."""

    def __init__(self, message: str, *, key: str = "", source: str = "") -> None:
        self.message, self.key, self.source = message, key, source
        where = "：".join(p for p in (source, key) if p)
        super().__init__(f"{where}：{message}" if where else message)


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    weight: Decimal
    #: The catalogue ids the indicator takes, each with the points a finding of it costs.
    points: Mapping[str, Decimal]
    #: Only findings located in this section (sec1 … sec6), when given.
    section: str | None = None
    #: The ``match`` patterns as written (for the scheme sheet and the docs).
    match: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scheme:
    name: str
    total: Decimal
    #: (grade, lowest score) from the highest grade down; the last starts at 0.
    grades: tuple[tuple[str, Decimal], ...]
    indicators: tuple[Indicator, ...]
    source: str = ""

    def grade(self, score: Decimal) -> str:
        for name, low in self.grades:
            if score >= low:
                return name
        return self.grades[-1][0]

    def band(self, grade: str) -> str:
        """The scores of a grade as official texts say it: 「90分以上」 (以上 includes
        90), 「80分以上不满90分」, 「不满60分」."""
        lows = dict(self.grades)
        names = [n for n, _ in self.grades]
        i = names.index(grade)
        low = lows[grade]
        if i == 0:
            return f"{_num(low)}分以上"
        upper = lows[names[i - 1]]
        if low == 0:
            return f"不满{_num(upper)}分"
        return f"{_num(low)}分以上不满{_num(upper)}分"

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)


def _num(d: Decimal) -> str:
    return format(d.normalize(), "f")


def default_scheme() -> Scheme:
    text = resources.files(__package__).joinpath(DEFAULT_SCHEME).read_text(encoding="utf-8")
    return parse_scheme(text, source=DEFAULT_SCHEME)


def load_scheme(path: str | Path) -> Scheme:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SchemeError("不是UTF-8编码的文字文件", source=str(path)) from None
    return parse_scheme(text, source=str(path))


def parse_scheme(text: str, *, source: str = "") -> Scheme:
    try:
        scheme = _scheme(load_yaml(text))
    except FieldError as err:
        raise SchemeError(err.message, key=err.key, source=source) from None
    return replace(scheme, source=source)


def resolve(pattern: object, key: str) -> frozenset[str]:
    """The catalogue ids a ``match`` pattern stands for: an id, a rule family, a prefix."""
    if isinstance(pattern, str):
        p = pattern.strip()
        if p in CATALOGUE:
            return frozenset([p])
        if p in FAMILIES:
            return frozenset(i for i, info in CATALOGUE.items() if info.rule == p)
        if p.endswith("*") and len(p) > 1:
            ids = frozenset(i for i in CATALOGUE if i.startswith(p[:-1]))
            if ids:
                return ids
    raise FieldError(E_PATTERN.format(pattern=pattern), key)


def _scheme(data: object) -> Scheme:
    top = mapping(data, "", ("name", "indicators", "grades"), ("total", "description"))
    name = text(top["name"], "name")
    total = number(top.get("total", 100), "total", positive=True)
    if "description" in top:
        text(top["description"], "description")
    raw = top["indicators"]
    if not isinstance(raw, dict) or not raw:
        raise FieldError(E_MAPPING.format(got=got(raw)), "indicators")
    indicators = tuple(_indicator(str(k), v, f"indicators.{k}") for k, v in raw.items())
    weights = sum((i.weight for i in indicators), Decimal(0))
    if weights != total:
        raise FieldError(E_WEIGHTS.format(sum=_num(weights), total=_num(total)), "indicators")
    return Scheme(name, total, _grades(top["grades"], total), indicators)


def _indicator(ident: str, data: object, key: str) -> Indicator:
    d = mapping(data, key, ("label", "weight", "match", "deduct"), ("section",))
    label = text(d["label"], f"{key}.label")
    weight = number(d["weight"], f"{key}.weight")
    patterns = d["match"]
    if not isinstance(patterns, list) or not patterns:
        raise FieldError(E_MATCH.format(got=got(patterns)), f"{key}.match")
    ids: set[str] = set()
    for n, p in enumerate(patterns):
        ids |= resolve(p, f"{key}.match[{n}]")
    section = d.get("section")
    if section is not None and section not in SECTION_IDS:
        raise FieldError(E_SECTION.format(got=got(section)), f"{key}.section")
    deduct = d["deduct"]
    if not isinstance(deduct, dict) or not deduct:
        raise FieldError(E_MAPPING.format(got=got(deduct)), f"{key}.deduct")
    by_severity: dict[str, Decimal] = {}
    by_pattern: list[tuple[int, frozenset[str], Decimal]] = []
    for k, v in deduct.items():
        where = f"{key}.deduct.{k}"
        points = number(v, where)
        if points > weight:
            raise FieldError(E_OVER_WEIGHT.format(points=_num(points), weight=_num(weight)), where)
        if k in SEVERITIES:
            by_severity[k] = points
            continue
        try:
            covered = resolve(k, where)
        except FieldError:
            raise FieldError(E_DEDUCT_KEY.format(key=k), where) from None
        if not covered <= ids:
            raise FieldError(E_DEDUCT_KEY.format(key=k), where)
        # An id is more specific than a family, a family than a prefix.
        rank = 0 if k in CATALOGUE else 1 if k in FAMILIES else 2
        by_pattern.append((rank, covered, points))
    by_pattern.sort(key=lambda t: t[0])
    points_of: dict[str, Decimal] = {}
    for i in sorted(ids):
        chosen = next((p for _, covered, p in by_pattern if i in covered), None)
        if chosen is None:
            chosen = by_severity.get(CATALOGUE[i].severity.value, Decimal(0))
        points_of[i] = chosen
    return Indicator(ident, label, weight, points_of, section, tuple(str(p) for p in patterns))


def _grades(data: object, total: Decimal) -> tuple[tuple[str, Decimal], ...]:
    """The grades from the highest down, whatever order the file lists them in."""
    if not isinstance(data, dict) or not data:
        raise FieldError(E_MAPPING.format(got=got(data)), "grades")
    grades: list[tuple[str, Decimal]] = []
    for k, v in data.items():
        where = f"grades.{k}"
        name = text(k, where)
        low = number(v, where)
        if low > total:
            raise FieldError(E_GRADE_RANGE.format(low=_num(low), total=_num(total)), where)
        same = next((n for n, other in grades if other == low), None)
        if same is not None:
            raise FieldError(E_GRADE_SAME.format(name=same, low=_num(low)), where)
        grades.append((name, low))
    grades.sort(key=lambda g: g[1], reverse=True)
    name, low = grades[-1]
    if low != 0:
        raise FieldError(E_GRADE_FLOOR.format(name=name, low=_num(low)), f"grades.{name}")
    return tuple(grades)
