"""The closing (落款) of a rendered report — the unit's name, then the date, right-aligned —
and the reader taking that date for the release date, so that the lateness rule
(PUB.W001) can judge our own documents; and the reader taking no other date for one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO

import docx
import pdfplumber
import pytest

from gongkai.core import read_report
from gongkai.core.report.parse import parse_text
from gongkai.core.report.parse.files import read_report_bytes
from gongkai.core.report.render import (
    render_docx,
    render_html,
    render_markdown,
    render_pdf,
    render_text,
)
from gongkai.core.report.rules import check
from support import SEED, without_own_closing

RENDER = {
    "docx": render_docx,
    "pdf": render_pdf,
    "html": lambda r, **kw: render_html(r, **kw).encode("utf-8"),
    "md": lambda r, **kw: render_markdown(r, **kw).encode("utf-8"),
    "txt": lambda r, **kw: render_text(r, **kw).encode("utf-8"),
}


@pytest.fixture(scope="module")
def own():
    """The seed as read: its section 六 ends with its closing, 2024年2月19日."""
    return read_report(SEED)


@pytest.fixture(scope="module")
def seed(own):
    """The seed without its own closing: the renderers print theirs."""
    return without_own_closing(own)


def test_the_seed_reads_its_own_closing_date(own):
    assert own.body == "兴隆县人民政府" and own.published_on == date(2024, 2, 19)
    assert own.sections["sec6"].text.endswith("兴隆县人民政府\n2024年2月19日")


@pytest.mark.parametrize("kind", ["txt", "md", "html", "docx"])
@pytest.mark.parametrize("issued_on", [None, date(2024, 3, 5)])
def test_a_report_that_closes_itself_is_not_closed_twice(own, kind, issued_on):
    """Rendered again, a report whose text ends with its dated closing keeps that one and
    gets no second: the unit's name is printed once and its own date stays the date."""
    data = RENDER[kind](own, issued_on=issued_on)
    back = read_report_bytes(data, source=f"x.{kind}")
    assert back.published_on == date(2024, 2, 19)
    text = render_text(back)
    assert text.count("兴隆县人民政府\n") == text.count("兴隆县人民政府\n2024年2月19日") == 1


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_a_report_that_ends_with_its_name_alone_gets_the_date_under_it(own, kind):
    sec6 = own.sections["sec6"]
    named = replace(
        own,
        sections={**own.sections, "sec6": replace(sec6, text="无。\n兴隆县人民政府")},
        published_on=None,
    )
    back = read_report_bytes(RENDER[kind](named, issued_on=date(2024, 3, 5)), source=f"x.{kind}")
    assert back.published_on == date(2024, 3, 5)
    assert render_text(back).count("兴隆县人民政府\n") == 1


@pytest.mark.parametrize("kind", list(RENDER))
def test_a_dated_closing_reads_back_as_the_release_date(seed, kind):
    back = read_report_bytes(RENDER[kind](seed, issued_on=date(2024, 3, 5)), source=f"x.{kind}")
    assert back.published_on == date(2024, 3, 5)
    assert (back.body, back.year) == (seed.body, seed.year)


@pytest.mark.parametrize("kind", list(RENDER))
def test_an_undated_closing_gives_no_date(seed, kind):
    # The document ends with the unit's name alone, so the seed's old closing above it
    # is no closing any more.
    back = read_report_bytes(RENDER[kind](seed), source=f"x.{kind}")
    assert back.published_on is None


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_late_closing_draws_the_lateness_finding(seed, kind):
    # A 县人民政府 publishes by 31 March (Art. 49).
    late = read_report_bytes(RENDER[kind](seed, issued_on=date(2024, 4, 9)), source=f"x.{kind}")
    on_time = read_report_bytes(RENDER[kind](seed, issued_on=date(2024, 3, 29)), source="y")
    assert [f.message for f in check(late) if f.id == "PUB.W001"] == [
        "报告发布于2024-04-09（发布日期见报告页面），晚于条例第四十九条规定的2024-03-31（迟9天）"
    ]
    assert not [f for f in check(on_time) if f.id == "PUB.W001"]


def test_the_docx_closing_is_the_last_two_paragraphs_right_aligned(seed):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document(BytesIO(render_docx(seed, issued_on=date(2024, 3, 5))))
    last = [p for p in document.paragraphs if p.text.strip()][-2:]
    assert [p.text for p in last] == ["兴隆县人民政府", "2024年3月5日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in last)


def test_the_pdf_closing_stands_at_the_right_margin_of_the_last_page(seed):
    with pdfplumber.open(BytesIO(render_pdf(seed, issued_on=date(2024, 3, 5)))) as pdf:
        page = pdf.pages[-1]
        lines = page.extract_text_lines()
        name, day = lines[-2], lines[-1]
        assert (name["text"], day["text"]) == ("兴隆县人民政府", "2024年3月5日")
        # A4 landscape with 20 mm margins (and the page body's own 6 pt): both end at
        # the right margin, not at the left.
        right = page.width - 20 / 25.4 * 72
        assert abs(name["x1"] - right) < 8 and abs(day["x1"] - right) < 8
        assert day["x0"] > page.width / 2


def _text(ending: str) -> str:
    # Long enough that the ending lies beyond the head, where a date line is read anyway.
    return (
        "测试县教育局2024年政府信息公开工作年度报告\n一、总体情况\n"
        + "本年度工作平稳。\n" * 60
        + "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n"
        "六、其他需要报告的事项\n" + ending
    )


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ("无。\n测试县教育局\n2025年1月20日\n", date(2025, 1, 20)),
        ("无。\n测试县教育局\n２０２５年１月２０日\n- 3 -\n", date(2025, 1, 20)),
        # No unit's name above the date: not a closing.
        ("无。\n2025年1月20日\n", None),
        # A sentence, not a name, above it.
        ("本年度会议于以下日期召开：教育局\n2025年1月20日\n", None),
        # A date in the report's own year cannot be the day a report of that year came out.
        ("无。\n测试县教育局\n2024年12月20日\n", None),
        # Not the last text of the document.
        ("无。\n测试县教育局\n2025年1月20日\n附件：有关说明\n", None),
        # Not a day that exists.
        ("无。\n测试县教育局\n2025年2月30日\n", None),
    ],
)
def test_the_reader_takes_only_a_closing_for_the_release_date(ending, expected):
    assert parse_text(_text(ending), source="t.txt").published_on == expected


def test_a_date_at_the_head_wins_over_the_closing():
    text = _text("无。\n测试县教育局\n2025年3月20日\n").replace(
        "报告\n", "报告\n发布日期：2025-01-20\n", 1
    )
    assert parse_text(text, source="t.txt").published_on == date(2025, 1, 20)
