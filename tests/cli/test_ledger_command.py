"""``gongkai ledger export`` on the demo county: one row per application that the year's
report counts, and the rows counted by 办理结果 equal the compiled report's Table 3 (the
report compiled by the real service, ``gongkai report compile``); clean errors."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.core.report.formats import FORMATS, Version
from support import TODAY, run_gongkai

pytestmark = pytest.mark.dated

ROWS = FORMATS[Version.V2021].table("apply").rows
ROW_OF_LABEL = {r.label: r.id for r in ROWS}
YEAR = TODAY.year - 1


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("ledger")
    run = run_gongkai("demo", "--as-of", TODAY.isoformat(), home=home)
    assert run.returncode == 0, run.stderr
    return home


def gongkai(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_gongkai(*args, home=home)


def _ledger(path: Path) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    try:
        rows = list(book.active.iter_rows(values_only=True))
    finally:
        book.close()
    assert list(rows[2]) == [
        "序号",
        "收到日期",
        "申请人类别",
        "申请人",
        "申请方式",
        "申请内容",
        "办理结果",
        "答复日期",
        "是否延期",
        "征求意见",
        "复议/诉讼",
    ]
    return rows[3:]


def _compiled(home: Path, *args: str) -> dict[str, int]:
    run = gongkai(home, "report", "compile", "--year", str(YEAR), *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])["cells"]


def _check(rows: list[tuple], cells: dict[str, int]) -> None:
    assert len(rows) == cells["apply.new.total"] + cells["apply.carried_in.total"] > 0
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    counted = Counter(ROW_OF_LABEL[r[6]] for r in rows)
    for row in ROWS:
        if row.id.startswith("apply.result.") and row.id != "apply.result.total":
            assert counted.get(row.id, 0) == cells[f"{row.id}.total"], row.label
    assert counted["apply.carried_out"] == cells["apply.carried_out.total"] > 0
    assert sum(counted.values()) - counted["apply.carried_out"] == cells["apply.result.total.total"]


def test_the_years_ledger_equals_the_compiled_reports_table_3(home):
    run = gongkai(home, "ledger", "export", "--year", str(YEAR), "-o", "ledger.xlsx")
    assert run.returncode == 0, run.stderr
    rows = _ledger(home / "ledger.xlsx")
    assert f"ledger.xlsx: {len(rows)} 件申请" in run.stdout
    # The demo's units all sit under the county: its roll-up report counts every one.
    _check(rows, _compiled(home, "--unit", "SLX", "--subtree"))
    received = [r[1].date() for r in rows]
    assert all(d.year <= YEAR for d in received) and any(d.year < YEAR for d in received)
    # The export is in the audit log: the filter and the count, no applicant's name.
    log = gongkai(
        home,
        "manage",
        "shell",
        "-c",
        "import json; from gongkai.web.audit.models import AuditLog;"
        " print(json.dumps([a.data for a in AuditLog.objects.filter(action='ledger.export')],"
        " ensure_ascii=False))",
    )
    data = json.loads(log.stdout.strip().splitlines()[-1])
    assert len(data) == 1 and data[0]["rows"] == len(rows) and data[0]["year"] == YEAR
    assert data[0]["via"].startswith("cli:") and rows[0][3] not in json.dumps(data)


def test_one_units_ledger_equals_its_report(home):
    run = gongkai(
        home, "ledger", "export", "--year", str(YEAR), "--unit", "SLX-JYJ", "-o", "j.xlsx"
    )
    assert run.returncode == 0, run.stderr
    rows = _ledger(home / "j.xlsx")
    _check(rows, _compiled(home, "--unit", "SLX-JYJ"))
    assert all("示例县教育局" in r[5] for r in rows)


def test_errors_are_clean(home):
    run = gongkai(
        home, "ledger", "export", "--year", str(YEAR), "--unit", "NO-SUCH", "-o", "x.xlsx"
    )
    assert run.returncode == 1
    assert "NO-SUCH" in run.stderr and "没有代码为" in run.stderr and "Traceback" not in run.stderr
    assert not (home / "x.xlsx").exists()
    run = gongkai(home, "ledger", "export", "--year", str(YEAR), "-o", "x.csv")
    assert run.returncode == 2 and ".xlsx" in run.stderr and "Traceback" not in run.stderr
    run = gongkai(home, "ledger", "export", "--year", str(YEAR), "-o", "no/such/dir/x.xlsx")
    assert run.returncode == 1 and "no such directory" in run.stderr
    run = gongkai(home, "ledger", "export", "-o", "x.xlsx")
    assert run.returncode == 2 and "--year" in run.stderr
    assert not list(home.glob(".ledger-*"))  # no temporary file left behind


def test_help():
    from click.testing import CliRunner

    from gongkai.cli.main import cli

    result = CliRunner().invoke(cli, ["ledger", "export", "--help"])
    assert result.exit_code == 0
    for option in ("--year", "--unit", "--subtree", "-o, --output", "办理结果"):
        assert option in result.output


def test_a_database_not_migrated_is_a_message(tmp_path):
    run = run_gongkai("ledger", "export", "--year", str(YEAR), "-o", "x.xlsx", home=tmp_path)
    assert run.returncode == 1
    assert "gongkai manage migrate" in run.stderr and "Traceback" not in run.stderr
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".ledger-*"))
