"""The JSON import (``report_from_json``, what ``gongkai render`` does with a file's
bytes, and ``report_from_record`` under it, what the web app does with a stored
snapshot) on any bytes: a report or a ``RecordError``; on a report, the rules, the
audit record and the text, HTML and Markdown renderers must run. Half the mutations
are structure-aware (``tests/mutations/``: keys dropped, values of the wrong type,
huge, negative and non-finite numbers, unknown cell ids, wrong format strings).
Seeds: the audit records of the seed, the fixture reports and the original files."""

from __future__ import annotations

import json

import harness
from harness import atheris

with atheris.instrument_imports():
    from gongkai.core.report.render import render_html, render_markdown, render_text
    from gongkai.core.report.serialize import report_from_json


def read(data: bytes):
    return report_from_json(data, source="<fuzz>")


def after(report) -> None:
    harness.check_report(report)
    render_text(report)
    render_html(report)
    render_markdown(report)


def structured(chooser, data: bytes) -> bytes:
    from mutations import mutate_record

    record, _ = mutate_record(chooser, json.loads(data))
    return json.dumps(record, ensure_ascii=chooser.integer(0, 1) == 0).encode("utf-8")


if __name__ == "__main__":
    harness.main(harness.contract("json", read, after), harness.custom_mutator(structured))
