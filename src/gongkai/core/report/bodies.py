"""What kind of body issued a report, from its name (for the rules that depend on it)."""

from __future__ import annotations

__all__ = ["body_kind", "may_make_rules"]

_KINDS = (
    ("township", ("街道办事处", "街道", "镇人民政府", "乡人民政府", "镇", "乡")),
    ("government", ("人民政府", "政府")),
    ("department", ("局", "委员会", "委", "办公室", "办", "厅", "署", "中心", "院")),
)


def body_kind(body: str | None) -> str:
    """government / department / township / other."""
    if not body:
        return "other"
    for kind, endings in _KINDS:
        if body.endswith(endings):
            return kind
    return "other"


def may_make_rules(body: str | None) -> bool | None:
    """Can this body make 规章? Only the governments of provinces and of 设区的市 can (立法法
    第九十三条). None when the name does not tell (a 市人民政府 may be a county-level city)."""
    if body is not None and body.endswith(("人民政府办公厅", "人民政府办公室")):
        # The general office publishes for its government: judge the government.
        return may_make_rules(body.removesuffix("办公厅").removesuffix("办公室"))
    kind = body_kind(body)
    if kind in ("township", "department"):
        return False
    if kind != "government" or body is None:
        return None
    stem = body.removesuffix("人民政府").removesuffix("政府")
    if stem.endswith(("县", "区", "旗", "镇", "乡")):
        return False
    if stem.endswith(("省", "自治区")) or stem in ("北京市", "天津市", "上海市", "重庆市"):
        return True
    return None
