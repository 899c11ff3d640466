"""Readers: each form a report arrives in, as the lines the lexer reads and a map back to the user's file.

One reader per form (``text`` for text and Markdown, ``html`` for saved pages, ``docx`` for Word drafts,
``pdf`` for published PDFs; old ``.doc``/``.wps`` files are refused with a request for ``.docx`` or PDF),
one interface: ``read(path, data)`` gives a ``Source`` whose ``lines`` the pipeline reads and whose ``map``
says where a position in those lines is in the file. The engine asks the map once per finding; every
output format then reads the place from the finding. A new form is a new module here and one entry in
``_FORMS``.
"""
from __future__ import annotations

from typing import NamedTuple

#: Files larger than this are refused with a finding instead of being read into memory.
MAX_BYTES = 20 * 1024 * 1024
#: The most tokens (cells and lines) a file may have. A report has a few hundred; a city's reports bound
#: into one file some tens of thousands. More is no report (a data dump, a generated file), and refusing it
#: keeps every accepted file within seconds and a few hundred MB (docs/performance.md, limits).
MAX_TOKENS = 100_000


class SourceError(Exception):
    """The bytes are not a readable report; ``line`` is where the problem starts (1-based) or None."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


def too_many(line: int | None) -> SourceError:
    """The error for a file of more than MAX_TOKENS cells and lines, found at ``line``."""
    return SourceError(f"文件有超过 {MAX_TOKENS} 个单元格和行，不是一份年度报告的规模，未检查", line, 1)


class PositionMap:
    """Positions in a reader's lines as places in the user's file. This base is the identity: the lines are
    the file's own (text files)."""

    def position(self, line: int, column: int) -> tuple[int, int]:
        """The (line, column) in the file, 1-based, of a position in the lines."""
        return line, column

    def place(self, line: int, column: int) -> str | None:
        """Where an editor finds the position in a file that has no lines (“表3 第5行 第2列”), or None."""
        return None

    def page(self, line: int, column: int = 1) -> int | None:
        """The page a position stands on, for forms that have pages."""
        return None

    def locate(self, finding, report):
        """The finding with its place in the file: positions, the lines of the cells it cites, and where it
        is for forms without lines. A span never ends before it starts."""
        if finding.file_level:
            return finding
        line, column = self.position(finding.line, finding.column)
        end_line, end_column = self.position(finding.end_line, max(finding.end_column - 1, 1))
        end_column += 1
        if (end_line, end_column) < (line, column + 1):
            end_line, end_column = line, column + 1

        def cell(ref):
            piece = report.cells[ref.id].piece if ref.id in report.cells else None
            return ref._replace(line=self.position(piece.line, piece.column)[0]) if piece else ref

        return finding._replace(line=line, column=column, end_line=end_line, end_column=end_column,
                                cells=tuple(cell(c) for c in finding.cells),
                                place=self.place(finding.line, finding.column),
                                page=self.page(finding.line, finding.column))


class TextMap(PositionMap):
    """A text file: its lines are its own, nothing to map."""

    def locate(self, finding, report):
        return finding


#: the forms whose lines are the file's own (positions are line:column in it; fixes can be made in it), unlike a
#: Word draft's or a PDF's lines, which disclint makes from them
OWN_LINES = ("text", "html")


class Doubt(NamedTuple):
    """A figure a reader is not sure it read right (OCR): where it is in the reader's lines (``line`` 1-based,
    ``start``/``end`` 0-based offsets), as read, its page, and the recogniser's confidence (None: not found
    among what was recognised, as when the reader joined it from several pieces)."""

    line: int
    start: int
    end: int
    text: str
    page: int | None
    confidence: float | None


class Reading(NamedTuple):
    """How a reader that recognises text read some of its lines: ``by`` (``ocr``), the lines it recognised
    (1-based), and the figures on them it is not sure of. The engine marks every finding on these lines and
    turns an error that rests on a doubtful figure into a warning naming it (engine.trusted)."""

    by: str
    lines: frozenset[int]
    doubts: tuple[Doubt, ...] = ()

    def doubtful(self, line: int, start: int, end: int) -> list[Doubt]:
        """The doubtful figures within ``line`` between offsets ``start`` and ``end`` (0-based)."""
        return [d for d in self.doubts if d.line == line and d.start < end and start < d.end]


class Source(NamedTuple):
    """A report as read: its lines, the map back to the file, and the lines to show findings in."""

    path: str
    kind: str                   # "text", "html", "docx" or "pdf"
    encoding: str | None        # of a text or HTML file
    lines: tuple[str, ...]      # what the lexer reads
    map: PositionMap
    shown: tuple[str, ...]      # lines to quote a finding's place from: the file's own lines where it has them
    gaps: tuple[int, ...] = ()  # pages that could not be read (no text layer): what is on them is unknown
    reading: Reading | None = None  # lines recognised from images (OCR), and the figures read with doubt


def read(path: str, data: bytes) -> Source:
    """The report in ``data`` (named ``path``), read by the reader of its form; raises SourceError."""
    if len(data) > MAX_BYTES:
        raise SourceError(f"文件过大（{len(data) / 1048576:.1f} MB），超过 {MAX_BYTES // 1048576} MB 上限，未检查")
    for accepts, module in _FORMS:
        if accepts(path, data):
            if module is None:
                return _old_office(path, data)
            reader = __import__(f"{__name__}.{module}", fromlist=["read"])  # imported only for its form
            return reader.read(path, data)
    raise AssertionError("the text reader accepts everything")


def _is_docx(path: str, data: bytes) -> bool:
    if not (data.startswith(b"PK\x03\x04") or path.lower().endswith(".docx")):
        return False  # decided without importing the Word reader
    from .docx import looks_like_docx

    return looks_like_docx(path, data)


def _is_pdf(path: str, data: bytes) -> bool:
    return data.lstrip()[:5] == b"%PDF-" or path.lower().endswith(".pdf")


def _is_old_office(path: str, data: bytes) -> bool:
    return data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or path.lower().endswith((".doc", ".wps", ".et"))


def _old_office(path: str, data: bytes) -> Source:
    raise SourceError("这是旧版 Word/WPS 文件（.doc/.wps），无法直接读取：请另存为 .docx 或导出 PDF 后再检查")


def _is_html(path: str, data: bytes) -> bool:
    from .text import looks_like_html

    return looks_like_html(path, data)


#: (does this reader take the file, its module), tried in order; text takes whatever is left.
_FORMS = ((_is_pdf, "pdf"), (_is_docx, "docx"), (_is_old_office, None), (_is_html, "html"),
          (lambda path, data: True, "text"))
