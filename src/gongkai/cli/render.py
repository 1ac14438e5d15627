"""``gongkai render``: a report in the audit JSON form to a document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from gongkai.core import AnnualReport, GongkaiError
from gongkai.core.report.serialize import report_from_json

FORMATS = ("html", "docx", "pdf", "md", "xlsx", "txt")


@click.command()
@click.argument("report_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "kind", type=click.Choice(FORMATS), required=True, help="The document kind.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write it.",
)
@click.option(
    "--issued-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date the closing prints under the unit's name (YYYY-MM-DD); none if not given.",
)
def render(report_json: Path, kind: str, output: Path, issued_on: datetime | None) -> None:
    """Render a report given in the audit JSON form (gongkai audit --format json, or
    gongkai report compile) as HTML (the official table layout), DOCX, PDF, Markdown,
    XLSX (one sheet per table) or plain text, ending (but the XLSX) with the unit's name
    and, with --issued-on, the date. REPORT_JSON holds one JSON object."""
    from gongkai.core.report.render import (
        render_docx,
        render_html,
        render_markdown,
        render_pdf,
        render_text,
        render_xlsx,
    )

    try:
        report = report_from_json(report_json.read_bytes(), source=str(report_json))
    except GongkaiError as err:  # RecordError: not UTF-8, not JSON, not a report record
        raise click.ClickException(str(err)) from None
    on = issued_on.date() if issued_on else None
    renderers: dict[str, Callable[[AnnualReport], bytes]] = {
        "html": lambda r: render_html(r, issued_on=on).encode("utf-8"),
        "docx": lambda r: render_docx(r, issued_on=on),
        "pdf": lambda r: render_pdf(r, issued_on=on),
        "md": lambda r: render_markdown(r, issued_on=on).encode("utf-8"),
        "xlsx": render_xlsx,
        "txt": lambda r: render_text(r, issued_on=on).encode("utf-8"),
    }
    output.write_bytes(renderers[kind](report))
    click.echo(f"{output} ({kind}, {output.stat().st_size:,} bytes)")
