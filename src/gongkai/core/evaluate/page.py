"""An evaluation as one self-contained HTML page (ECharts inlined, nothing fetched): the
distribution of scores, the most common problems, this year against last for each unit
that has both, the ranking (sortable) and each unit's deductions."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from gongkai.assets import echarts_inline
from gongkai.core.evaluate.problems import problem_label
from gongkai.core.evaluate.results import Evaluation
from gongkai.core.evaluate.scoring import ZERO, ReportScore, points_text

__all__ = ["page_data", "render_page", "write_page"]

#: Problems shown in the chart of the most common ones.
TOP_PROBLEMS = 10


def _float(d: Any) -> float | None:
    return None if d is None else float(d)


def page_data(ev: Evaluation) -> dict[str, Any]:
    """What the charts draw."""
    total = ev.scheme.total
    step = total / 10
    bins = [0] * 10
    for r in ev.ranked:
        assert r.report.score is not None
        bins[min(9, int(r.report.score / step))] += 1
    labels = [f"{points_text(step * i)}–{points_text(step * (i + 1))}" for i in range(10)]
    problems = [p for p in ev.problems if p.severity.value != "info"][:TOP_PROBLEMS]
    compared = [r for r in ev.ranked if r.previous is not None]
    return {
        "distribution": {"labels": labels, "counts": bins},
        "problems": {
            "labels": [p.label for p in reversed(problems)],
            "units": [len(p.units) for p in reversed(problems)],
        },
        "years": {
            "units": [r.report.unit for r in compared],
            "previous": [_float(r.previous.score) if r.previous else None for r in compared],
            "current": [_float(r.report.score) for r in compared],
        },
        "total": float(total),
    }


def _ranking_rows(ev: Evaluation) -> str:
    rows = []
    for i, r in enumerate(ev.ranked):
        rep, prev = r.report, r.previous
        change = "" if r.change is None else f"{'+' if r.change > 0 else ''}{points_text(r.change)}"
        rows.append(
            f'<tr><td class="n">{r.rank}</td><td><a href="#u{i}">'
            f"{escape(rep.unit)}</a></td><td>{rep.year or ''}</td>"
            f'<td class="n">{points_text(rep.score or ZERO)}</td><td>{escape(rep.grade or "")}</td>'
            f'<td class="n">{points_text(prev.score) if prev and prev.score is not None else ""}</td>'
            f'<td class="n">{change}</td><td class="n">{len(rep.findings)}</td></tr>'
        )
    return "\n".join(rows)


def _details(r: ReportScore, anchor: str, labels: dict[str, str]) -> str:
    items = []
    for g in r.grouped():
        what = escape(problem_label(g.id))
        where = escape(labels.get(g.indicator or "", "不计分"))
        more = f"（共{g.count}处）" if g.count > 1 else ""
        lost = f"−{points_text(g.points)}" if g.points else "0"
        items.append(
            f'<li class="{g.severity.value}"><span class="pts">{lost}</span> '
            f"<b>{what}</b>{more} <small>[{where}；<code>{escape(g.id)}</code>]</small>"
            f"<br>{escape(g.messages[0])}</li>"
        )
    body = "".join(items) or "<li>未发现问题</li>"
    return (
        f'<section id="{escape(anchor)}"><h3>{escape(r.unit)} · {r.year or "年度未知"}年度 · '
        f"{points_text(r.score or ZERO)}分 · {escape(r.grade or '')}</h3>"
        f'<p class="src">{escape(r.source)}</p><ul>{body}</ul></section>'
    )


def render_page(ev: Evaluation) -> str:
    labels = {i.id: i.label for i in ev.scheme.indicators}
    counts = ev.grade_counts()
    grades = "、".join(f"{name}{n}个" for name, n in counts.items())
    average = ev.average()
    summary = f"共评分{len(ev.ranked)}个单位" + (
        f"，平均{points_text(average)}分；{grades}" if average is not None else ""
    )
    if ev.unreadable:
        summary += f"；另有{len(ev.unreadable)}份报告无法读取，未予评分"
    unranked = "\n".join(
        f"<tr><td>{escape(u.report.unit)}</td><td>{u.report.year or ''}</td>"
        f"<td>{escape(u.reason)}</td><td>{escape(u.report.source)}</td></tr>"
        for u in ev.unranked
    )
    scheme_rows = "\n".join(
        f'<tr><td>{escape(i.label)}</td><td class="n">{points_text(i.weight)}</td></tr>'
        for i in ev.scheme.indicators
    )
    details = "\n".join(_details(r.report, f"u{i}", labels) for i, r in enumerate(ev.ranked))
    data = page_data(ev)
    years_chart = (
        '<div id="c-years" class="chart wide"></div>'
        if data["years"]["units"]
        else '<p class="note">没有同一单位上一年度的报告，无法比较两年得分。</p>'
    )
    return _PAGE.format(
        title=escape(f"{ev.year_text}年度政府信息公开工作年度报告检查结果"),
        summary=escape(summary) + "。",
        scheme=escape(ev.scheme.name),
        scheme_rows=scheme_rows,
        years_chart=years_chart,
        ranking=_ranking_rows(ev),
        unranked_block=(
            "<h2>未计入排名的报告</h2><table><thead><tr><th>单位</th><th>年度</th><th>原因</th>"
            f"<th>文件</th></tr></thead><tbody>{unranked}</tbody></table>"
            if unranked
            else ""
        ),
        details=details,
        echarts=echarts_inline(),
        data=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
    )


def write_page(ev: Evaluation, path: str | Path) -> None:
    Path(path).write_text(render_page(ev), encoding="utf-8")


_PAGE = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title>
<style>
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5rem;color:#1f2328}}
h1{{font-size:1.4rem}} h2{{font-size:1.15rem;margin-top:1.6rem}}
.charts{{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem}}
.chart{{height:340px;border:1px solid #d0d7de;border-radius:4px}} .chart.wide{{grid-column:1/-1;height:380px}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}} th,td{{border:1px solid #d0d7de;padding:.25rem .5rem}}
th{{background:#f6f8fa;cursor:pointer;user-select:none}} td.n{{text-align:right}}
.note{{color:#57606a}} .src{{color:#57606a;font-size:.8rem;margin:0}} .pts{{display:inline-block;min-width:2.5em;color:#b42318}}
.error b{{color:#b42318}} .warning b{{color:#9a6700}} section{{margin:.8rem 0}} h3{{font-size:1rem;margin:.2rem 0}}
details{{margin:.5rem 0}} #scheme{{width:auto}}
</style></head><body>
<h1>{title}</h1>
<p>{summary}</p>
<details><summary>评分方案：{scheme}</summary>
<table id="scheme"><thead><tr><th>指标</th><th>分值</th></tr></thead><tbody>{scheme_rows}</tbody></table></details>
<div class="charts"><div id="c-dist" class="chart"></div><div id="c-problems" class="chart"></div>{years_chart}</div>
<h2>排名</h2>
<table id="ranking"><thead><tr><th>名次</th><th>单位</th><th>年度</th><th>得分</th><th>等次</th><th>上年得分</th><th>较上年</th><th>问题数</th></tr></thead>
<tbody>
{ranking}
</tbody></table>
{unranked_block}
<h2>各单位扣分情况</h2>
{details}
<script>{echarts}</script>
<script>
const DATA = {data};
// No animation: the page is a report, drawn at once (and so in a screenshot).
const ANIM = {{animation: false}};
const dist = echarts.init(document.getElementById("c-dist"));
dist.setOption({{...ANIM, title: {{text: "得分分布（单位数）", left: "center", textStyle: {{fontSize: 14}}}}, tooltip: {{}},
  xAxis: {{type: "category", data: DATA.distribution.labels, axisLabel: {{interval: 0, rotate: 30}}}},
  yAxis: {{type: "value", minInterval: 1}}, series: [{{type: "bar", data: DATA.distribution.counts, itemStyle: {{color: "#0969da"}}}}]}});
const probs = echarts.init(document.getElementById("c-problems"));
probs.setOption({{...ANIM, title: {{text: "最常见的问题（涉及单位数）", left: "center", textStyle: {{fontSize: 14}}}}, tooltip: {{}},
  grid: {{left: 8, right: 24, containLabel: true}},
  xAxis: {{type: "value", minInterval: 1}},
  yAxis: {{type: "category", data: DATA.problems.labels, axisLabel: {{width: 260, overflow: "truncate"}}}},
  series: [{{type: "bar", data: DATA.problems.units, itemStyle: {{color: "#b42318"}}}}]}});
if (document.getElementById("c-years")) {{
  const years = echarts.init(document.getElementById("c-years"));
  years.setOption({{...ANIM, title: {{text: "各单位本年与上年得分", left: "center", textStyle: {{fontSize: 14}}}},
    tooltip: {{trigger: "axis"}}, legend: {{top: 24}}, grid: {{bottom: 90}},
    xAxis: {{type: "category", data: DATA.years.units, axisLabel: {{interval: 0, rotate: 30}}}},
    yAxis: {{type: "value", max: DATA.total}},
    series: [{{name: "上年", type: "bar", data: DATA.years.previous, itemStyle: {{color: "#8c959f"}}}},
             {{name: "本年", type: "bar", data: DATA.years.current, itemStyle: {{color: "#0969da"}}}}]}});
}}
document.querySelectorAll("#ranking th").forEach((th, col) => th.addEventListener("click", () => {{
  const body = th.closest("table").tBodies[0];
  const asc = th.dataset.asc !== "1"; th.dataset.asc = asc ? "1" : "0";
  const key = tr => {{ const t = tr.children[col].innerText; const n = parseFloat(t); return isNaN(n) ? t : n; }};
  [...body.rows].sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * (asc ? 1 : -1)).forEach(r => body.appendChild(r));
}}));
</script>
</body></html>
"""
