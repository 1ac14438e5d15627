"""Reading a report file: what kind of input it is (from its bytes, not its name),
its text encoding, and the reader for it."""

from __future__ import annotations

import re
import shutil
import tempfile
from enum import StrEnum
from pathlib import Path

from gongkai.core.errors import ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse.html import html_to_text, sniff_html_encoding
from gongkai.core.report.parse.text import parse_text

__all__ = ["InputKind", "decode", "detect_kind", "read_report", "read_report_bytes"]

_ENCODINGS = ("utf-8-sig", "gb18030")


class InputKind(StrEnum):
    TEXT = "text"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"
    LEGACY_WORD = "doc"  # .doc / .wps (OLE compound files)


_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b", re.I | re.S
)


def detect_kind(data: bytes) -> InputKind:
    """The kind of input, from its first bytes."""
    head = data[:2048]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return InputKind.PDF
    if head.startswith(b"PK\x03\x04"):
        return InputKind.DOCX  # checked further by the DOCX reader (word/document.xml)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return InputKind.LEGACY_WORD
    body = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(body) or re.search(rb"<(?:html|table|body)\b", head, re.I):
        return InputKind.HTML
    return InputKind.TEXT


def decode(data: bytes, *, source: str, declared: str | None = None) -> str:
    """Text from bytes: the declared encoding if it decodes, else UTF-8 (with or without
    BOM), else GB18030 (a superset of GBK and GB2312)."""
    if not data.strip():
        raise ParseError("文件为空", line=0, source=source)
    if b"\x00" in data[:4096]:
        raise ParseError("不是文本文件（含有NUL字节）", line=0, source=source)
    for enc in ((declared,) if declared else ()) + _ENCODINGS:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise ParseError("无法按UTF-8或GB18030解码", line=0, source=source)


def read_report_bytes(data: bytes, *, source: str) -> AnnualReport:
    """Read one report from its bytes, whatever its kind. Raises ParseError naming the source."""
    kind = detect_kind(data)
    if kind is InputKind.HTML:
        text = decode(data, source=source, declared=sniff_html_encoding(data))
        try:
            return parse_text(html_to_text(text), source=source)
        except ParseError as err:
            raise ParseError(err.message, line=err.line, source=source) from None
    if kind is InputKind.DOCX:
        from gongkai.core.report.parse.docx import parse_docx

        return parse_docx(data, source=source)
    if kind is InputKind.PDF:
        from gongkai.core.report.parse.pdf import parse_pdf

        return parse_pdf(data, source=source)
    if kind is InputKind.LEGACY_WORD:
        from gongkai.core.report.parse.docx import parse_docx

        return parse_docx(convert_legacy_word(data, source=source), source=source)
    return parse_text(decode(data, source=source), source=source)


E_NO_LIBREOFFICE = "这是旧版Word（.doc）或WPS文件，本机没有安装LibreOffice，无法转换；请先转换为.docx，例如：libreoffice --headless --convert-to docx 文件名"


def convert_legacy_word(data: bytes, *, source: str, timeout: float = 120) -> bytes:
    """A .doc/.wps file converted to .docx with LibreOffice, where it is installed."""
    import subprocess  # only here: a bulk audit mostly converts nothing

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ParseError(E_NO_LIBREOFFICE, line=0, source=source)
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        try:
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    tmp,
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
            return (Path(tmp) / "report.docx").read_bytes()
        except (subprocess.SubprocessError, OSError) as err:
            raise ParseError(
                f"LibreOffice未能转换此文件（{type(err).__name__}）", line=0, source=source
            ) from None


def read_report(path: str | Path) -> AnnualReport:
    """Read one report file. Raises ParseError (naming the file) for anything unreadable."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise ParseError(f"无法读取文件：{err.strerror or err}", line=0, source=str(p)) from None
    return read_report_bytes(data, source=str(p))
