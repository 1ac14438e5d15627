"""The DOCX reader (python-docx): paragraphs and tables in document order, to the
text layout the text reader reads. A cell merged across columns is read once; a cell
merged down rows is repeated by python-docx in each row it spans, which the
label-driven text reader tolerates (a label-only row carries no values)."""

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
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise ParseError(
                    "ZIP文件中没有word/document.xml，不是Word文档（.docx）", line=0, source=source
                )
        document = docx.Document(io.BytesIO(data))
    except ParseError:
        raise
    except Exception as err:  # python-docx and zipfile raise many kinds for a damaged file
        raise ParseError(
            f"无法读取DOCX文件（{type(err).__name__}）", line=0, source=source
        ) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _clean(Paragraph(child, document).text)
            if text:
                lines.append(text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    key = id(cell._tc)
                    if key in seen:
                        continue  # the same cell again: merged across columns
                    seen.add(key)
                    cells.append(_clean(cell.text))
                if (
                    any(cells) or len(cells) > 1
                ):  # a row of empty cells is still a row (a blank form)
                    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def parse_docx(data: bytes, *, source: str = "<docx>") -> AnnualReport:
    return parse_text(docx_to_text(data, source=source), source=source)
