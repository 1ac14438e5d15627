"""``gongkai evaluate``: audit many units' reports, score them under a scheme, rank them,
and write the workbook, the HTML page and the bulletin's draft; ``gongkai bulletin``:
render an (edited) draft as DOCX or PDF."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from gongkai.core import GongkaiError, ParseError

if TYPE_CHECKING:
    from gongkai.core.evaluate.results import Evaluation

EXIT_OK, EXIT_UNUSABLE = 0, 2


def _print_default_scheme(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib import resources

    from gongkai.core.evaluate.scheme import DEFAULT_SCHEME

    text = resources.files("gongkai.core.evaluate").joinpath(DEFAULT_SCHEME).read_text("utf-8")
    click.echo(text, nl=False)
    ctx.exit()


def _suffix(path: Path | None, allowed: tuple[str, ...], option: str) -> None:
    if path is not None and path.suffix.lower() not in allowed:
        raise click.BadParameter(
            f"must end in {' or '.join(allowed)}, not {path.suffix or '(nothing)'}",
            param_hint=option,
        )


@click.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--list",
    "input_list",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A CSV of inputs and their publication dates: columns file,published_on[,unit].",
)
@click.option(
    "--scheme",
    "scheme_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The scoring scheme (YAML); default: gongkai's own (--print-default-scheme).",
)
@click.option(
    "--year",
    type=click.IntRange(2008, 2099),
    help="The reports' year to rank (default: each unit's latest); the year before is compared.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The results workbook (.xlsx): ranking, deductions, problems, years, scheme.",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a self-contained HTML page with the charts and the ranking.",
)
@click.option(
    "--bulletin-draft",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the bulletin (通报) as a draft to edit (.json, .yaml or .yml).",
)
@click.option("--issuer", help="The bulletin's issuing office (发文机关), for its signature.")
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The bulletin's date (成文日期), YYYY-MM-DD; default: today.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes to read reports with.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--print-default-scheme",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_default_scheme,
    help="Print the default scoring scheme (a start for your own) and exit.",
)
def evaluate(
    inputs: tuple[str, ...],
    input_list: Path | None,
    scheme_file: Path | None,
    year: int | None,
    out: Path,
    html_out: Path | None,
    bulletin_draft: Path | None,
    issuer: str | None,
    as_of: datetime | None,
    jobs: int,
    quiet: bool,
) -> None:
    """Score and rank units' annual reports (政府信息公开工作年度报告) and draft the bulletin.

    INPUTS are what `gongkai audit` takes: files, directories, globs, and stores made by
    `gongkai collect` (with the publication dates collected). Every report is audited
    (same bodies' consecutive years paired), scored under the scheme, and each unit's
    report of the year ranked, with each deduction and the finding that caused it.

    Exit status: 0, or 2 when an input cannot be read as a report (it is listed,
    unscored, in every output; the others are evaluated).
    """
    from gongkai.cli.audit import _progress
    from gongkai.core.evaluate.results import evaluate as arrange
    from gongkai.core.evaluate.scheme import default_scheme, load_scheme
    from gongkai.core.evaluate.scoring import Scorer
    from gongkai.core.report.batch import audit_inputs
    from gongkai.core.report.bulk import BulkAudit

    if not inputs and input_list is None:
        raise click.UsageError("Give INPUTS, or --list.")
    _suffix(out, (".xlsx",), "--out")
    _suffix(html_out, (".html", ".htm"), "--html")
    _suffix(bulletin_draft, (".json", ".yaml", ".yml"), "--bulletin-draft")
    try:
        scheme = load_scheme(scheme_file) if scheme_file else default_scheme()
    except GongkaiError as err:  # SchemeError: names the key at fault
        raise click.BadParameter(str(err), param_hint="--scheme") from None
    try:
        targets = list(audit_inputs(inputs, input_list))
    except ParseError as err:
        raise click.BadParameter(str(err), param_hint="--list") from None
    units = {}
    for source, path, given in targets:
        if given is not None and given.unit:
            units[source] = units[str(path)] = given.unit
    scorer = Scorer(scheme)
    run = BulkAudit(targets, jobs=jobs)
    with _progress(len(targets)) as advance:
        scores = [scorer.score(r, units.get(r["source"])) for r in run.records(advance)]
    ev = arrange(scores, scheme, year=year)
    written = _write(ev, out, html_out, bulletin_draft, issuer, as_of)
    if not quiet:
        _summary(ev, written)
    sys.exit(EXIT_UNUSABLE if ev.unreadable else EXIT_OK)


def _write(
    ev: Evaluation,
    out: Path,
    html_out: Path | None,
    draft: Path | None,
    issuer: str | None,
    as_of: datetime | None,
) -> list[Path]:
    from gongkai.core.evaluate.workbook import write_workbook

    write_workbook(ev, out)
    written = [out]
    if html_out is not None:
        from gongkai.core.evaluate.page import write_page

        write_page(ev, html_out)
        written.append(html_out)
    if draft is not None:
        from gongkai.core.evaluate.bulletin import draft_bulletin, write_bulletin

        # The bulletin is dated in China's time, whatever the machine's zone.
        issued_on = as_of.date() if as_of else datetime.now(ZoneInfo("Asia/Shanghai")).date()
        write_bulletin(draft_bulletin(ev, issued_on=issued_on, issuer=issuer), draft)
        written.append(draft)
    return written


def _summary(ev: Evaluation, written: list[Path]) -> None:
    from gongkai.core.evaluate.scoring import ZERO, points_text

    average = ev.average()
    grades = "、".join(f"{name}{n}个" for name, n in ev.grade_counts().items())
    line = f"评分 {len(ev.ranked)} 个单位（{ev.year_text or '年度未知'}年度）"
    if average is not None:
        line += f"，平均 {points_text(average)} 分：{grades}"
    click.echo(line)
    for r in ev.ranked[:3]:
        click.echo(f"  第{r.rank}名 {r.report.unit} {points_text(r.report.score or ZERO)}分")
    common = [p for p in ev.problems if p.severity.value != "info"][:5]
    if common:
        click.echo(
            "最常见的问题：" + "；".join(f"{p.label}（{len(p.units)}个单位）" for p in common)
        )
    for u in ev.unranked:
        click.echo(f"未计入排名：{u.report.source}：{u.reason}")
    click.echo("已写入：" + "、".join(str(p) for p in written))


@click.command()
@click.argument("draft", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--to", "kind", type=click.Choice(["docx", "pdf"]), required=True, help="The document kind."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write it.",
)
def bulletin(draft: Path, kind: str, output: Path) -> None:
    """Render a bulletin (通报) draft written by `gongkai evaluate --bulletin-draft`, as
    edited, to DOCX or PDF in the layout of an official document."""
    from gongkai.core.evaluate.bulletin import ISSUER_PLACEHOLDER, read_bulletin

    try:
        b = read_bulletin(draft)
    except GongkaiError as err:  # BulletinError: names the key at fault
        raise click.ClickException(str(err)) from None
    if kind == "docx":
        from gongkai.core.evaluate.bulletin_docx import render_bulletin_docx

        data = render_bulletin_docx(b)
    else:
        from gongkai.core.evaluate.bulletin_pdf import render_bulletin_pdf

        data = render_bulletin_pdf(b)
    output.write_bytes(data)
    if b.issuer == ISSUER_PLACEHOLDER:
        click.echo(f"注意：草稿的 issuer（发文机关署名）仍为「{ISSUER_PLACEHOLDER}」", err=True)
    click.echo(f"{output} ({kind}, {len(b.annex)} 个单位, {len(data):,} bytes)")
