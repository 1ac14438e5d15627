"""``gongkai evaluate`` and ``gongkai bulletin`` on the shared fixtures, on a collected
store, across two years; the workbook read back, the page in Chromium, the bulletin's
DOCX and PDF read back."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from gongkai.cli.main import cli
from gongkai.core.collect.manifest import MANIFEST, ManifestEntry
from gongkai.core.evaluate.scheme import default_scheme
from gongkai.core.evaluate.scoring import unit_name
from gongkai.core.report.batch import audit_file
from gongkai.core.report.render import render_text
from support import FIXTURE_REPORTS, SEED, SHARED, TODAY, model

ORIGINALS = sorted((SHARED / "fixtures" / "original").glob("0*"))
INPUTS = [SEED, *FIXTURE_REPORTS, *ORIGINALS]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    book = load_workbook(path, read_only=True)
    try:
        header, *rows = list(book[name].values)
    finally:
        book.close()
    return [dict(zip(header, r, strict=True)) for r in rows]


@pytest.fixture(scope="module")
def fixtures_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("evaluate")
    result = run(
        "evaluate",
        *INPUTS,
        "--jobs",
        "2",
        "--out",
        out / "results.xlsx",
        "--html",
        out / "results.html",
        "--bulletin-draft",
        out / "bulletin.json",
        "--issuer",
        "示例市人民政府办公室",
        "--as-of",
        TODAY.isoformat(),
    )
    assert result.exit_code == 0, result.output
    assert "已写入" in result.output
    return out


def expected_units() -> set[str]:
    return {unit_name(audit_file(str(p))) for p in INPUTS}


def test_the_ranking_follows_the_scores_and_names_every_unit(fixtures_run):
    ranking = sheet_rows(fixtures_run / "results.xlsx", "ranking")
    assert {r["单位"] for r in ranking} == expected_units()
    assert len(ranking) == len(INPUTS)
    scores = [Decimal(str(r["得分"])) for r in ranking]
    ranks = [r["名次"] for r in ranking]
    assert scores == sorted(scores, reverse=True)
    for i, (rank, score) in enumerate(zip(ranks, scores, strict=True)):
        # Competition ranking: equal scores share a rank, the next rank skips.
        if i and score == scores[i - 1]:
            assert rank == ranks[i - 1]
        else:
            assert rank == i + 1
    grades = dict(default_scheme().grades)
    for r in ranking:
        low = grades[r["等次"]]
        assert Decimal(str(r["得分"])) >= low


def test_deductions_add_up_to_what_each_unit_lost(fixtures_run):
    book = fixtures_run / "results.xlsx"
    lost: dict[str, Decimal] = defaultdict(Decimal)
    for d in sheet_rows(book, "deductions"):
        assert d["编号"] and d["说明"], d  # every deduction names the finding that caused it
        lost[d["单位"]] += Decimal(str(d["扣分"]))
    ranking = sheet_rows(book, "ranking")
    for r in ranking:
        assert Decimal(100) - Decimal(str(r["得分"])) == lost.get(r["单位"], Decimal(0)), r["单位"]
    # The seed report's two arithmetic errors cost it points under 统计数据准确.
    seed = next(d for d in sheet_rows(book, "deductions") if d["编号"] == "T3.E001")
    assert seed["指标"] == "统计数据准确" and seed["扣分"] == 3
    problems = sheet_rows(book, "problems")
    assert problems[0]["单位数"] >= problems[-1]["单位数"]
    assert {p["编号"] for p in problems} >= {"STRUCT.E001", "T3.E001", "VAL.W001"}


def test_the_page_opens_in_chromium_with_its_charts(fixtures_run, page, shot):
    html = (fixtures_run / "results.html").read_text(encoding="utf-8")
    assert "<script src" not in html and "cdn" not in html.lower()
    page.route(
        "**/*",
        lambda route: (
            route.abort() if not route.request.url.startswith("file:") else route.continue_()
        ),
    )
    page.goto((fixtures_run / "results.html").as_uri())
    page.wait_for_function("document.querySelectorAll('canvas').length >= 2")
    assert page.locator("#ranking tbody tr").count() == len(expected_units())
    assert "无法比较两年得分" in page.inner_text("body")  # no unit has two years here
    page.locator("#ranking th").nth(3).click()  # by score, ascending
    scores = [float(t) for t in page.locator("#ranking tbody td:nth-child(4)").all_inner_texts()]
    assert scores == sorted(scores)
    path = shot(page, "evaluate-fixtures")
    assert page.console_errors == []
    assert os.path.getsize(path) > 10_000


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_bulletin_names_every_unit(fixtures_run, tmp_path, kind):
    out = tmp_path / f"bulletin.{kind}"
    result = run("bulletin", fixtures_run / "bulletin.json", "--to", kind, "-o", out)
    assert result.exit_code == 0, result.output
    if kind == "docx":
        doc = Document(str(out))
        texts = [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        text = "\n".join(texts)
    else:
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
    # pdftotext joins a word broken at a hyphen without it (「06-official-⏎template」).
    flat = re.sub(r"[\s-]+", "", text)
    assert "关于2019至2024年度政府信息公开工作年度报告检查情况的通报" in flat
    for heading in ("一、检查范围和方法", "二、总体情况", "三、存在的主要问题", "四、整改要求"):
        assert heading in flat
    for unit in expected_units():
        assert re.sub(r"[\s-]+", "", unit) in flat, unit
    assert "示例市人民政府办公室" in flat and "2026年12月5日" in flat


def test_an_edited_draft_is_what_is_rendered(fixtures_run, tmp_path):
    draft = json.loads((fixtures_run / "bulletin.json").read_text(encoding="utf-8"))
    draft["title"] = "关于2023年度全市政府信息公开工作年度报告检查情况的通报"
    draft["parts"][0]["paragraphs"].append("本次检查由市政务公开办组织。")
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "edited.docx"
    assert run("bulletin", edited, "--to", "docx", "-o", out).exit_code == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert draft["title"] in text and "本次检查由市政务公开办组织。" in text


def test_a_broken_draft_names_the_key(tmp_path, fixtures_run):
    draft = json.loads((fixtures_run / "bulletin.json").read_text(encoding="utf-8"))
    draft["annex"][2]["problems"] = "不是列表"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    result = run("bulletin", broken, "--to", "pdf", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert "annex[2].problems" in result.output and "应为列表" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_two_years_of_a_unit_are_compared(tmp_path, page, shot):
    same = "我县坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开，依法依规做好政府信息公开申请办理工作，持续加强政府网站和政务新媒体管理，年度内未发生因公开不当引发的问题。"
    narrative = {"sec1": same, "sec5": "一是公开内容有待丰富。下一步将加强培训。", "sec6": "无。"}
    reports = {
        "a2022.txt": model(
            {"apply.carried_out.np": 4, "apply.carried_out.total": 4},
            year=2022,
            narrative=narrative,
        ),
        "a2023.txt": model(year=2023, narrative=narrative),
        "b2022.txt": model(year=2022, body="示例镇人民政府"),
        "b2023.txt": model({"apply.new.np": 11}, year=2023, body="示例镇人民政府"),
        "c2022.txt": model(year=2022, body="示例县财政局"),
    }
    for name, report in reports.items():
        (tmp_path / name).write_text(render_text(report), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    html = tmp_path / "r.html"
    result = run("evaluate", tmp_path, "--year", "2023", "--out", out, "--html", html)
    assert result.exit_code == 0, result.output
    ranking = sheet_rows(out, "ranking")
    ranked = {r["单位"]: r for r in ranking if r["名次"]}
    assert set(ranked) == {"示例县人民政府", "示例镇人民政府"}
    county = ranked["示例县人民政府"]
    assert county["较上年"] == county["得分"] - county["上年得分"]
    deductions = sheet_rows(out, "deductions")
    copied = [d for d in deductions if d["编号"] == "YR.W003"]
    assert copied and copied[0]["指标"] == "内容不照搬上年"
    assert any(d["编号"] == "YR.W001" for d in deductions)  # carried in ≠ last year's out
    [finance] = [r for r in ranking if r["单位"] == "示例县财政局"]
    assert finance["名次"] is None and "2023年度" in finance["说明"]
    years = sheet_rows(out, "years")
    assert {y["单位"] for y in years} == {"示例县人民政府", "示例镇人民政府"}
    page.goto(html.as_uri())
    page.wait_for_function("document.querySelectorAll('canvas').length >= 3")
    shot(page, "evaluate-two-years")
    assert page.console_errors == []


def test_a_collected_store_gives_units_and_dates(tmp_path):
    store = tmp_path / "store"
    lines = []
    for unit, body, published in (
        ("示例县发展和改革局", "示例县发展和改革局", date(2024, 2, 20)),  # late: 31 January
        ("示例县人民政府", "示例县人民政府", date(2024, 3, 1)),
        ("示例县统计局", "", None),  # a report that names no body: the manifest's unit
    ):
        text = render_text(model(year=2023, body=body or "示例县人民政府"))
        if not body:
            text = text.replace("示例县人民政府", "", 1)
        data = text.encode("utf-8")
        file = f"files/{unit}/2023-report.txt"
        (store / file).parent.mkdir(parents=True)
        (store / file).write_bytes(data)
        entry = ManifestEntry(
            unit=unit,
            year=2023,
            url=f"http://example.gov.cn/{unit}.html",
            fetched_at="2026-12-01T00:00:00Z",
            published_on=published,
            sha256=hashlib.sha256(data).hexdigest(),
            kind="html",
            file=file,
        )
        lines.append(entry.to_json())
    (store / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = run("evaluate", store, "--out", out, "--bulletin-draft", tmp_path / "b.json")
    assert result.exit_code == 0, result.output
    ranking = {r["单位"]: r for r in sheet_rows(out, "ranking")}
    assert set(ranking) == {"示例县发展和改革局", "示例县人民政府", "示例县统计局"}
    late = ranking["示例县发展和改革局"]
    assert late["扣分：按时公开"] == 10 and late["日期来源"] == "采集清单"
    assert ranking["示例县人民政府"]["扣分：按时公开"] == 0
    draft = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    overview = " ".join(draft["parts"][1]["paragraphs"])
    assert "1个单位未在条例第四十九条规定的时限内公布年度报告：示例县发展和改革局。" in overview
    assert "发布日期以各单位网站发布页面所载日期为准" in " ".join(draft["parts"][0]["paragraphs"])
    assert draft["date"] == f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"  # the frozen clock


def test_an_unreadable_input_is_listed_not_ranked(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "r.xlsx"
    result = run("evaluate", tmp_path, "--out", out, "--bulletin-draft", tmp_path / "b.json")
    assert result.exit_code == 2
    ranking = sheet_rows(out, "ranking")
    [empty] = [r for r in ranking if r["文件"].endswith("empty.txt")]
    assert empty["名次"] is None and empty["得分"] is None and "无法读取" in empty["说明"]
    draft = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert "另有1份报告文件无法读取" in " ".join(draft["parts"][0]["paragraphs"])
    assert any(row["grade"] == "未评分" for row in draft["annex"])


def test_a_bad_scheme_is_refused_naming_the_key(tmp_path):
    scheme = yaml.safe_load(run("evaluate", "--print-default-scheme").output)
    assert scheme["indicators"]["on_time"]["weight"] == 10
    scheme["indicators"]["format"]["weight"] = "十"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(scheme, allow_unicode=True), encoding="utf-8")
    result = run("evaluate", SEED, "--scheme", bad, "--out", tmp_path / "r.xlsx")
    assert result.exit_code == 2
    assert "indicators.format.weight" in result.output and "应为不小于0的数" in result.output
    assert not (tmp_path / "r.xlsx").exists()


def test_a_scheme_of_ones_own(tmp_path):
    scheme = yaml.safe_load(run("evaluate", "--print-default-scheme").output)
    scheme["indicators"]["arithmetic"]["deduct"] = {"error": 7.5, "warning": 1}
    scheme["grades"] = {"达标": 80, "不达标": 0}
    own = tmp_path / "own.yaml"
    own.write_text(yaml.safe_dump(scheme, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = run("evaluate", SEED, "--scheme", own, "--out", out)
    assert result.exit_code == 0, result.output
    [seed] = sheet_rows(out, "ranking")
    assert seed["扣分：统计数据准确"] == 15 and seed["等次"] in ("达标", "不达标")


@pytest.mark.parametrize(
    ("option", "name"), [("--out", "r.csv"), ("--html", "r.txt"), ("--bulletin-draft", "b.docx")]
)
def test_output_names_are_checked_before_the_audit(tmp_path, option, name):
    args = ["--out", tmp_path / "r.xlsx"] if option != "--out" else []
    result = run("evaluate", SEED, *args, option, tmp_path / name)
    assert result.exit_code == 2 and option in result.output
