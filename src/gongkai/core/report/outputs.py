"""Where a bulk audit writes its rows: CSV, JSON lines or XLSX (one row per report),
and the self-contained HTML summary. ``gongkai audit --out/--html`` and the web's bulk
audit jobs (:mod:`gongkai.web.jobs`) both write them with these classes."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from html import escape
from pathlib import Path
from typing import IO, Any

from gongkai.core.report.bodies import body_kind
from gongkai.core.report.rules.catalogue import rule_name

RULES = (
    "R1",
    "R2",
    "R3",
    "R4",
    "R5",
    "R6",
    "R7",
    "R8",
    "R9",
    "SUB",
    "FMT",
    "STRUCT",
    "META",
    "ART49",
    "PRACTICE",
    "COPY",
)
KEY_CELLS = (
    "apply.new.total",
    "apply.carried_in.total",
    "apply.result.total.total",
    "apply.carried_out.total",
    "review.total",
    "lit_direct.total",
    "lit_after_review.total",
)
COLUMNS = (
    "source",
    "body",
    "year",
    "format",
    "kind",
    "error",
    "errors",
    "warnings",
    "info",
    *RULES,
    *KEY_CELLS,
)


def row_of(record: dict[str, Any]) -> dict[str, Any]:
    findings = record.get("findings", [])
    by_rule = Counter(f["rule"] for f in findings)
    by_level = Counter(f["severity"] for f in findings)
    error = record.get("error")
    return {
        "source": record["source"],
        "body": record.get("body"),
        "year": record.get("year"),
        "format": record.get("format"),
        "kind": body_kind(record.get("body")),
        "error": error["message"] if error else None,
        "errors": by_level["error"],
        "warnings": by_level["warning"],
        "info": by_level["info"],
        **{r: by_rule[r] for r in RULES},
        **{c: record.get("cells", {}).get(c) for c in KEY_CELLS},
    }


class RowWriter:
    """Streams rows to .csv, .jsonl or .xlsx (openpyxl's write-only mode)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind = path.suffix.lower().lstrip(".")
        if self.kind not in ("csv", "jsonl", "xlsx"):
            raise ValueError(
                f"--out must end in .csv, .jsonl or .xlsx, not {path.suffix or '(nothing)'}"
            )
        self._fh: IO[str] | None = None
        if self.kind == "xlsx":
            from openpyxl import Workbook

            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet("audit")
            self._sheet.append(list(COLUMNS))
        else:
            self._fh = path.open(
                "w", encoding="utf-8-sig" if self.kind == "csv" else "utf-8", newline=""
            )
            if self.kind == "csv":
                self._csv = csv.DictWriter(self._fh, fieldnames=COLUMNS)
                self._csv.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        row = row_of(record)
        if self.kind == "xlsx":
            self._sheet.append([row[c] for c in COLUMNS])
        elif self.kind == "csv":
            self._csv.writerow(row)
        else:
            assert self._fh is not None
            self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self.kind == "xlsx":
            self._book.save(self.path)
        elif self._fh is not None:
            self._fh.close()


class Summary:
    """Collects what the HTML summary shows, one report at a time (rows stay small)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.findings: dict[int, list[dict[str, Any]]] = {}

    def add(self, record: dict[str, Any]) -> None:
        i = len(self.rows)
        self.rows.append(row_of(record))
        self.findings[i] = [
            {"id": f["id"], "severity": f["severity"], "message": f["message"]}
            for f in record.get("findings", [])
        ]

    def data(self) -> dict[str, Any]:
        readable = [r for r in self.rows if not r["error"]]
        n = len(readable) or 1
        rule_rate = {
            rule: round(100 * sum(1 for r in readable if r[rule]) / n, 1) for rule in RULES
        }
        by_year: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in readable:
            for bucket in (by_year[r["year"] or "未知"], by_kind[r["kind"]]):
                bucket[0] += 1
                bucket[1] += 1 if r["errors"] else 0

        def rates(d: dict[Any, list[int]]) -> dict[str, float]:
            return {
                str(k): round(100 * v[1] / v[0], 1)
                for k, v in sorted(d.items(), key=lambda kv: str(kv[0]))
            }

        return {
            "total": len(self.rows),
            "unreadable": len(self.rows) - len(readable),
            "with_errors": sum(1 for r in readable if r["errors"]),
            "rule_rate": rule_rate,
            "rule_names": {rule: rule_name(rule) for rule in RULES},
            "year_rate": rates(by_year),
            "kind_rate": rates(by_kind),
        }

    def write(self, path: Path) -> None:
        from gongkai.assets import echarts_inline

        data = self.data()
        kind_names = {
            "government": "人民政府",
            "department": "政府部门",
            "township": "乡镇街道",
            "other": "其他",
        }
        data["kind_rate"] = {kind_names.get(k, k): v for k, v in data["kind_rate"].items()}
        body = []
        for i, r in enumerate(self.rows):
            status = (
                f'<span class="err">无法读取：{escape(r["error"])}</span>' if r["error"] else ""
            )
            body.append(
                f'<tr><td><a href="#r{i}">{escape(Path(r["source"]).name)}</a></td>'
                f"<td>{escape(r['body'] or '')}</td><td>{r['year'] or ''}</td><td>{r['format'] or ''}</td>"
                f'<td class="n">{r["errors"]}</td><td class="n">{r["warnings"]}</td><td class="n">{r["info"]}</td><td>{status}</td></tr>'
            )
        details = []
        for i, r in enumerate(self.rows):
            items = "".join(
                f'<li class="{f["severity"]}"><code>{escape(f["id"])}</code> {escape(f["message"])}</li>'
                for f in self.findings[i]
            )
            details.append(
                f'<section id="r{i}"><h3>{escape(r["source"])}</h3>'
                + (
                    f'<p class="err">无法读取：{escape(r["error"])}</p>'
                    if r["error"]
                    else f"<ul>{items or '<li>未发现问题</li>'}</ul>"
                )
                + "</section>"
            )
        html = _PAGE.format(
            echarts=echarts_inline(),
            data=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
            total=data["total"],
            unreadable=data["unreadable"],
            with_errors=data["with_errors"],
            rows="\n".join(body),
            details="\n".join(details),
        )
        path.write_text(html, encoding="utf-8")


_PAGE = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>政府信息公开工作年度报告核查汇总</title>
<style>
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5rem;color:#1f2328}}
h1{{font-size:1.4rem}} .charts{{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:1rem}}
.chart{{height:320px;border:1px solid #d0d7de;border-radius:4px}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}} th,td{{border:1px solid #d0d7de;padding:.25rem .5rem}}
th{{background:#f6f8fa;cursor:pointer;user-select:none}} td.n{{text-align:right}}
.err,.error{{color:#b42318}} .warning{{color:#9a6700}} section{{margin:.8rem 0}} h3{{font-size:1rem;margin:.2rem 0}}
</style></head><body>
<h1>政府信息公开工作年度报告核查汇总</h1>
<p>共 {total} 份，其中无法读取 {unreadable} 份，有错误 {with_errors} 份。</p>
<div class="charts"><div id="c-rule" class="chart"></div><div id="c-year" class="chart"></div><div id="c-kind" class="chart"></div></div>
<h2>各报告</h2>
<table id="reports"><thead><tr><th>文件</th><th>机关</th><th>年度</th><th>格式</th><th>错误</th><th>警告</th><th>提示</th><th>状态</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<h2>问题明细</h2>
{details}
<script>{echarts}</script>
<script>
const DATA = {data};
function bar(id, title, obj, color) {{
  const chart = echarts.init(document.getElementById(id));
  chart.setOption({{title: {{text: title, left: "center", textStyle: {{fontSize: 14}}}}, tooltip: {{}},
    xAxis: {{type: "category", data: Object.keys(obj), axisLabel: {{interval: 0, rotate: 30}}}},
    yAxis: {{type: "value", name: "%", max: 100}}, series: [{{type: "bar", data: Object.values(obj), itemStyle: {{color: color}}}}]}});
}}
bar("c-rule", "各规则出现问题的报告占比（%）", Object.fromEntries(Object.entries(DATA.rule_rate).map(([k, v]) => [DATA.rule_names[k], v])), "#b42318");
bar("c-year", "各年度有错误的报告占比（%）", DATA.year_rate, "#9a6700");
bar("c-kind", "各类机关有错误的报告占比（%）", DATA.kind_rate, "#0969da");
document.querySelectorAll("#reports th").forEach((th, col) => th.addEventListener("click", () => {{
  const body = th.closest("table").tBodies[0];
  const asc = th.dataset.asc !== "1"; th.dataset.asc = asc ? "1" : "0";
  const key = tr => {{ const t = tr.children[col].innerText; const n = parseFloat(t); return isNaN(n) ? t : n; }};
  [...body.rows].sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * (asc ? 1 : -1)).forEach(r => body.appendChild(r));
}}));
</script>
</body></html>
"""
