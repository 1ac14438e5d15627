"""R8: numbers the narrative states against the tables.

Only unambiguous phrasings are checked; each names the cell(s) it may equal. The
narrative often counts applications received as new + carried in, so 「收到申请」
agrees with either. Numbers written in Chinese numerals are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from gongkai.core.report.formats import APPLICANT_COLUMNS, FORMATS, Version
from gongkai.core.report.model import AnnualReport, Finding, Location
from gongkai.core.report.parse.normalize import fold
from gongkai.core.report.rules._util import fmt, total
from gongkai.core.report.rules.catalogue import make


@dataclass(frozen=True)
class Claim:
    pattern: re.Pattern[str]
    what: str  # what the table calls it
    sums: tuple[tuple[str, ...], ...]  # each a set of cells whose sum the number may equal
    #: A word every match of ``pattern`` contains. Looking for it first is far cheaper
    #: than the search, which tries every position of a section when the pattern does
    #: not start with a fixed word; most sections hold few of the claims' words.
    needs: str


_N = r"(?P<n>\d[\d,]*)\s*(?:件|条|个|宗|起|次)"


def _group(name: str) -> tuple[str, ...]:
    group = next(
        g for g in FORMATS[Version.V2021].table("apply").groups if g.id == f"apply.result.{name}"
    )
    return tuple(f"{row}.total" for row in group.rows)


CLAIMS = (
    Claim(
        re.compile(
            r"(?:共|累计|全年)?(?:收到|受理|接收|新收)[^，。；,;]{0,16}?(?:申请|依申请公开)[^，。；,;\d]{0,6}?(?:共计|共|合计)?\s*"
            + _N
        ),
        "本年新收申请数（或加上年结转）",
        (("apply.new.total",), ("apply.new.total", "apply.carried_in.total")),
        needs="申请",
    ),
    Claim(
        re.compile(r"依申请公开(?:信息|政府信息)?\s*" + _N),
        "本年新收申请数（或加上年结转）",
        (("apply.new.total",), ("apply.new.total", "apply.carried_in.total")),
        needs="依申请公开",
    ),
    Claim(
        re.compile(r"(?:已|全部|共)?办结[^，。；,;\d]{0,6}?\s*" + _N),
        "办理结果总计",
        (("apply.result.total.total",),),
        needs="办结",
    ),
    Claim(
        re.compile(r"予以公开(?:及|和|与|、)部分公开[^，。；,;\d]{0,4}?\s*" + _N),
        "「（一）予以公开」与「（二）部分公开」总计之和",
        (("apply.result.grant.total", "apply.result.partial.total"),),
        needs="部分公开",
    ),
    Claim(
        re.compile(r"(?<![及和与、])部分公开\s*" + _N),
        "「（二）部分公开」总计",
        (("apply.result.partial.total",),),
        needs="部分公开",
    ),
    Claim(
        re.compile(r"不予公开\s*" + _N),
        "「（三）不予公开」各项总计之和",
        (_group("deny"),),
        needs="不予公开",
    ),
    Claim(
        re.compile(r"无法提供\s*" + _N),
        "「（四）无法提供」各项总计之和",
        (_group("unable"),),
        needs="无法提供",
    ),
    Claim(
        re.compile(r"不予处理\s*" + _N),
        "「（五）不予处理」各项总计之和",
        (_group("reject"),),
        needs="不予处理",
    ),
    Claim(
        re.compile(r"(?<!不)予以公开(?!及|和|与|、)\s*" + _N),
        "「（一）予以公开」总计",
        (("apply.result.grant.total",),),
        needs="予以公开",
    ),
    Claim(
        re.compile(
            r"结转(?:至|到)?下(?:一)?年度?(?:继续)?办理[^，。；,;\d]{0,4}?\s*"
            + _N
            + "|"
            + _N.replace("?P<n>", "?P<m>")
            + r"结转(?:至|到)?(?:下(?:一)?年度?|\d{4}年度?)"
        ),
        "「四、结转下年度继续办理」总计",
        (("apply.carried_out.total",),),
        needs="结转",
    ),
    Claim(
        re.compile(r"(?:行政复议|申请复议)(?:案件|申请)?\s*(?:共)?" + _N),
        "行政复议总计",
        (("review.total",),),
        needs="复议",
    ),
    Claim(
        re.compile(r"行政诉讼(?:案件)?\s*(?:共)?" + _N),
        "行政诉讼总计",
        (("lit_direct.total", "lit_after_review.total"),),
        needs="行政诉讼",
    ),
)


NARRATIVE_SECTIONS = ("sec1", "sec5", "sec6")


def _sum(report: AnnualReport, cells: tuple[str, ...]) -> Decimal | None:
    """The table's figure for a claim: the total cells, where a total left blank is the
    sum of its row's applicant columns (what the row does state)."""
    result = Decimal(0)
    for cell in cells:
        n = report.number(cell)
        if n is None and cell.endswith(".total") and cell.startswith("apply."):
            row = cell.removesuffix(".total")
            n = total(report, (f"{row}.{c}" for c in APPLICANT_COLUMNS))
        if n is None:
            return None
        result += n
    return result


def check(report: AnnualReport) -> Iterator[Finding]:
    seen: set[tuple[str, int]] = set()
    for section in report.sections.values():
        if section.id not in NARRATIVE_SECTIONS:
            continue  # sections 二–四 are tables: their numbers are the tables themselves
        text = fold(section.text)
        for claim in CLAIMS:
            if claim.needs not in text:
                continue
            for m in claim.pattern.finditer(text):
                raw = m.groupdict().get("n") or m.groupdict().get("m")
                if raw is None:
                    continue
                n = Decimal(raw.replace(",", ""))
                options = [
                    s for s in (_sum(report, cells) for cells in claim.sums) if s is not None
                ]
                if not options or n in options or (claim.what, int(n)) in seen:
                    continue
                seen.add((claim.what, int(n)))
                line = section.line + text[: m.start()].count("\n") + 1
                yield make(
                    "NAR.W001",
                    Location(section=section.id, line=line),
                    f"正文称「{m.group(0).strip()}」，统计表{claim.what}为{fmt(options[0])}",
                )
