"""Publication dates for the Art. 49 check (PUB.W001) from a store made by
`gongkai collect` and from an input list, with the source of the date beside the
finding and in the JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from gongkai.cli.main import cli
from gongkai.core.collect import Site
from gongkai.core.collect.crawl import CollectOptions, collect
from gongkai.core.collect.fetch import FetchOptions
from gongkai.core.report.render import render_text
from govsite import EXPECTED, UNITS, GovSite, build_site
from support import model

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "audit-result.schema.json").read_text())


def _audit(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["audit", "--format", "json", *args], catch_exceptions=False)
    records = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    for r in records:
        jsonschema.validate(r, SCHEMA)
    return result.exit_code, records


def _late(record: dict) -> list[dict]:
    return [f for f in record["findings"] if f["id"] == "PUB.W001"]


def test_auditing_a_store_takes_the_dates_of_its_manifest(tmp_path):
    site = GovSite()
    build_site(site)
    store = tmp_path / "store"
    with site.serve() as base:
        sites = [Site(unit, base + path) for unit, path in UNITS.items()]
        options = CollectOptions(years=(2023, 2024), fetch=FetchOptions(delay=0))
        assert collect(sites, store, options).ok
    _, records = _audit(str(store))
    # The reports the manifest lists, and nothing else the store holds (list pages, the
    # pages that only pointed to an attachment).
    assert len(records) == len(EXPECTED)
    manifest = {
        str(store / e["file"]): e
        for e in map(json.loads, (store / "manifest.jsonl").read_text().splitlines())
    }
    assert {r["source"] for r in records} == set(manifest)
    for r in records:
        assert r["published_on"] == manifest[r["source"]]["published_on"]
        assert r["published_on_source"] == "manifest"
    # 示例县人民政府's 2024 report is a PDF (淮安市人民政府's, as it happens) whose page
    # is dated 2 April 2025: two days after a government's 31 March.
    late = [(r["source"], f) for r in records for f in _late(r)]
    assert len(late) == 1
    source, finding = late[0]
    assert manifest[source]["unit"] == "示例县人民政府" and manifest[source]["year"] == 2024
    assert finding["message"].startswith("报告发布于2025-04-02（发布日期来自采集清单），")
    assert "2025-03-31（迟2天）" in finding["message"]


def test_an_input_list_gives_dates_and_they_win_over_the_text(tmp_path):
    dept = tmp_path / "reports" / "jyj-2023.txt"
    dept.parent.mkdir()
    text = render_text(model(body="示例县教育局", narrative={}))
    title, rest = text.split("\n", 1)
    dept.write_text(f"{title}\n发布日期：2024-01-20\n{rest}", encoding="utf-8")
    gov = tmp_path / "reports" / "gov-2023.txt"
    gov.write_text(render_text(model(body=None, narrative={})), encoding="utf-8")  # no body
    listing = tmp_path / "inputs.csv"
    listing.write_text(
        "file,published_on,unit\nreports/jyj-2023.txt,2024/2/5,\nreports/gov-2023.txt,2024年4月2日,示例县人民政府\n",
        encoding="utf-8",
    )
    # Without the list: the date the text prints, which is on time.
    _, [alone] = _audit(str(dept))
    assert (alone["published_on"], alone["published_on_source"]) == ("2024-01-20", "text")
    assert not _late(alone)
    # With it: the list's dates; the unit names the body the report does not.
    _, records = _audit("--list", str(listing), str(dept))  # dept given twice: audited once
    assert len(records) == 2
    by_name = {Path(r["source"]).name: r for r in records}
    jyj, gov_record = by_name["jyj-2023.txt"], by_name["gov-2023.txt"]
    assert (jyj["published_on"], jyj["published_on_source"]) == ("2024-02-05", "list")
    [finding] = _late(jyj)
    assert (
        "（发布日期来自输入清单）" in finding["message"]
        and "2024-01-31（迟5天）" in finding["message"]
    )
    assert gov_record["body"] == "示例县人民政府"
    [finding] = _late(gov_record)
    assert "报告发布于2024-04-02（发布日期来自输入清单）" in finding["message"]


def test_the_text_source_is_named_too(tmp_path):
    path = tmp_path / "r.txt"
    text = render_text(model(body="示例县教育局", narrative={}))
    title, rest = text.split("\n", 1)
    path.write_text(f"{title}\n发布时间：2024-02-05\n{rest}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(path)], catch_exceptions=False)
    assert "报告发布于2024-02-05（发布日期见报告页面）" in result.output


def test_a_bad_list_is_a_usage_error(tmp_path):
    listing = tmp_path / "inputs.csv"
    listing.write_text("file,published_on\na.txt,明年\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", "--list", str(listing)])
    assert result.exit_code == 2 and "inputs.csv:2" in result.output and "不是日期" in result.output
    listing.write_text("path,date\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", "--list", str(listing)])
    assert result.exit_code == 2 and "file,published_on" in result.output
    result = CliRunner().invoke(cli, ["audit"])
    assert result.exit_code == 2 and "Give INPUTS, or --list" in result.output
