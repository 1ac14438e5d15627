"""The DOCX reader: paragraphs and tables in document order, to the text layout the
text reader reads. A cell merged across columns is read once; a cell merged down rows
is read in its first row (its continuation cells are empty).

Only ``word/document.xml`` is parsed (lxml, with python-docx's parser settings),
without loading the rest of the package (styles, numbering, themes). The text of a
paragraph is python-docx's ``Paragraph.text`` (``CT_P.text``, ``CT_R.text``): its runs
and the runs of its hyperlinks, where ``<w:tab/>`` and ``<w:ptab/>`` are a tab,
``<w:br/>`` (a line break, not a page or column break) and ``<w:cr/>`` a newline and
``<w:noBreakHyphen/>`` a hyphen. It is computed here by walking the children
directly: python-docx evaluates an XPath expression per paragraph and per run, which
was most of the time of reading a document (a test holds the two to the same text).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from gongkai.core.errors import LimitError, ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse.html import check_resource_limits, check_tags
from gongkai.core.report.parse.limits import (
    E_ZIP_DECLARED,
    E_ZIP_INFLATED,
    E_ZIP_MEMBERS,
    E_ZIP_MISMATCH,
    MAX_DOCX_XML_BYTES,
    MAX_ZIP_MEMBERS,
    READ_CHUNK_BYTES,
    size,
)
from gongkai.core.report.parse.text import parse_text

__all__ = ["docx_to_text", "paragraph_text", "parse_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _P, _TBL, _TR, _TC = (f"{_W}{t}" for t in ("body", "p", "tbl", "tr", "tc"))
_R, _HYPERLINK, _T, _BR, _BR_TYPE = (f"{_W}{t}" for t in ("r", "hyperlink", "t", "br", "type"))
#: Run content that stands for one character (``<w:br/>`` depends on its type).
_CHARACTERS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")


def _clean(text: str) -> str:
    if text.isalnum():  # most cells: a number or a word, nothing to collapse or replace
        return text
    return _SPACES.sub(" ", text).strip().replace("|", "｜")


def _run_text(run: Any) -> str:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _BR:
            if child.get(_BR_TYPE, "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
    return "".join(parts)


def paragraph_text(p: Any) -> str:
    """The text of a ``<w:p>`` element, as python-docx's ``Paragraph.text`` gives it."""
    parts: list[str] = []
    for child in p:
        tag = child.tag
        if tag == _R:
            parts.append(_run_text(child))
        elif tag == _HYPERLINK:
            parts.extend(_run_text(run) for run in child if run.tag == _R)
    return "".join(parts)


_DOCUMENT = "word/document.xml"
#: The signature of a ZIP central-directory entry.
_CENTRAL_ENTRY = b"PK\x01\x02"


def _document_xml(data: bytes, *, source: str) -> bytes:
    """``word/document.xml`` of a DOCX package, inflated within the caps: the package's
    entries counted before zipfile parses its directory, the member's declared size
    checked before inflating, and the inflating stopped past the cap whatever was
    declared (a ZIP bomb is refused without being inflated, or as soon as it passes the
    cap)."""
    # At least the entries (a few stray matches at most); a package too small to hold
    # more entries than the cap (46 bytes of directory each) is not searched.
    members = data.count(_CENTRAL_ENTRY) if len(data) > 46 * MAX_ZIP_MEMBERS else 0
    if members > MAX_ZIP_MEMBERS:
        raise LimitError(
            E_ZIP_MEMBERS.format(count=f"{members:,}", cap=f"{MAX_ZIP_MEMBERS:,}"),
            limit="MAX_ZIP_MEMBERS",
            source=source,
        )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            info = z.getinfo(_DOCUMENT)
        except KeyError:
            raise ParseError(
                "ZIP文件中没有word/document.xml，不是Word文档（.docx）", line=0, source=source
            ) from None
        if info.file_size > MAX_DOCX_XML_BYTES:
            raise LimitError(
                E_ZIP_DECLARED.format(
                    name=_DOCUMENT, size=size(info.file_size), cap=size(MAX_DOCX_XML_BYTES)
                ),
                limit="MAX_DOCX_XML_BYTES",
                source=source,
            )
        chunks: list[bytes] = []
        inflated = 0
        with z.open(info) as member:
            while chunk := member.read(READ_CHUNK_BYTES):
                inflated += len(chunk)
                if inflated > MAX_DOCX_XML_BYTES:
                    raise LimitError(
                        E_ZIP_INFLATED.format(name=_DOCUMENT, cap=size(MAX_DOCX_XML_BYTES)),
                        limit="MAX_DOCX_XML_BYTES",
                        source=source,
                    )
                chunks.append(chunk)
    return b"".join(chunks)


def docx_to_text(data: bytes, *, source: str = "<docx>") -> str:
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        xml = _document_xml(data, source=source)
        check_tags(xml, "DOCX文档")
        document = etree.fromstring(xml, parser)
    except ParseError as err:
        raise err if err.source else err.located(source) from None
    except etree.XMLSyntaxError:
        try:
            # The parser's own log: the exception's is the thread's, which keeps the
            # errors of earlier parses (a page nested too deep read before this file).
            check_resource_limits(parser.error_log, "DOCX文档")
        except LimitError as limit:
            raise limit.located(source) from None
        raise ParseError("无法读取DOCX文件（XMLSyntaxError）", line=0, source=source) from None
    except zipfile.BadZipFile as err:
        if "CRC" not in str(err):
            raise ParseError("无法读取DOCX文件（BadZipFile）", line=0, source=source) from None
        # zipfile inflates no further than the size declared: a member inflating further
        # (a bomb declaring less) ends there, with the checksum of a part of it.
        raise ParseError(E_ZIP_MISMATCH.format(name=_DOCUMENT), line=0, source=source) from None
    except MemoryError:
        raise
    except Exception as err:  # zipfile and lxml raise many kinds for a damaged file
        raise ParseError(
            f"无法读取DOCX文件（{type(err).__name__}）", line=0, source=source
        ) from None
    body = document.find(_BODY)
    if body is None:
        raise ParseError("DOCX文件中没有正文（w:body），不是Word文档", line=0, source=source)
    lines: list[str] = []
    for child in body:
        if child.tag == _P:
            text = _clean(paragraph_text(child))
            if text:
                lines.append(text)
        elif child.tag == _TBL:
            for tr in child.iterchildren(_TR):
                # Each <w:tc> once: a cell merged across columns is one <w:tc> with a
                # gridSpan; one merged down rows repeats as an empty continuation cell,
                # which the text reader takes for the label column it stands in.
                cells = [
                    _clean(" ".join(paragraph_text(p) for p in tc.iter(_P)))
                    for tc in tr.iterchildren(_TC)
                ]
                if (
                    any(cells) or len(cells) > 1
                ):  # a row of empty cells is still a row (a blank form)
                    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def parse_docx(data: bytes, *, source: str = "<docx>") -> AnnualReport:
    return parse_text(docx_to_text(data, source=source), source=source)
