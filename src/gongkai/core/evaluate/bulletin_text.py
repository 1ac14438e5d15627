"""The wording of a bulletin (通报) drawn from an evaluation: plain official Chinese,
every figure from the results. :mod:`.bulletin` assembles it into a draft."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from gongkai.core.evaluate.problems import problem_label
from gongkai.core.evaluate.results import Evaluation, ProblemCount
from gongkai.core.evaluate.scoring import ReportScore, points_text

__all__ = ["UNSCORED", "annex_rows", "body_sections", "grade_rows", "numeral", "opening", "quoted"]

#: Common problems the body names (the annex lists every unit's).
TOP_PROBLEMS = 8
#: Units named after a problem before 「等」.
NAMED_UNITS = 3
#: Units the body's table of grades names; beyond it the table gives the counts.
NAMED_IN_TABLE = 60
#: Places of one problem a unit's annex entry lists in full; above it, the first.
LISTED_PLACES = 3
KINDS = (
    ("government", "人民政府"),
    ("department", "政府部门"),
    ("township", "乡镇（街道）"),
    ("other", "其他单位"),
)
#: The grade of a unit whose report was not scored (unreadable, or not of the year).
UNSCORED = "未评分"
_NUMERALS = "一二三四五六七八九十"
#: The corner brackets of gongkai's messages as the quotation marks of official texts.
_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def quoted(text: str) -> str:
    """「本年新收」 → “本年新收” (GB/T 15834: quotation marks in mainland texts)."""
    return text.translate(_QUOTES)


def numeral(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一, 20 → 二十."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return (
        ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[units - 1] if units else "")
    )


def _names(units: tuple[str, ...] | list[str]) -> str:
    if len(units) <= NAMED_UNITS:
        return "、".join(units)
    return "、".join(units[:NAMED_UNITS]) + "等"


def opening(ev: Evaluation) -> str:
    return (
        "为进一步提高政府信息公开工作年度报告编制质量，根据《中华人民共和国政府信息公开条例》"
        f"有关规定，近期对{ev.year_text}年度政府信息公开工作年度报告进行了检查。"
        "现将有关情况通报如下："
    )


def _scope(ev: Evaluation) -> list[str]:
    kinds = Counter(r.report.kind for r in ev.ranked)
    parts = "、".join(f"{name}{kinds[k]}个" for k, name in KINDS if kinds[k])
    first = f"本次共检查{len(ev.ranked)}个单位的{ev.year_text}年度政府信息公开工作年度报告"
    first += f"，其中{parts}。" if parts else "。"
    scored = [i.label for i in ev.scheme.indicators if i.section is None]
    if any(i.section for i in ev.scheme.indicators):
        scored.append("各部分内容完整")
    second = (
        "检查依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        f"（国办公开办函〔2021〕30号），按照《{ev.scheme.name}》，从{'、'.join(scored)}"
        f"等{len(scored)}个方面评分，满分{points_text(ev.scheme.total)}分。"
    )
    sources = Counter(r.report.published_on_source for r in ev.ranked if r.report.published_on)
    if sources.get("manifest"):
        second += "发布日期以各单位网站发布页面所载日期为准。"
    paragraphs = [first, second]
    if ev.unreadable:
        paragraphs.append(
            f"另有{len(ev.unreadable)}份报告文件无法读取，未予评分，已在附件中列明，请有关单位核实。"
        )
    return paragraphs


def _overview(ev: Evaluation) -> list[str]:
    scores = [r.report.score for r in ev.ranked if r.report.score is not None]
    if not scores:
        return ["本次检查没有可以评分的年度报告。"]
    top = [r.report.unit for r in ev.ranked if r.report.score == scores[0]]
    bottom = [r.report.unit for r in ev.ranked if r.report.score == scores[-1]]
    average = ev.average()
    assert average is not None
    grades = "、".join(f"{name}的{n}个" for name, n in ev.grade_counts().items() if n)
    text = f"检查的{len(scores)}个单位平均得分{points_text(average)}分"
    if len(scores) > 1:
        text += (
            f"，最高分{points_text(scores[0])}分（{_names(top)}），"
            f"最低分{points_text(scores[-1])}分（{_names(bottom)}）"
        )
    text += f"。按照评分方案，评定为{grades}（见下表）。"
    paragraphs = [text]
    late = [r.report.unit for r in ev.ranked if any(f.id == "PUB.W001" for f in r.report.findings)]
    if late:
        paragraphs.append(
            f"{len(late)}个单位未在条例第四十九条规定的时限内公布年度报告：{'、'.join(late)}。"
        )
    changes = [r.change for r in ev.ranked if r.change is not None]
    if changes:
        up = sum(1 for c in changes if c > 0)
        down = sum(1 for c in changes if c < 0)
        same = len(changes) - up - down
        moves = "、".join(
            t
            for n, t in (
                (up, f"{up}个单位得分提高"),
                (down, f"{down}个单位得分下降"),
                (same, f"{same}个单位得分持平"),
            )
            if n
        )
        paragraphs.append(f"与上年报告相比，{moves}。")
    return paragraphs


def _problem_paragraph(n: int, p: ProblemCount) -> str:
    places = f"，共{p.occurrences}处" if p.occurrences > len(p.units) else ""
    units = list(p.units)
    named = f"：{'、'.join(units)}" if len(units) <= NAMED_UNITS else f"，如{_names(units)}"
    return quoted(f"（{numeral(n)}）{p.label}。{len(units)}个单位存在此问题{places}{named}。")


def _problems(ev: Evaluation) -> list[str]:
    common = [p for p in ev.problems if p.severity.value != "info"][:TOP_PROBLEMS]
    if not common:
        return ["本次检查未发现年度报告存在问题。"]
    return [_problem_paragraph(i, p) for i, p in enumerate(common, start=1)]


REQUIREMENTS = (
    "（一）抓好问题整改。各单位要对照附件所列问题逐项核查，年度报告内容或数据有误的，"
    "要及时更正后重新发布，并作出说明。",
    "（二）规范报告编制。编制年度报告要严格执行国办公开办函〔2021〕30号规定的格式，"
    "做到统计数据准确、勾稽关系正确、各部分内容完整，正文所述数字与统计表一致，"
    "如实反映本年度工作，不得照搬上年内容。",
    "（三）按时公开报告。县级以上人民政府部门应当在每年1月31日前、县级以上地方人民政府"
    "应当在每年3月31日前向社会公布上一年度政府信息公开工作年度报告。",
)


def body_sections(ev: Evaluation) -> list[tuple[str, list[str], str | None]]:
    return [
        ("一、检查范围和方法", _scope(ev), None),
        ("二、总体情况", _overview(ev), "grades"),
        ("三、存在的主要问题", _problems(ev), None),
        ("四、整改要求", list(REQUIREMENTS), None),
    ]


def grade_rows(ev: Evaluation) -> list[tuple[str, str, int, list[str]]]:
    """Each grade, its band, its count and its units — named only when the ranking is
    short enough for a table in the body (附件1 lists every unit's grade)."""
    named = len(ev.ranked) <= NAMED_IN_TABLE
    rows = []
    for name, _ in ev.scheme.grades:
        units = [r.report.unit for r in ev.ranked if r.report.grade == name]
        rows.append((name, ev.scheme.band(name), len(units), units if named else []))
    return rows


def _unit_problems(r: ReportScore) -> list[str]:
    lines: list[str] = []
    for g in r.grouped():
        if g.severity.value == "info" and g.points == 0:
            continue
        label = problem_label(g.id)
        if g.count == 1:
            text = f"{label}：{g.messages[0]}"
        elif g.count <= LISTED_PLACES:
            text = f"{label}，共{g.count}处：" + "；".join(m.rstrip("。") for m in g.messages)
        else:
            text = f"{label}，共{g.count}处，如：{g.messages[0]}"
        text = text.rstrip("。")
        if g.points > 0:
            text += f"（扣{points_text(g.points)}分）"
        lines.append(quoted(f"（{len(lines) + 1}）{text}。"))
    return lines or ["未发现问题。"]


def annex_rows(ev: Evaluation) -> list[tuple[str, str, str, str, list[str]]]:
    rows: list[tuple[str, str, str, str, list[str]]] = []
    ranked_units = {r.report.unit for r in ev.ranked}
    for r in ev.ranked:
        rep = r.report
        rows.append(
            (
                rep.unit,
                str(rep.year or ""),
                points_text(rep.score or Decimal(0)),
                rep.grade or "",
                _unit_problems(rep),
            )
        )
    named: set[str] = set()
    for u in ev.unranked:
        unit = u.report.unit
        if unit in ranked_units or unit in named:
            continue
        named.add(unit)
        rows.append(
            (unit, str(u.report.year or ""), "—", UNSCORED, [quoted(u.reason.rstrip("。") + "。")])
        )
    return rows
