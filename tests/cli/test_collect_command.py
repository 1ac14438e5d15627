"""`gongkai collect` end to end: exit status and summary, a run killed midway that the
next run completes without fetching again what it had."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from click.testing import CliRunner

from gongkai.cli.main import cli
from govsite import EXPECTED, FILES, UNITS, GovSite, build_site
from support import SEED


def _sites_csv(tmp_path, base: str, units=UNITS) -> str:
    path = tmp_path / "sites.csv"
    rows = ["unit,url", *(f"{unit},{base}{p}" for unit, p in units.items())]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_collect_then_again(tmp_path):
    site = GovSite()
    build_site(site)
    store = tmp_path / "store"
    with site.serve() as base:
        sites = _sites_csv(tmp_path, base)
        first = _run("collect", sites, "--years", "2023,2024", "--out", str(store), "--delay", "0")
        again = _run("collect", sites, "--years", "2023-2024", "--out", str(store), "--delay", "0")
    assert first.exit_code == 0, first.output
    assert "找到报告 6 份：新下载 6 份（文件 9 个" in first.output
    assert (
        again.exit_code == 0 and "新下载 0 份（文件 0 个，0 字节），此前已有 6 份" in again.output
    )
    assert "列表页 5 页（未变 5 页）" in again.output
    lines = [json.loads(x) for x in (store / "manifest.jsonl").read_text().splitlines()]
    assert {(x["unit"], x["year"]) for x in lines} == set(EXPECTED)
    assert all(
        set(x) >= {"unit", "year", "url", "fetched_at", "published_on", "sha256", "kind", "file"}
        for x in lines
    )
    for path in FILES:
        assert site.hits[path] == 1


def test_failures_give_exit_status_1_and_are_named(tmp_path):
    site = GovSite()
    build_site(site)
    site.add("/robots.txt", "User-agent: *\nDisallow: /jyj/\n", "text/plain")
    with site.serve() as base:
        result = _run(
            "collect",
            _sites_csv(tmp_path, base),
            "--years",
            "2023",
            "--out",
            str(tmp_path / "s"),
            "--delay",
            "0",
        )
    assert result.exit_code == 1
    assert "失败  示例县教育局" in result.output and "robots.txt 禁止采集此网址" in result.output
    assert "失败 1 项，见" in result.output
    assert (tmp_path / "s" / "manifest.jsonl").read_text().count("\n") == 2


def test_bad_input_is_a_usage_error(tmp_path):
    bad = tmp_path / "sites.csv"
    bad.write_text("name,link\n", encoding="utf-8")
    result = _run("collect", str(bad), "--years", "2023", "--out", str(tmp_path / "s"))
    assert result.exit_code == 2 and "第一行应为列名" in result.output
    result = _run("collect", str(bad), "--years", "23", "--out", str(tmp_path / "s"))
    assert result.exit_code == 2 and "不是年份" in result.output


def test_a_killed_run_is_resumed_by_the_next(tmp_path):
    site = GovSite(latency=0.15)  # slow enough to be killed midway
    build_site(site)
    store = tmp_path / "store"
    manifest = store / "manifest.jsonl"
    with site.serve() as base:
        args = [sys.executable, "-m", "gongkai", "collect", _sites_csv(tmp_path, base)]
        args += ["--years", "2023,2024", "--out", str(store), "--delay", "0", "--jobs", "1"]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if manifest.exists() and manifest.read_text().count("\n") >= 2:
                break
            time.sleep(0.02)
        proc.kill()
        proc.wait()
        done = [json.loads(x) for x in manifest.read_text().splitlines()]
        assert 2 <= len(done) < 6
        hits_before = dict(site.hits)
        site.latency = 0
        result = _run(
            "collect",
            str(tmp_path / "sites.csv"),
            "--years",
            "2023,2024",
            "--out",
            str(store),
            "--delay",
            "0",
        )
    assert result.exit_code == 0, result.output
    assert f"此前已有 {len(done)} 份" in result.output
    final = [json.loads(x) for x in manifest.read_text().splitlines()]
    assert {(x["unit"], x["year"]) for x in final} == set(EXPECTED)
    # What the killed run had finished is not fetched again.
    for entry in done:
        for url in [entry["url"], entry["page"], *(a["url"] for a in entry["attachments"])]:
            path = url.removeprefix(base)
            assert site.hits[path] == hits_before[path] == 1, path


def test_audit_loads_no_http_client():
    code = (
        "import json, sys\n"
        "from gongkai.cli.main import cli\n"
        f"try: cli(['audit', '--quiet', {str(SEED)!r}])\n"
        "except SystemExit: pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('httpx', 'gongkai.core.collect.')))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert "httpx" not in loaded and "gongkai.core.collect.crawl" not in loaded
