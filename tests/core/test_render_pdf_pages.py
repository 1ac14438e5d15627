"""Where the PDF's pages break: never after a heading, never between a table's header
rows and its first rows (Table 3's header once stood alone at the foot of a page), never
inside the closing — for narratives of several lengths, so that the breaks fall in
different places (each length below once put a header or heading at a page's foot)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO

import pdfplumber
import pytest

from gongkai.core import read_report
from gongkai.core.report.formats import SECTIONS
from gongkai.core.report.render import render_pdf
from support import SEED, without_own_closing

HEADINGS = {s.title for s in SECTIONS} | {"2023年政府信息公开工作年度报告"}
#: How the header rows of the tables begin in the PDF's text lines.
HEADERS = {
    "Table 2's block header": ("第二十条第", "信息内容 "),
    "Table 3's header": ("（本列数据的勾稽关系", "自然人", "等于第三项加第四项之和", "商业企业"),
    "Table 3's lead row": (
        "三、本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
    ),
    "Table 4's header": ("行政复议 行政诉讼", "未经复议直接起诉", "结果维持"),
}


@pytest.fixture(scope="module")
def seed():
    return without_own_closing(read_report(SEED))


def _what(line: str) -> str | None:
    if line.replace(" ", "") in HEADINGS:
        return "a heading"
    return next((name for name, starts in HEADERS.items() if line.startswith(starts)), None)


# 5 and 27 lines once left Table 3's header alone at a page's foot; 4 and 26 Table 4's;
# 3, 16 and 35 a lead row of Table 3; 9, 10, 12 and 18 a block header of Table 2.
@pytest.mark.parametrize("extra", [0, 3, 4, 5, 9, 10, 12, 16, 18, 26, 27, 35])
def test_no_page_ends_with_a_heading_or_a_tables_header(seed, extra):
    sec1 = seed.sections["sec1"]
    padded = "\n".join(
        [sec1.text, *["本年度进一步完善了政府信息公开工作机制，明确了工作职责。"] * extra]
    )
    report = replace(seed, sections={**seed.sections, "sec1": replace(sec1, text=padded)})
    with pdfplumber.open(BytesIO(render_pdf(report, issued_on=date(2024, 3, 5)))) as pdf:
        pages = [[ln["text"] for ln in page.extract_text_lines()] for page in pdf.pages]
    assert len(pages) >= 4
    ends = [(n, page[-1], _what(page[-1])) for n, page in enumerate(pages[:-1], 1)]
    assert [e for e in ends if e[2] is not None] == []
    # Table 3's header and its first row share a page (the header is repeated on the
    # pages the table runs on to, each time above rows of its own); so do the closing's
    # two lines.
    holders = [p for p in pages if any(ln.startswith("等于第三项加第四项之和") for ln in p)]
    assert any(ln.startswith("一、本年新收政府信息公开申请数量") for ln in holders[0])
    for page in holders:
        at = next(i for i, ln in enumerate(page) if ln.startswith("等于第三项加第四项之和"))
        assert page[at + 1 : at + 3] and any(ln[-1].isdigit() for ln in page[at + 1 : at + 3])
    assert pages[-1][-2:] == ["兴隆县人民政府", "2024年3月5日"]
