"""A bulletin (通报) as PDF: HTML laid out as GB/T 9704-2012 lays out an official document
(A4, margins 37/35/28/26 mm, 2号 title, 3号 body on a 28-point line, 「— 1 —」 page
numbers, the annexes on pages of their own), printed by WeasyPrint with Debian's Noto
CJK fonts (Noto Serif CJK for 宋体/仿宋, Noto Sans CJK for 黑体).

WeasyPrint lays a table out again on every page it spans, and a cell taller than a page
costs it minutes: a grade's units are printed 30 to a row (the grade's cells spanning
them), and each unit's problems (附件2) as paragraphs, not as a table."""

from __future__ import annotations

from html import escape

from gongkai.core.evaluate.bulletin import Bulletin, GradeRow
from gongkai.core.evaluate.bulletin_docx import RUN_IN
from gongkai.core.evaluate.bulletin_text import UNSCORED

__all__ = ["render_bulletin_html", "render_bulletin_pdf"]

#: Units named in one row of the table of grades.
UNITS_PER_ROW = 30

_CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font: 14pt "Noto Serif CJK SC", serif; } }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "FangSong", serif; font-size: 16pt;
  line-height: 28pt; margin: 0; text-align: justify; }
p { margin: 0; text-indent: 2em; }
p.flush { text-indent: 0; }
p.number { text-align: center; text-indent: 0; }
p.attach2 { text-indent: 5em; }
h1 { font-size: 22pt; line-height: 35pt; text-align: center; font-weight: bold; margin: 0 0 28pt; }
h2 { font-family: "Noto Sans CJK SC", "SimHei", sans-serif; font-size: 16pt; font-weight: normal;
  margin: 0; text-indent: 2em; }
.kai { font-weight: bold; }
.sign { text-align: right; text-indent: 0; padding-right: 4em; }
.sign.first { margin-top: 56pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; line-height: 1.45; font-size: 12pt; }
th, td { border: 0.75pt solid #000; padding: 3pt 5pt; vertical-align: middle; text-align: left; }
th { font-family: "Noto Sans CJK SC", sans-serif; font-weight: normal; text-align: center; }
td.c { text-align: center; white-space: nowrap; }
caption { font-family: "Noto Sans CJK SC", sans-serif; font-size: 14pt; padding: 6pt 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.annex-page { break-before: page; }
.annex-label { font-family: "Noto Sans CJK SC", sans-serif; text-indent: 0; }
.problems p { font-size: 14pt; line-height: 24pt; }
.problems p.unit { font-weight: bold; break-after: avoid; }
"""


def _p(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    head = RUN_IN.match(text)
    if head:
        rest = escape(text[head.end() :])
        return f'<p{attr}><span class="kai">{escape(head.group(0))}</span>{rest}</p>'
    return f"<p{attr}>{escape(text)}</p>"


def _grade_rows(g: GradeRow) -> str:
    chunks = [g.units[k : k + UNITS_PER_ROW] for k in range(0, len(g.units), UNITS_PER_ROW)]
    chunks = chunks or [()]
    span = f' rowspan="{len(chunks)}"' if len(chunks) > 1 else ""
    rows = []
    for i, units in enumerate(chunks):
        lead = (
            f'<td class="c"{span}>{escape(g.grade)}</td><td class="c"{span}>{escape(g.band)}</td>'
            f'<td class="c"{span}>{g.count}</td>'
            if i == 0
            else ""
        )
        cell = "、".join(units) if units else g.named
        rows.append(f"<tr>{lead}<td>{escape(cell)}</td></tr>")
    return "".join(rows)


def _grades(b: Bulletin) -> str:
    caption = f"<caption>{escape(b.grades_title)}</caption>" if b.grades_title else ""
    return (
        f'<table class="grades">{caption}<thead><tr><th style="width:11%">等次</th>'
        '<th style="width:26%">分数段</th><th style="width:12%">单位数</th><th>单位</th></tr>'
        f"</thead><tbody>{''.join(_grade_rows(g) for g in b.grades)}</tbody></table>"
    )


def _annexes(b: Bulletin) -> list[str]:
    out = ['<div class="annex-page"><p class="annex-label">附件1</p>']
    out.append(f"<h1>{escape(b.scores_title)}</h1>")
    rows = "".join(
        f'<tr><td class="c">{i}</td><td>{escape(r.unit)}</td><td class="c">{escape(r.year)}</td>'
        f'<td class="c">{escape(r.score)}</td><td class="c">{escape(r.grade)}</td></tr>'
        for i, r in enumerate(b.annex, start=1)
    )
    out.append(
        '<table><thead><tr><th style="width:9%">序号</th><th>单位</th><th style="width:13%">年度</th>'
        '<th style="width:13%">得分</th><th style="width:14%">等次</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )
    out.append('<div class="annex-page problems"><p class="annex-label">附件2</p>')
    out.append(f"<h1>{escape(b.problems_title)}</h1>")
    for i, r in enumerate(b.annex, start=1):
        said = r.grade if r.grade == UNSCORED else f"{r.score}分，{r.grade}"
        out.append(_p(f"{i}.{r.unit}（{said}）", "unit"))
        out.extend(_p(t) for t in r.problems)
    out.append("</div>")
    return out


def render_bulletin_html(b: Bulletin) -> str:
    out = ['<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">']
    out.append(f"<title>{escape(b.title)}</title><style>{_CSS}</style></head><body>")
    if b.number:
        out.append(_p(b.number, "number"))
    out.append(f"<h1>{escape(b.title)}</h1>")
    if b.recipients:
        out.append(_p(b.recipients, "flush"))
    out.append(_p(b.opening))
    for part in b.parts:
        out.append(f"<h2>{escape(part.heading)}</h2>")
        out.extend(_p(t) for t in part.paragraphs)
        if part.table == "grades" and b.grades:
            out.append(_grades(b))
    if b.closing:
        out.append(_p(b.closing))
    out.append(f'<p style="margin-top:28pt">附件：1.{escape(b.scores_title)}</p>')
    out.append(f'<p class="attach2">2.{escape(b.problems_title)}</p>')
    out.append(f'<p class="sign first">{escape(b.issuer)}</p><p class="sign">{escape(b.date)}</p>')
    out.extend(_annexes(b))
    out.append("</body></html>")
    return "".join(out)


def render_bulletin_pdf(b: Bulletin) -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string=render_bulletin_html(b)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
