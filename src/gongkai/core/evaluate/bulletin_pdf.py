"""A bulletin (通报) as PDF: HTML laid out as GB/T 9704-2012 lays out an official document
(A4, margins 37/35/28/26 mm, 2号 title, 3号 body on a 28-point line, 「— 1 —」 page
numbers, the annex on its own pages), printed by WeasyPrint with Debian's Noto CJK fonts
(Noto Serif CJK for 宋体/仿宋, Noto Sans CJK for 黑体)."""

from __future__ import annotations

from html import escape

from gongkai.core.evaluate.bulletin import Bulletin
from gongkai.core.evaluate.bulletin_docx import RUN_IN

__all__ = ["render_bulletin_html", "render_bulletin_pdf"]

_CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font: 14pt "Noto Serif CJK SC", serif; } }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "FangSong", serif; font-size: 16pt;
  line-height: 28pt; margin: 0; text-align: justify; }
p { margin: 0; text-indent: 2em; }
p.flush { text-indent: 0; }
p.number { text-align: center; text-indent: 0; }
h1 { font-size: 22pt; line-height: 35pt; text-align: center; font-weight: bold; margin: 0 0 28pt; }
h2 { font-family: "Noto Sans CJK SC", "SimHei", sans-serif; font-size: 16pt; font-weight: normal;
  margin: 0; text-indent: 2em; }
.kai { font-weight: bold; }
.sign { text-align: right; text-indent: 0; padding-right: 4em; }
.sign.first { margin-top: 56pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; line-height: 1.45; }
th, td { border: 0.75pt solid #000; padding: 3pt 5pt; vertical-align: middle; text-align: left; }
th { font-family: "Noto Sans CJK SC", sans-serif; font-weight: normal; text-align: center; }
td.c { text-align: center; white-space: nowrap; }
table.grades { font-size: 12pt; }
table.annex { font-size: 10.5pt; }
table.annex td p { text-indent: 0; line-height: 1.45; }
caption { font-family: "Noto Sans CJK SC", sans-serif; font-size: 14pt; padding: 6pt 0; }
.annex-page { break-before: page; }
.annex-label { font-family: "Noto Sans CJK SC", sans-serif; text-indent: 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
"""


def _p(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    head = RUN_IN.match(text)
    if head:
        rest = escape(text[head.end() :])
        return f'<p{attr}><span class="kai">{escape(head.group(0))}</span>{rest}</p>'
    return f"<p{attr}>{escape(text)}</p>"


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
            rows = "".join(
                f'<tr><td class="c">{escape(g.grade)}</td><td class="c">{escape(g.band)}</td>'
                f'<td class="c">{len(g.units)}</td><td>{escape("、".join(g.units) or "无")}</td></tr>'
                for g in b.grades
            )
            caption = f"<caption>{escape(b.grades_title)}</caption>" if b.grades_title else ""
            out.append(
                f'<table class="grades">{caption}<thead><tr><th style="width:11%">等次</th>'
                '<th style="width:26%">分数段</th><th style="width:12%">单位数</th>'
                f"<th>单位</th></tr></thead><tbody>{rows}</tbody></table>"
            )
    if b.closing:
        out.append(_p(b.closing))
    out.append(f'<p style="margin-top:28pt">附件：{escape(b.annex_title)}</p>')
    out.append(f'<p class="sign first">{escape(b.issuer)}</p><p class="sign">{escape(b.date)}</p>')
    out.append('<div class="annex-page"><p class="annex-label">附件</p>')
    out.append(f"<h1>{escape(b.annex_title)}</h1>")
    rows = "".join(
        f'<tr><td class="c">{i}</td><td>{escape(r.unit)}</td><td class="c">{escape(r.score)}</td>'
        f'<td class="c">{escape(r.grade)}</td><td>{"".join(f"<p>{escape(t)}</p>" for t in r.problems)}</td></tr>'
        for i, r in enumerate(b.annex, start=1)
    )
    out.append(
        '<table class="annex"><thead><tr><th style="width:8%">序号</th><th style="width:22%">单位</th>'
        '<th style="width:8%">得分</th><th style="width:9%">等次</th><th>存在的问题</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></body></html>"
    )
    return "".join(out)


def render_bulletin_pdf(b: Bulletin) -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string=render_bulletin_html(b)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
