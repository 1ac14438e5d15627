"""`gongkai audit` end to end: exit codes, text and JSON output, --prior."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner

from gongkai.cli.main import cli
from gongkai.core.report.render import render_text
from support import FIXTURE_REPORTS, SEED, model

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "audit-result.schema.json").read_text())


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def lines(output: str) -> list[dict]:
    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    for r in records:
        jsonschema.validate(r, SCHEMA)
    return records


def test_seed_text_output_and_exit_code():
    result = run("audit", str(SEED))
    assert result.exit_code == 1
    out = result.output
    for expected in (
        "T3.E001",
        "T3.E003",
        "FMT.W001",
        "STRUCT.W001",
        "各类申请人合计54，总计栏为52",
        "错误 2 项，警告 2 项",
    ):
        assert expected in out


def test_seed_json_is_one_valid_line_with_the_four_findings():
    result = run("audit", "--format", "json", str(SEED))
    assert result.exit_code == 1
    [record] = lines(result.output)
    assert (record["format"], record["body"], record["year"]) == ("2021", "兴隆县人民政府", 2023)
    assert sorted((f["id"], f["rule"], f["severity"]) for f in record["findings"]) == [
        ("FMT.W001", "FMT", "warning"),
        ("STRUCT.W001", "STRUCT", "warning"),
        ("T3.E001", "R1", "error"),
        ("T3.E003", "R3", "error"),
    ]
    r1 = next(f for f in record["findings"] if f["rule"] == "R1")
    assert r1["location"]["column"] == "le_res" and "本年新收2" in r1["message"] and r1["hint"]
    assert record["cells"]["apply.new.total"] == 52
    assert record["cells"]["active.admin_fees.amount_wan"] == 142
    assert "apply.result.reject.publication.np" not in record["cells"]


def test_clean_report_exits_zero(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(render_text(model()), encoding="utf-8")
    result = run("audit", str(path))
    assert result.exit_code == 0
    assert "未发现问题" in result.output


def test_gbk_file_is_read(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(render_text(model()).encode("gbk"))
    [record] = lines(run("audit", "--format", "json", str(path)).output)
    assert record["body"] == "示例县人民政府" and record["findings"] == []


def test_unusable_input_exits_two_and_the_others_are_still_audited(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run("audit", "--format", "json", str(empty), str(binary), str(SEED))
    assert result.exit_code == 2
    records = lines(result.output)
    assert [r["source"] for r in records] == [str(empty), str(binary), str(SEED)]
    assert "文件为空" in records[0]["error"]["message"]
    assert "NUL" in records[1]["error"]["message"]
    assert len(records[2]["findings"]) == 4


def test_missing_file_is_a_clean_error(tmp_path):
    result = run("audit", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "nope.txt" in result.output and "Traceback" not in result.output


def test_prior_enables_cross_year_rules(tmp_path):
    prior = tmp_path / "2022.txt"
    # last year: 5 carried out (this year says 2 carried in); 18 in force + 3 - 1 = 20 holds
    prior.write_text(
        render_text(
            model(
                {
                    "apply.carried_out.np": 5,
                    "apply.carried_out.total": 5,
                    "active.normative.in_force": 18,
                },
                year=2022,
            )
        )
    )
    now = tmp_path / "2023.txt"
    now.write_text(render_text(model()))
    result = run("audit", "--format", "json", "--prior", str(prior), str(now))
    [record] = lines(result.output)
    assert result.exit_code == 0
    assert sorted(f["id"] for f in record["findings"]) == ["YR.W001", "YR.W001"]


def test_prior_needs_exactly_one_file(tmp_path):
    result = CliRunner().invoke(
        cli, ["audit", "--prior", str(SEED), str(SEED), str(FIXTURE_REPORTS[0])]
    )
    assert result.exit_code == 2
    assert "--prior goes with exactly one input file" in result.output


@pytest.mark.parametrize("path", FIXTURE_REPORTS, ids=lambda p: p.name)
def test_every_fixture_gives_schema_valid_json(path):
    result = run("audit", "--format", "json", str(path))
    [record] = lines(result.output)
    has_error = any(f["severity"] == "error" for f in record["findings"])
    assert result.exit_code == (1 if has_error else 0)


def _commands(group, prefix=()):
    # list_commands/get_command, not .commands: the top group loads its commands lazily.
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


def test_every_command_has_help_and_is_documented():
    readme = (ROOT / "README.md").read_text()
    for path, cmd in _commands(cli):
        result = run(*path, "--help")
        assert result.exit_code == 0 and cmd.help, path
        assert re.search(rf"gongkai {' '.join(path)}\b", readme), (
            f"gongkai {' '.join(path)} not in README"
        )


@pytest.mark.parametrize("kind", ["html", "docx", "pdf", "md", "xlsx", "txt"])
def test_render_from_audit_json(tmp_path, kind):
    record = tmp_path / "seed.json"
    record.write_text(run("audit", "--format", "json", str(SEED)).output)
    out = tmp_path / f"seed.{kind}"
    result = run("render", str(record), "--to", kind, "-o", str(out))
    assert result.exit_code == 0 and out.stat().st_size > 500
    if kind != "xlsx":
        from gongkai.core import read_report

        back = read_report(out)
        assert back.body == "兴隆县人民政府" and back.cells["apply.new.le_res"].number == 2


def test_render_refuses_a_file_that_is_not_a_record(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"cells": {"apply.new.np": "many"}}')
    result = CliRunner().invoke(
        cli, ["render", str(bad), "--to", "html", "-o", str(tmp_path / "x.html")]
    )
    assert (
        result.exit_code == 1
        and "apply.new.np" in result.output
        and "Traceback" not in result.output
    )
    bad.write_text("{not json")
    result = CliRunner().invoke(
        cli, ["render", str(bad), "--to", "html", "-o", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 1 and "not JSON" in result.output


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe\x00{", "not UTF-8"),
        (b"", "empty"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"cells": {"apply.new.np": ' + b"9" * 5000 + b"}}", "not JSON"),
        (b'{"cells": {"apply.new.np": NaN}}', "finite"),
        (b'{"cells": {}, "year": 99999}', '"year"'),
        (b'{"cells": {"apply.new.np": 1}}\n{"cells": {}}', "not JSON"),
    ],
    ids=["utf-16", "empty", "deep", "huge-int", "nan", "year", "two-records"],
)
def test_render_shows_what_is_wrong_with_any_bytes(tmp_path, data, words):
    """Whatever the file holds, a clean error (exit 1) naming the file, never a traceback."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(data)
    result = CliRunner().invoke(
        cli, ["render", str(bad), "--to", "txt", "-o", str(tmp_path / "x.txt")]
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert words in result.output and str(bad) in result.output, result.output
    assert "Traceback" not in result.output
