"""Reading a report file: what kind of input it is (from its bytes, not its name),
its text encoding, and the reader for it."""

from __future__ import annotations

import os
import re
import stat
from enum import StrEnum
from pathlib import Path

from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse.html import check_tags, html_to_text, sniff_html_encoding
from gongkai.core.report.parse.legacy_word import convert_legacy_word
from gongkai.core.report.parse.limits import (
    E_FILE_TOO_LARGE,
    E_MEMORY,
    E_NOT_REGULAR,
    E_PIPE_TOO_LARGE,
    E_TEXT_FILE_TOO_LONG,
    MAX_FILE_BYTES,
    MAX_TEXT_CHARS,
    READ_CHUNK_BYTES,
    size,
)
from gongkai.core.report.parse.text import parse_text

__all__ = [
    "InputKind",
    "decode",
    "detect_kind",
    "read_file",
    "read_report",
    "read_report_bytes",
]

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


#: No character takes more than this many bytes in UTF-8 or GB18030: a text file longer
#: than this many times MAX_TEXT_CHARS is refused before it is decoded.
_MAX_BYTES_PER_CHAR = 4


def read_report_bytes(data: bytes, *, source: str) -> AnnualReport:
    """Read one report from its bytes, whatever its kind. Raises ParseError naming the
    source (:class:`LimitError` past one of the caps of ``limits``), also when memory
    runs out."""
    try:
        return _read_report_bytes(data, source=source)
    except MemoryError:
        raise ParseError(E_MEMORY, line=0, source=source) from None


def _read_report_bytes(data: bytes, *, source: str) -> AnnualReport:
    kind = detect_kind(data)
    if kind is InputKind.HTML:
        try:
            check_tags(data, "HTML页面")  # before decoding, too: the tree costs most
            text = decode(data, source=source, declared=sniff_html_encoding(data))
            return parse_text(html_to_text(text), source=source)
        except ParseError as err:
            raise err.located(source) from None
    if kind is InputKind.DOCX:
        from gongkai.core.report.parse.docx import parse_docx

        return parse_docx(data, source=source)
    if kind is InputKind.PDF:
        from gongkai.core.report.parse.pdf import parse_pdf

        return parse_pdf(data, source=source)
    if kind is InputKind.LEGACY_WORD:
        from gongkai.core.report.parse.docx import parse_docx

        return parse_docx(convert_legacy_word(data, source=source), source=source)
    if len(data) > _MAX_BYTES_PER_CHAR * MAX_TEXT_CHARS:
        raise LimitError(
            E_TEXT_FILE_TOO_LONG.format(size=size(len(data)), cap=f"{MAX_TEXT_CHARS:,}"),
            limit="MAX_TEXT_CHARS",
            source=source,
        )
    return parse_text(decode(data, source=source), source=source)


def read_report(path: str | Path) -> AnnualReport:
    """Read one report file. Raises ParseError (naming the file) for anything unreadable."""
    p = Path(path)
    try:
        data = read_file(p)
    except MemoryError:
        raise ParseError(E_MEMORY, line=0, source=str(p)) from None
    return read_report_bytes(data, source=str(p))


_SPECIAL = (
    (stat.S_ISDIR, "目录"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字"),
)


def _refuse_special(mode: int, source: str) -> None:
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return
    what = next((name for test, name in _SPECIAL if test(mode)), "特殊文件")
    raise ParseError(E_NOT_REGULAR.format(what=what), line=0, source=source)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows, which has no named pipes to wait on


def read_file(path: str | Path) -> bytes:
    """The bytes of a file, read in chunks and never more than :data:`MAX_FILE_BYTES`.

    A regular file over the cap is refused from its size, before anything is read; a
    pipe (``/dev/stdin`` in ``… | gongkai audit /dev/stdin``, a named pipe) once more
    than the cap has come down it. Devices (``/dev/zero``, a terminal), directories and
    sockets are refused without being read (a device is not even opened). Raises
    ParseError naming the file.
    """
    source = str(path)
    try:
        _refuse_special(os.stat(path).st_mode, source)
        # O_NONBLOCK: opening a named pipe no one writes to does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise ParseError(f"无法读取文件：{err.strerror or err}", line=0, source=source) from None
    with os.fdopen(fd, "rb", buffering=0) as f:
        try:
            st = os.fstat(fd)
            _refuse_special(st.st_mode, source)  # what was opened, if it changed since
            regular = stat.S_ISREG(st.st_mode)
            if regular and st.st_size > MAX_FILE_BYTES:
                raise _too_large(st.st_size, source)
            if _NONBLOCK:
                os.set_blocking(fd, True)
            # A regular file in one read (its size, and one byte more to see its end);
            # a pipe, or a file that grows while it is read, a chunk at a time.
            want = st.st_size + 1 if regular else READ_CHUNK_BYTES
            chunks: list[bytes] = []
            total = 0
            while chunk := f.read(min(want, MAX_FILE_BYTES + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > MAX_FILE_BYTES:
                    raise _too_large(None if not regular else total, source)
                want = READ_CHUNK_BYTES
        except OSError as err:
            raise ParseError(
                f"无法读取文件：{err.strerror or err}", line=0, source=source
            ) from None
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(n: int | None, source: str) -> LimitError:
    message = (
        E_PIPE_TOO_LARGE.format(cap=size(MAX_FILE_BYTES))
        if n is None
        else E_FILE_TOO_LARGE.format(size=size(n), cap=size(MAX_FILE_BYTES))
    )
    return LimitError(message, limit="MAX_FILE_BYTES", source=source)
