"""Checking files people write by hand — a scoring scheme, an edited bulletin draft — one
key at a time, so that what is wrong is named by its key: ``indicators.format.weight``,
``annex[3].unit``. The checks raise :class:`FieldError`; each reader turns it into its
own error (``SchemeError``, ``BulletinError``) naming the file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

__all__ = [
    "FieldError",
    "count",
    "got",
    "join",
    "load_yaml",
    "mapping",
    "number",
    "text",
    "texts",
]

E_YAML = "不是有效的YAML：{problem}"
E_DUPLICATE = "第{line}行重复出现键「{key}」"
E_MAPPING = "应为键值对，而不是{got}"
E_LIST = "应为列表，而不是{got}"
E_TEXT = "应为文字，而不是{got}"
E_NONEMPTY = "应为非空文字，而不是{got}"
E_NUMBER = "应为不小于0的数，而不是{got}"
E_POSITIVE = "应为大于0的数，而不是{got}"
E_COUNT = "应为不小于0的整数，而不是{got}"
E_MISSING = "缺少此项"
E_UNKNOWN_KEY = "不认识的键（可用的键：{allowed}）"


class FieldError(Exception):
    def __init__(self, message: str, key: str = "") -> None:
        self.message, self.key = message, key
        super().__init__(f"{key}：{message}" if key else message)


def got(value: object) -> str:
    """What was found instead, in words: 「空值」「列表」「“十”」."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"真假值 {value}"
    if isinstance(value, list):
        return "列表" if value else "空列表"
    if isinstance(value, dict):
        return "键值对" if value else "空的键值对"
    return f"“{value}”"


def join(key: str, sub: object) -> str:
    return f"{key}.{sub}" if key else str(sub)


class _Loader(yaml.SafeLoader):
    """YAML's safe loader refusing a key given twice in one mapping (YAML keeps the last
    silently: a second ``weight`` would change a scheme unseen)."""


def _unique_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise FieldError(E_DUPLICATE.format(line=key_node.start_mark.line + 1, key=key))
        seen.add(key)
    return dict(loader.construct_mapping(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_yaml(source: str) -> object:
    """YAML (or JSON) text as data; a syntax error or a repeated key names its line."""
    try:
        return yaml.load(source, Loader=_Loader)  # a SafeLoader: no objects built
    except yaml.YAMLError as err:
        problem = str(getattr(err, "problem", None) or err)
        mark = getattr(err, "problem_mark", None)
        if mark is not None:
            problem = f"第{mark.line + 1}行：{problem}"
        raise FieldError(E_YAML.format(problem=problem)) from None


def mapping(
    data: object, key: str, required: tuple[str, ...] = (), optional: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """``data`` as a mapping with every ``required`` key, and, when ``optional`` is given,
    no key outside the two."""
    if not isinstance(data, dict):
        raise FieldError(E_MAPPING.format(got=got(data)), key)
    if optional is not None:
        allowed = (*required, *optional)
        for k in data:
            if k not in allowed:
                raise FieldError(E_UNKNOWN_KEY.format(allowed="、".join(allowed)), join(key, k))
    for k in required:
        if k not in data:
            raise FieldError(E_MISSING, join(key, k))
    return data


def text(value: object, key: str, *, empty: bool = False) -> str:
    """A string (non-empty unless ``empty``); a number is taken as its digits where an
    empty one is allowed (a score or a year edited in a draft)."""
    if empty and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not (empty or value.strip()):
        raise FieldError((E_TEXT if empty else E_NONEMPTY).format(got=got(value)), key)
    return value if empty else value.strip()


def texts(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldError(E_LIST.format(got=got(value)), key)
    return tuple(text(item, f"{key}[{i}]", empty=True) for i, item in enumerate(value))


def count(value: object, key: str) -> int:
    """A whole number not below 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldError(E_COUNT.format(got=got(value)), key)
    return value


def number(value: object, key: str, *, positive: bool = False) -> Decimal:
    """A number not below 0 (above 0 if ``positive``), exactly as written (0.5, not a float)."""
    message = E_POSITIVE if positive else E_NUMBER
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(message.format(got=got(value)), key)
    d = Decimal(str(value))
    if not d.is_finite() or d < 0 or (positive and d == 0):
        raise FieldError(message.format(got=got(value)), key)
    return d
