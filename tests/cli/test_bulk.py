"""Bulk audit: a directory of mixed reports with broken files, pairing across years,
row files, and the HTML summary in a real browser."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gongkai.cli.main import cli
from gongkai.core.report.render import render_docx, render_html, render_pdf, render_text
from support import FIXTURE_REPORTS, SEED, SHARED, model


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """100 inputs: 97 reports in every kind, one corrupt PDF, one empty file, one unrelated PDF."""
    folder = tmp_path_factory.mktemp("mixed")
    originals = sorted((SHARED / "fixtures" / "original").glob("0*"))
    sources = [SEED, *FIXTURE_REPORTS, *originals]
    for p in sources:
        shutil.copy(p, folder / p.name)
    made = len(sources)
    i = 0
    while made < 97:
        kind = ("txt", "html", "docx", "pdf")[i % 4] if i < 8 else ("txt", "html", "docx")[i % 3]
        report = model(
            {
                "apply.new.np": 10 + i,
                "apply.new.total": 14 + i,
                "apply.result.grant.np": 5 + i,
                "apply.result.grant.total": 6 + i,
                "apply.result.total.np": 11 + i,
                "apply.result.total.total": 15 + i,
            },
            body=f"示例{i}县人民政府",
            narrative={},
        )
        render = {
            "txt": lambda r: render_text(r).encode(),
            "html": lambda r: render_html(r).encode(),
            "docx": render_docx,
            "pdf": render_pdf,
        }[kind]
        sub = folder / f"sub{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"r{i:03d}.{kind}").write_bytes(render(report))
        made += 1
        i += 1
    (folder / "corrupt.pdf").write_bytes(render_pdf(model())[:900])
    (folder / "empty.txt").write_bytes(b"")
    from weasyprint import HTML

    (folder / "notice.pdf").write_bytes(
        HTML(string="<p>关于召开春季运动会的通知</p><p>各单位：定于四月举行。</p>").write_pdf()
    )
    return folder


def test_a_directory_of_100_with_three_bad_files(mixed):
    result = run("audit", "--format", "json", "--jobs", "2", str(mixed))
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 100
    bad = {Path(r["source"]).name: r["error"]["message"] for r in records if "error" in r}
    assert set(bad) == {"corrupt.pdf", "empty.txt", "notice.pdf"}
    assert "PDF" in bad["corrupt.pdf"]
    assert "空" in bad["empty.txt"]
    assert "未找到年度报告" in bad["notice.pdf"]
    audited = [r for r in records if "error" not in r]
    assert len(audited) == 97 and all(r["format"] for r in audited)
    assert result.exit_code == 2


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_quiet_alone_gives_only_the_exit_status(mixed, tmp_path, jobs):
    # With nothing printed or written, no record is made: the exit status is still
    # that of the whole audit (2: unreadable files), then 1 without them, 0 for a
    # clean report alone.
    result = run("audit", "--quiet", "--jobs", jobs, str(mixed))
    assert (result.exit_code, result.output) == (2, "")
    readable = [
        p for p in mixed.rglob("*.*") if p.name not in ("corrupt.pdf", "empty.txt", "notice.pdf")
    ]
    errors = json.loads(run("audit", "--format", "json", str(SEED)).output)["findings"]
    assert any(f["severity"] == "error" for f in errors)
    result = run("audit", "--quiet", "--jobs", jobs, *map(str, readable))
    assert (result.exit_code, result.output) == (1, "")
    clean = tmp_path / "clean.txt"
    clean.write_text(render_text(model()), encoding="utf-8")
    assert run("audit", "--quiet", "--jobs", jobs, str(clean), str(clean)).exit_code == 0


def test_text_output_names_the_bad_files_too(mixed):
    result = run("audit", str(mixed))
    assert result.exit_code == 2
    for name in ("corrupt.pdf", "empty.txt", "notice.pdf"):
        assert name in result.output
    assert result.output.count("无法读取：") == 3


def test_globs_and_missing_inputs(mixed, tmp_path):
    result = run(
        "audit", "--format", "json", str(mixed / "sub*" / "*.docx"), str(tmp_path / "nope.txt")
    )
    records = [json.loads(line) for line in result.output.splitlines()]
    assert sum(1 for r in records if r["source"].endswith(".docx")) >= 20
    assert records[-1]["error"]["message"].startswith("没有这个文件")
    assert result.exit_code == 2


def test_pairing_consecutive_years_of_one_body(tmp_path):
    text = "我县坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，依法依规做好政府信息公开申请办理工作，持续加强政府网站和政务新媒体管理，年度内未发生因公开不当引发的问题。"
    (tmp_path / "a2022.txt").write_text(
        render_text(
            model(
                {"apply.carried_out.np": 4, "apply.carried_out.total": 4},
                year=2022,
                narrative={"sec1": text},
            )
        )
    )
    (tmp_path / "b2023.txt").write_text(render_text(model(year=2023, narrative={"sec1": text})))
    records = [
        json.loads(line)
        for line in run("audit", "--format", "json", str(tmp_path)).output.splitlines()
    ]
    now = next(r for r in records if r["year"] == 2023)
    ids = sorted(f["id"] for f in now["findings"])
    assert ids.count("YR.W001") == 2 and "YR.W003" in ids
    unpaired = [
        json.loads(line)
        for line in run("audit", "--format", "json", "--no-pair", str(tmp_path)).output.splitlines()
    ]
    assert not [f for r in unpaired for f in r["findings"] if f["id"].startswith("YR.")]


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "xlsx"])
def test_row_files(mixed, tmp_path, suffix):
    out = tmp_path / f"rows.{suffix}"
    result = run("audit", "--quiet", "--out", str(out), str(mixed))
    assert result.exit_code == 2 and result.output == ""
    if suffix == "csv":
        with out.open(encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    elif suffix == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    else:
        sheet = load_workbook(out).active
        header, *data = list(sheet.values)
        rows = [dict(zip(header, r, strict=True)) for r in data]
    assert len(rows) == 100
    seed = next(r for r in rows if str(r["source"]).endswith("xinglong-2023-annual-report.txt"))
    assert int(seed["errors"]) == 2 and int(seed["R1"]) == 1 and int(seed["R3"]) == 1
    assert int(seed["apply.new.total"]) == 52
    assert sum(1 for r in rows if r["error"]) == 3


def test_html_summary_opens_in_chromium_without_errors(mixed, tmp_path, page, shot):
    page_file = tmp_path / "summary.html"
    result = run("audit", "--quiet", "--html", str(page_file), str(mixed))
    assert result.exit_code == 2
    html = page_file.read_text()
    assert "<script src" not in html and "cdn" not in html.lower()
    page.route(
        "**/*",
        lambda route: (
            route.abort() if not route.request.url.startswith("file:") else route.continue_()
        ),
    )
    page.goto(page_file.as_uri())
    page.wait_for_function("document.querySelectorAll('canvas').length >= 3")
    assert page.locator("#reports tbody tr").count() == 100
    # the rules' chart names each family for a Chinese reader, not by its code
    labels = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('c-rule')).getOption().xAxis[0].data"
    )
    assert "R1 表三各列收支平衡" in labels and "结构完整" in labels and "STRUCT" not in labels
    page.locator("#reports th").nth(4).click()  # sort by errors, descending after two clicks
    page.locator("#reports th").nth(4).click()
    errors_column = [
        int(t) for t in page.locator("#reports tbody tr td:nth-child(5)").all_inner_texts()
    ]
    assert errors_column == sorted(errors_column, reverse=True) and errors_column[0] > 0
    path = shot(page, "audit-summary")
    assert page.console_errors == []
    assert os.path.getsize(path) > 10_000


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bulk_audit_sets_the_garbage_collector_back(jobs):
    """The collector is tuned for the run (frozen imports, a larger young generation)
    and set back after it: an audit run inside another program leaves it as it was."""
    import gc

    before = gc.get_threshold()
    inputs = [str(SEED), *map(str, FIXTURE_REPORTS[:4])]
    result = run("audit", "--quiet", "--jobs", jobs, *inputs)
    assert result.exit_code in (0, 1)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
