"""Reading a report file: bytes to text, then the reader for its kind."""

from __future__ import annotations

from pathlib import Path

from gongkai.core.errors import ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse.text import parse_text

__all__ = ["decode", "read_report"]

_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, *, source: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    if not data.strip():
        raise ParseError("文件为空", line=0, source=source)
    if b"\x00" in data[:4096]:
        raise ParseError("不是文本文件（含有NUL字节）", line=0, source=source)
    for enc in _ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ParseError("无法按UTF-8或GB18030解码", line=0, source=source)


def read_report(path: str | Path) -> AnnualReport:
    """Read one report file. Raises ParseError (naming the file) for anything unreadable."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise ParseError(f"无法读取文件：{err.strerror or err}", line=0, source=str(p)) from None
    return parse_text(decode(data, source=str(p)), source=str(p))
