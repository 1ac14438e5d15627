"""The kind of an input comes from its bytes; encodings; legacy Word files."""

from __future__ import annotations

import pytest

from gongkai.core import ParseError
from gongkai.core.report.parse import legacy_word
from gongkai.core.report.parse.files import InputKind, detect_kind, read_report, read_report_bytes
from gongkai.core.report.render import render_docx, render_html, render_pdf
from support import SEED, model

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", InputKind.PDF),
        (b"PK\x03\x04rest", InputKind.DOCX),
        (OLE, InputKind.LEGACY_WORD),
        (b"<!DOCTYPE html><html><body>x</body></html>", InputKind.HTML),
        (b"\xef\xbb\xbf<html><head><meta charset=gbk></head>", InputKind.HTML),
        ("一、总体情况\n<不是网页>".encode(), InputKind.TEXT),
    ],
)
def test_kind_from_content(data, kind):
    assert detect_kind(data) is kind


def test_kind_does_not_come_from_the_name(tmp_path):
    report = model()
    for data, name in (
        (render_pdf(report), "report.txt"),
        (render_docx(report), "report.pdf"),
        (render_html(report).encode(), "report.docx"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert read_report(path).body == "示例县人民政府"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8"])
def test_html_in_each_encoding(encoding):
    html = render_html(model()).replace(
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
    )
    report = read_report_bytes(html.encode(encoding), source="page.html")
    assert report.body == "示例县人民政府" and report.cells["apply.new.total"].number == 14


def test_gbk_page_without_a_declaration_is_still_read():
    html = render_html(model()).replace('<meta charset="utf-8">', "")
    assert read_report_bytes(html.encode("gbk"), source="page.html").year == 2023


def test_legacy_word_without_libreoffice_is_refused_with_the_command(monkeypatch):
    monkeypatch.setattr(legacy_word.shutil, "which", lambda name: None)
    with pytest.raises(ParseError) as err:
        read_report_bytes(OLE, source="old.doc")
    assert (
        "libreoffice --headless --convert-to docx" in err.value.message
        and err.value.source == "old.doc"
    )


def test_legacy_word_is_converted_with_libreoffice(tmp_path):
    """make setup installs LibreOffice (scripts/system-deps.sh), so this runs everywhere."""
    import subprocess

    docx = tmp_path / "r.docx"
    docx.write_bytes(render_docx(model()))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/p",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    report = read_report(tmp_path / "r.doc")
    assert report.cells["apply.new.total"].number == 14


def test_empty_and_unrelated_files_are_named(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(ParseError) as err:
        read_report(tmp_path / "empty.pdf")
    assert "empty.pdf" in str(err.value)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + SEED.read_bytes()[:200])
    with pytest.raises(ParseError) as err:
        read_report(broken)
    assert "broken.pdf" in str(err.value)
