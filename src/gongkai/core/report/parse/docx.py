"""The DOCX reader (python-docx): paragraphs and tables in document order, to the
text layout the text reader reads. A cell merged across columns is read once; a cell
merged down rows is read in its first row (its continuation cells are empty)."""

from __future__ import annotations

import io
import re
import zipfile

from gongkai.core.errors import ParseError
from gongkai.core.report.model import AnnualReport
from gongkai.core.report.parse.text import parse_text

__all__ = ["docx_to_text", "parse_docx"]


def _clean(text: str) -> str:
    return re.sub(r"[ \t\r\n\f\v\u00a0\u3000]+", " ", text).strip().replace("|", "｜")


def docx_to_text(data: bytes, *, source: str = "<docx>") -> str:
    """Only ``word/document.xml`` is parsed, with python-docx's element classes (its table
    grid and merged-cell logic), without loading the rest of the package (styles,
    numbering, themes), which is most of the time of ``docx.Document``."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    P = qn("w:p")

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise ParseError(
                    "ZIP文件中没有word/document.xml，不是Word文档（.docx）", line=0, source=source
                )
            xml = z.read("word/document.xml")
        document = parse_xml(xml)
        body = document.body
    except ParseError:
        raise
    except Exception as err:  # zipfile and lxml raise many kinds for a damaged file
        raise ParseError(
            f"无法读取DOCX文件（{type(err).__name__}）", line=0, source=source
        ) from None
    if body is None:  # a document.xml with no <w:body> (or not WordprocessingML at all)
        raise ParseError("DOCX文件的word/document.xml中没有正文（w:body）", line=0, source=source)
    lines: list[str] = []
    TBL = qn("w:tbl")
    for child in body.iterchildren():
        # By qualified name: a <p> or <tbl> of another namespace is no Word element class.
        tag = child.tag
        if tag == P:
            text = _clean(Paragraph(child, None).text)  # type: ignore[arg-type]
            if text:
                lines.append(text)
        elif tag == TBL:
            for tr in child.tr_lst:
                # Each <w:tc> once: a cell merged across columns is one <w:tc> with a
                # gridSpan; one merged down rows repeats as an empty continuation cell,
                # which the text reader takes for the label column it stands in.
                cells = [_clean(" ".join(p.text for p in tc.iter(P))) for tc in tr.tc_lst]
                if (
                    any(cells) or len(cells) > 1
                ):  # a row of empty cells is still a row (a blank form)
                    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def parse_docx(data: bytes, *, source: str = "<docx>") -> AnnualReport:
    return parse_text(docx_to_text(data, source=source), source=source)
