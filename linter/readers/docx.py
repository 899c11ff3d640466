"""Word drafts (.docx) as report text, read with python-docx.

Editors check drafts before publication, so a draft is read like a web page: each paragraph is a line,
each table row one ``a | b | c`` line (a cell merged across columns is one cell; the rows a vertically
merged cell continues into do not repeat it, as a web table's rowspan does not). Word has no lines and
columns, so positions are given as places an editor can find: “第12段”, “表3 第5行 第2列”; findings keep the
number of the generated line in machine output.
"""
from __future__ import annotations

import io
import zipfile

from . import PositionMap, Source, SourceError
from .html import EMPTY_CELL


def looks_like_docx(path: str, data: bytes) -> bool:
    if path.lower().endswith(".docx"):
        return True
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def read(path: str, data: bytes) -> Source:
    lines, places = _lines(data)
    return Source(path, "docx", None, tuple(lines), DocxMap(places), tuple(lines))


class DocxMap(PositionMap):
    """Word has no lines: a position is a paragraph or a table cell, as Word shows them."""

    def __init__(self, places: list[list[tuple[int, int, str]]]):
        self.places = places

    def place(self, line: int, column: int) -> str | None:
        if not 0 < line <= len(self.places):
            return None
        offset = column - 1
        chosen = self.places[line - 1][0][2]
        for start, end, name in self.places[line - 1]:
            if start <= offset:
                chosen = name
            if start <= offset < end:
                break
        return chosen


def _lines(data: bytes) -> tuple[list[str], list[list[tuple[int, int, str]]]]:
    """The draft as lines, and for each line the places of its characters: (start, end, place)."""
    try:
        import docx
    except ModuleNotFoundError:
        raise SourceError("读取 Word 文档需要 python-docx：pip install python-docx") from None
    from docx.oxml.ns import qn
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # not a Word document after all: a damaged or foreign zip file
        raise SourceError(f"不是有效的 Word 文档（{type(exc).__name__}）") from None
    lines, places = [], []
    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            for row_number, row in enumerate(block.rows, 1):
                cells, spans, text = [], [], ""
                for column, tc in enumerate(row._tr.tc_lst, 1):
                    if tc.vMerge == "continue":
                        continue
                    cell = "".join(node.text or "" for node in tc.iter(qn("w:t"))).strip()
                    if cells:
                        text += " | "
                    spans.append((len(text), len(text) + max(len(cell), 1), f"表{tables} 第{row_number}行 第{column}列"))
                    text += cell or EMPTY_CELL  # a blank cell stays a cell, also at the end of the row
                    cells.append(cell)
                if any(cells):
                    lines.append(text + " |")
                    places.append(spans)
        else:
            paragraphs += 1
            text = block.text.strip()
            if text:
                lines.append(text)
                places.append([(0, len(text), f"第{paragraphs}段")])
    return lines, places
